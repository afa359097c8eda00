#include "inventory/supplier.hpp"
#include "inventory/net.hpp"

#include <cctype>
#include <chrono>
#include <fstream>
#include <iterator>
#include <memory>
#include <sstream>
#include <stdexcept>
#include <system_error>
#include <thread>

#include <netdb.h>
#include <sys/socket.h>

namespace inventory {

rt::task<std::string> supplier_client::auth_token() {
  // MISTAKE: opens and reads the token file on the loop thread, on every call.
  std::ifstream in(m_cfg.supplier_token_file); // asyncguard: blocking-io
  std::string token{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
  while (!token.empty() && std::isspace(static_cast<unsigned char>(token.back())))
    token.pop_back();
  if (token.empty())
    throw std::runtime_error("no supplier token in '" + m_cfg.supplier_token_file + "'");
  co_return token;
}

rt::task<long> supplier_client::fetch_once(const std::string &sku, rt::cancel_token stop) {
  ::addrinfo hints{};
  hints.ai_family = AF_INET;
  hints.ai_socktype = SOCK_STREAM;
  ::addrinfo *found = nullptr;
  const std::string port = std::to_string(m_cfg.supplier_port);
  // MISTAKE: DNS on the loop thread. Instant for "127.0.0.1", seconds when the
  // supplier is a host name and the resolver is slow.
  int rc = ::getaddrinfo(m_cfg.supplier_host.c_str(), port.c_str(), &hints, &found); // asyncguard: blocking-network
  if (rc != 0)
    throw std::runtime_error("cannot resolve supplier '" + m_cfg.supplier_host +
                             "': " + ::gai_strerror(rc));
  std::unique_ptr<::addrinfo, void (*)(::addrinfo *)> addresses(found, &::freeaddrinfo);

  // The connect, write and read are done right: loop awaitables, aborted by `stop`.
  rt::socket conn = rt::socket::tcp_v4();
  co_await rt::async_connect(conn, addresses->ai_addr,
                             static_cast<unsigned>(addresses->ai_addrlen), stop);
  std::string token = co_await auth_token();
  std::string request = "AUTH " + token + " PRICE " + sku + "\n";
  co_await rt::async_write(conn, request.data(), request.size(), stop);
  std::string buffer, line;
  if (!co_await read_line(conn, buffer, line, stop))
    throw std::runtime_error("supplier closed the connection");
  if (line.rfind("ERR", 0) == 0)
    throw std::runtime_error("supplier: " + line);
  co_return std::stol(line);
}

rt::task<long> supplier_client::fetch_price(std::string sku, rt::cancel_token stop) {
  auto backoff = std::chrono::milliseconds(20);
  for (int attempt = 1;; ++attempt) {
    try {
      m_metrics.supplier_calls.fetch_add(1, std::memory_order_relaxed);
      co_return co_await fetch_once(sku, stop);
    } catch (const std::system_error &e) { // network trouble: retry (not when cancelled)
      if (attempt >= m_cfg.supplier_retries || stop.cancel_requested())
        throw;
      m_metrics.log("supplier attempt " + std::to_string(attempt) + " failed: " + e.what());
    }
    // MISTAKE: the retry loop was copied from synchronous code; the whole loop
    // thread (every other connection) sleeps through the backoff.
    std::this_thread::sleep_for(backoff); // asyncguard: blocking-sleep
    backoff *= 2;
  }
}

namespace {

long stub_price(const std::string &sku) {
  if (sku == "sku-1")
    return 1299;
  if (sku == "sku-2")
    return 450;
  if (sku == "sku-3")
    return 9900;
  return -1;
}

rt::task<void> serve_stub_connection(rt::socket conn, std::string expected_token) {
  std::string buffer, line;
  try {
    while (co_await read_line(conn, buffer, line)) {
      std::istringstream request(line); // parsing a string: no I/O
      std::string auth, token, verb, sku;
      request >> auth >> token >> verb >> sku;
      std::string reply;
      if (auth != "AUTH" || token != expected_token) {
        reply = "ERR unauthorized\n";
      } else if (verb != "PRICE") {
        reply = "ERR unknown verb\n";
      } else {
        // The right way to call something slow (here: a simulated database
        // lookup): it blocks a pool thread, and the loop keeps serving.
        long cents = co_await rt::offload([&] {
          std::this_thread::sleep_for(std::chrono::milliseconds(1));
          return stub_price(sku);
        });
        reply = cents < 0 ? "ERR unknown sku\n" : std::to_string(cents) + "\n";
      }
      co_await rt::async_write(conn, reply.data(), reply.size());
    }
  } catch (const std::system_error &) {
    // The client went away mid-request: nothing to answer.
  }
}

} // namespace

rt::task<void> run_stub_supplier(rt::socket &listener, std::string expected_token,
                                 rt::cancel_token stop) {
  for (;;) {
    rt::socket conn;
    try {
      conn = co_await rt::async_accept(listener, stop);
    } catch (const std::system_error &) {
      co_return; // cancelled: shutting down
    }
    rt::event_loop::current()->spawn(serve_stub_connection(std::move(conn), expected_token));
  }
}

} // namespace inventory
