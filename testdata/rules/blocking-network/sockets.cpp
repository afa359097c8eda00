// Covers: POSIX sockets, name resolution and readiness waits in coroutines; argument-aware silence for MSG_DONTWAIT and zero timeouts; user types with send/connect/read.
#include <fixture/task.h>

#include <netdb.h>
#include <poll.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

namespace net {
struct connection {
  bool connect(const char *) { return true; }
  long send(const char *, long n) { return n; }
  long read() { return 0; }
};
inline int connect(connection &c, const char *host) { return c.connect(host) ? 0 : -1; }
} // namespace net

fixture::task<long> echo_once(int fd) {
  char buf[512];
  long n = recv(fd, buf, sizeof buf, 0); // WARN: blocking-network
  send(fd, buf, static_cast<size_t>(n), 0); // WARN: blocking-network
  ::recv(fd, buf, sizeof buf, MSG_DONTWAIT); // OK: MSG_DONTWAIT never waits
  ::send(fd, buf, 1, MSG_DONTWAIT | MSG_NOSIGNAL); // OK: MSG_DONTWAIT never waits
  sockaddr_storage from{};
  socklen_t len = sizeof from;
  recvfrom(fd, buf, sizeof buf, 0, reinterpret_cast<sockaddr *>(&from), &len); // WARN: blocking-network
  co_return n;
}

fixture::task<int> dial(const char *host) {
  addrinfo *res = nullptr;
  getaddrinfo(host, "80", nullptr, &res); // WARN: blocking-network
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  ::connect(fd, res->ai_addr, res->ai_addrlen); // WARN: blocking-network
  freeaddrinfo(res);
  co_return fd;
}

fixture::task<int> serve(int listen_fd) {
  int client = ::accept(listen_fd, nullptr, nullptr); // WARN: blocking-network
  int other = accept4(listen_fd, nullptr, nullptr, SOCK_NONBLOCK); // WARN: blocking-network
  co_return client + other;
}

fixture::task<int> readiness(int fd, int epfd) {
  pollfd fds[1] = {{fd, POLLIN, 0}};
  int ready = poll(fds, 1, 0); // OK: zero timeout only checks
  ready += poll(fds, 1, 1000); // WARN: blocking-network
  epoll_event events[8];
  ready += epoll_wait(epfd, events, 8, 0); // OK: zero timeout only checks
  ready += epoll_wait(epfd, events, 8, -1); // WARN: blocking-network
  co_return ready;
}

fixture::task<long> user_network_types(net::connection &c) {
  c.connect("example.org"); // OK: member of a user type
  net::connect(c, "example.org"); // OK: net::connect is not ::connect
  long n = c.send("x", 1); // OK: member of a user type
  n += c.read(); // OK: member of a user type
  co_return n;
}

int main() {
  char buf[4];
  return static_cast<int>(recv(0, buf, sizeof buf, 0)); // OK: main is not a coroutine
}
