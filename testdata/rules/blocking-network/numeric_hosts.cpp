// Covers: resolvers given a numeric literal address (issue 19, item 8): getaddrinfo("127.0.0.1"), "::1", AI_NUMERICHOST in the hints, getnameinfo with NI_NUMERICHOST, gethostbyname("10.0.0.1") and asio's resolver with a numeric host do no DNS lookup; host names, and hints without AI_NUMERICHOST, stay findings.
// ARGS: -DASIO_HAS_CO_AWAIT -DASIO_HAS_STD_COROUTINE
#include <asio.hpp>
#include <fixture/task.h>

#include <netdb.h>
#include <sys/socket.h>

fixture::task<int> resolve_numeric(const char *user_host) {
  addrinfo *res = nullptr;
  ::getaddrinfo("127.0.0.1", "8080", nullptr, &res); // OK: a numeric IPv4 address, parsed locally
  ::getaddrinfo("::1", "8080", nullptr, &res); // OK: a numeric IPv6 address, parsed locally
  const char *any = "0.0.0.0";
  ::getaddrinfo(any, "80", nullptr, &res); // OK: a local initialized with a numeric address
  addrinfo hints{};
  hints.ai_flags = AI_NUMERICHOST | AI_NUMERICSERV;
  ::getaddrinfo(user_host, "443", &hints, &res); // OK: AI_NUMERICHOST forbids a DNS lookup
  ::gethostbyname("10.0.0.1"); // OK: a numeric address, parsed locally
  char host[64];
  ::getnameinfo(res->ai_addr, res->ai_addrlen, host, sizeof host, nullptr, 0, NI_NUMERICHOST); // OK: NI_NUMERICHOST prints the address
  co_return 0;
}

fixture::task<int> resolve_names(const char *user_host) {
  addrinfo *res = nullptr;
  ::getaddrinfo("example.com", "80", nullptr, &res); // WARN: blocking-network
  addrinfo hints{};
  hints.ai_flags = AI_PASSIVE;
  ::getaddrinfo(user_host, "443", &hints, &res); // WARN: blocking-network
  ::gethostbyname("localhost"); // WARN: blocking-network
  char host[64];
  ::getnameinfo(res->ai_addr, res->ai_addrlen, host, sizeof host, nullptr, 0, 0); // WARN: blocking-network
  co_return 0;
}

asio::awaitable<void> asio_resolver(asio::ip::tcp::resolver &r) {
  r.resolve("127.0.0.1", "8080"); // OK: a numeric address, parsed locally
  r.resolve("db.internal", "5432"); // WARN: blocking-network
  co_return;
}
