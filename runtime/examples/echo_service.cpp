// A small HTTP-ish echo service on asyncguard::rt.
//
//   asyncguard_rt_echo_service [--port N]    serve until SIGINT/SIGTERM
//   asyncguard_rt_echo_service --self-test   serve on a free port, run clients
//                                            against it, shut down, exit 0/1
//
// Each request does one blocking call (a simulated slow lookup) through
// offload, so the loop keeps serving other connections meanwhile; access logs
// go to a background_queue so that a slow stderr never stalls the loop.
#include <asyncguard/rt.hpp>

#include <csignal>
#include <cstdio>
#include <cstring>
#include <string>
#include <string_view>
#include <thread>

namespace rt = asyncguard::rt;
using namespace std::chrono_literals;

namespace {

struct service {
  rt::background_queue logs{1024};
  std::atomic<long> served{0};

  void log(std::string line) {
    // Never blocks: if stderr cannot keep up, lines are dropped and counted.
    (void)logs.try_push([l = std::move(line)] { std::fprintf(stderr, "%s\n", l.c_str()); });
  }
};

// The blocking call this service needs (think: a sync database client).
std::string slow_lookup(std::string_view key) {
  std::this_thread::sleep_for(2ms);
  return "value-of-" + std::string(key);
}

// Reads one request head; returns false at end of stream.
rt::task<bool> read_request(rt::socket &conn, std::string &buffer, std::string &head) {
  char chunk[2048];
  for (;;) {
    std::size_t end = buffer.find("\r\n\r\n");
    if (end != std::string::npos) {
      head = buffer.substr(0, end);
      buffer.erase(0, end + 4);
      co_return true;
    }
    if (buffer.size() > 64 * 1024)
      co_return false; // too large: drop the connection
    std::size_t n = co_await rt::async_read(conn, chunk, sizeof chunk);
    if (n == 0)
      co_return false;
    buffer.append(chunk, n);
  }
}

rt::task<void> handle_connection(service &svc, rt::socket conn) {
  std::string buffer, head;
  try {
    while (co_await read_request(conn, buffer, head)) {
      // "GET /echo/<text> HTTP/1.1"
      std::string_view line(head);
      line = line.substr(0, line.find("\r\n"));
      std::size_t sp1 = line.find(' ');
      std::size_t sp2 = line.rfind(' ');
      std::string path(sp1 == std::string_view::npos || sp2 <= sp1
                           ? std::string_view("/")
                           : line.substr(sp1 + 1, sp2 - sp1 - 1));
      std::string body;
      int status = 200;
      if (path.rfind("/echo/", 0) == 0) {
        std::string key = path.substr(6);
        // The fix the analyzer suggests for a blocking call in a coroutine:
        std::string value = co_await rt::offload([&] { return slow_lookup(key); });
        body = key + " " + value + "\n";
      } else {
        status = 404;
        body = "not found\n";
      }
      std::string response = "HTTP/1.1 " + std::to_string(status) +
                             (status == 200 ? " OK" : " Not Found") +
                             "\r\nContent-Length: " + std::to_string(body.size()) +
                             "\r\nConnection: keep-alive\r\n\r\n" + body;
      co_await rt::async_write(conn, response.data(), response.size());
      svc.served.fetch_add(1);
      svc.log(std::to_string(status) + " " + path);
    }
  } catch (const std::exception &e) {
    svc.log(std::string("connection error: ") + e.what());
  }
}

rt::task<void> accept_loop(service &svc, rt::socket &listener, rt::cancel_token stop) {
  for (;;) {
    rt::socket conn;
    try {
      conn = co_await rt::async_accept(listener, stop);
    } catch (const std::system_error &e) {
      if (e.code() == std::errc::operation_canceled)
        co_return; // shutting down
      svc.log(std::string("accept failed: ") + e.what());
      continue;
    }
    conn.set_no_delay(true);
    rt::event_loop::current()->spawn(handle_connection(svc, std::move(conn)));
  }
}

// Self-test client: a few keep-alive requests, checks each answer.
rt::task<bool> client(std::uint16_t port, int id, int requests) {
  rt::socket s = rt::socket::tcp_v4();
  co_await rt::async_connect(s, "127.0.0.1", port);
  std::string buffer, head;
  for (int i = 0; i < requests; ++i) {
    std::string key = "c" + std::to_string(id) + "r" + std::to_string(i);
    std::string req = "GET /echo/" + key + " HTTP/1.1\r\nHost: x\r\n\r\n";
    co_await rt::async_write(s, req.data(), req.size());
    if (!co_await read_request(s, buffer, head))
      co_return false;
    std::size_t cl = head.find("Content-Length: ");
    if (head.rfind("HTTP/1.1 200", 0) != 0 || cl == std::string::npos)
      co_return false;
    std::size_t len = std::stoul(head.substr(cl + 16));
    char chunk[1024];
    while (buffer.size() < len) {
      std::size_t n = co_await rt::async_read(s, chunk, sizeof chunk);
      if (n == 0)
        co_return false;
      buffer.append(chunk, n);
    }
    std::string body = buffer.substr(0, len);
    buffer.erase(0, len);
    if (body != key + " value-of-" + key + "\n")
      co_return false;
  }
  co_return true;
}

int run(bool self_test, std::uint16_t port) {
  service svc;
  rt::socket listener = rt::socket::listen_tcp_v4("127.0.0.1", self_test ? 0 : port);
  rt::cancel_source stop_accepting;
  // Stalls longer than 50 ms are logged: the runtime twin of the analyzer.
  rt::loop_options options;
  options.stall = rt::stall_detector{50ms, [&svc](std::chrono::nanoseconds d) {
                                       svc.log("loop stalled for " +
                                               std::to_string(d.count() / 1000000) + " ms");
                                     }};
  rt::event_loop loop(options);
  loop.spawn(accept_loop(svc, listener, stop_accepting.token()));
  const std::uint16_t bound = listener.local_port();
  svc.log("listening on 127.0.0.1:" + std::to_string(bound));

  bool ok = true;
  std::thread signal_waiter;
  if (self_test) {
    const int clients = 8, requests = 10;
    int finished = 0, good = 0; // touched on the loop thread only
    auto one_client = [&](int id) -> rt::task<void> {
      bool passed = false;
      try {
        passed = co_await client(bound, id, requests);
      } catch (const std::exception &e) {
        svc.log(std::string("client failed: ") + e.what());
      }
      good += passed ? 1 : 0;
      if (++finished == clients)
        stop_accepting.request_cancel(); // accept loop ends; connections drain
    };
    for (int c = 0; c < clients; ++c)
      loop.spawn(one_client(c)); // the clients run concurrently
    loop.run(); // returns once every task has finished
    ok = good == clients && svc.served.load() == clients * requests;
  } else {
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGINT);
    sigaddset(&set, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &set, nullptr);
    signal_waiter = std::thread([&] {
      int sig = 0;
      sigwait(&set, &sig);
      // Stop on the loop thread: cancel the accept loop, then stop the loop.
      loop.post([&] {
        stop_accepting.request_cancel();
        loop.stop();
      });
    });
    std::printf("echo service on http://127.0.0.1:%u/echo/<text> (Ctrl-C stops)\n", bound);
    std::fflush(stdout);
    loop.run();
    signal_waiter.join();
  }
  bool flushed = svc.logs.shutdown(1s);
  auto st = svc.logs.stats();
  std::printf("served %ld requests; logs: %llu written, %llu dropped, %llu discarded%s\n",
              svc.served.load(), static_cast<unsigned long long>(st.processed),
              static_cast<unsigned long long>(st.dropped),
              static_cast<unsigned long long>(st.discarded), flushed ? "" : " (flush timed out)");
  if (self_test)
    std::printf("self-test %s\n", ok ? "passed" : "FAILED");
  return ok ? 0 : 1;
}

} // namespace

int main(int argc, char **argv) {
  bool self_test = false;
  std::uint16_t port = 8080;
  for (int i = 1; i < argc; ++i) {
    std::string_view a = argv[i];
    if (a == "--self-test")
      self_test = true;
    else if (a == "--port" && i + 1 < argc)
      port = static_cast<std::uint16_t>(std::stoi(argv[++i]));
    else {
      std::fprintf(stderr, "usage: %s [--port N] [--self-test]\n", argv[0]);
      return 2;
    }
  }
  try {
    return run(self_test, port);
  } catch (const std::exception &e) {
    std::fprintf(stderr, "echo service: %s\n", e.what());
    return 1;
  }
}
