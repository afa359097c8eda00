#include "asyncguard/rt/block_on.hpp"
#include "asyncguard/rt/cancel.hpp"
#include "asyncguard/rt/sleep.hpp"
#include "asyncguard/rt/socket.hpp"
#include "test_support.hpp"

#include <cerrno>
#include <gtest/gtest.h>
#include <string>
#include <system_error>
#include <vector>

namespace rt = asyncguard::rt;
using namespace std::chrono_literals;

namespace {

rt::task<void> echo_once(rt::socket &listener) {
  rt::socket conn = co_await rt::async_accept(listener);
  char buf[4096];
  for (;;) {
    std::size_t n = co_await rt::async_read(conn, buf, sizeof buf);
    if (n == 0)
      break;
    co_await rt::async_write(conn, buf, n);
  }
}

rt::task<void> send_all(rt::socket &s, const std::string &msg, bool &sent) {
  co_await rt::async_write(s, msg.data(), msg.size());
  s.shutdown_write();
  sent = true;
}

rt::task<std::string> client(std::uint16_t port, std::string msg) {
  rt::socket s = rt::socket::tcp_v4();
  co_await rt::async_connect(s, "127.0.0.1", port);
  // Write from a second task while this one reads: an echo peer stops
  // reading once its replies are not consumed.
  bool sent = false;
  rt::event_loop::current()->spawn(send_all(s, msg, sent));
  std::string got;
  char buf[4096];
  for (;;) {
    std::size_t n = co_await rt::async_read(s, buf, sizeof buf);
    if (n == 0)
      break;
    got.append(buf, n);
  }
  EXPECT_TRUE(sent);
  co_return got;
}

int error_of(std::exception_ptr e) {
  try {
    std::rethrow_exception(e);
  } catch (const std::system_error &se) {
    return se.code().value();
  } catch (...) {
  }
  return 0;
}

} // namespace

TEST(Socket, EchoRoundTripOverLoopback) {
  rt::socket listener = rt::socket::listen_tcp_v4("127.0.0.1", 0);
  const std::uint16_t port = listener.local_port();
  std::string got;
  auto main_task = [&]() -> rt::task<void> {
    rt::event_loop::current()->spawn(echo_once(listener));
    got = co_await client(port, "hello, loop");
  };
  rt::block_on(main_task());
  EXPECT_EQ(got, "hello, loop");
}

TEST(Socket, LargeTransferSurvivesPartialWrites) {
  rt::socket listener = rt::socket::listen_tcp_v4("127.0.0.1", 0);
  const std::uint16_t port = listener.local_port();
  std::string big(8 << 20, 'x');
  for (std::size_t i = 0; i < big.size(); i += 4099)
    big[i] = static_cast<char>('a' + i % 26);
  std::string got;
  auto main_task = [&]() -> rt::task<void> {
    rt::event_loop::current()->spawn(echo_once(listener));
    got = co_await client(port, big);
  };
  rt::block_on(main_task());
  EXPECT_TRUE(got == big);
}

TEST(Socket, ReadReturnsZeroAtEndOfStream) {
  rt::socket listener = rt::socket::listen_tcp_v4("127.0.0.1", 0);
  const std::uint16_t port = listener.local_port();
  std::size_t n = 99;
  auto main_task = [&]() -> rt::task<void> {
    rt::socket c = rt::socket::tcp_v4();
    co_await rt::async_connect(c, "127.0.0.1", port);
    rt::socket server_side = co_await rt::async_accept(listener);
    server_side.close();
    char buf[16];
    n = co_await rt::async_read(c, buf, sizeof buf);
  };
  rt::block_on(main_task());
  EXPECT_EQ(n, 0u);
}

TEST(Socket, ConnectToAClosedPortThrowsConnectionRefused) {
  std::uint16_t port;
  {
    rt::socket probe_listener = rt::socket::listen_tcp_v4("127.0.0.1", 0);
    port = probe_listener.local_port();
  }
  int err = 0;
  auto main_task = [&]() -> rt::task<void> {
    rt::socket c = rt::socket::tcp_v4();
    try {
      co_await rt::async_connect(c, "127.0.0.1", port);
    } catch (...) {
      err = error_of(std::current_exception());
    }
  };
  rt::block_on(main_task());
  EXPECT_EQ(err, ECONNREFUSED);
}

TEST(Socket, CancellingAPendingReadThrowsOperationCanceled) {
  rt::socket listener = rt::socket::listen_tcp_v4("127.0.0.1", 0);
  const std::uint16_t port = listener.local_port();
  rt::cancel_source src;
  int err = 0;
  auto main_task = [&]() -> rt::task<void> {
    rt::socket c = rt::socket::tcp_v4();
    co_await rt::async_connect(c, "127.0.0.1", port);
    rt::socket peer = co_await rt::async_accept(listener);
    rt::event_loop::current()->post_after(5ms, [&] { src.request_cancel(); });
    char buf[16];
    try {
      (void)co_await rt::async_read(c, buf, sizeof buf, src.token());
    } catch (...) {
      err = error_of(std::current_exception());
    }
  };
  rt::block_on(main_task());
  EXPECT_EQ(err, ECANCELED);
}

TEST(Socket, SecondConcurrentReadFailsWithEbusy) {
  rt::socket listener = rt::socket::listen_tcp_v4("127.0.0.1", 0);
  const std::uint16_t port = listener.local_port();
  int err = 0;
  auto main_task = [&]() -> rt::task<void> {
    rt::socket c = rt::socket::tcp_v4();
    co_await rt::async_connect(c, "127.0.0.1", port);
    rt::socket peer = co_await rt::async_accept(listener);
    rt::cancel_source src;
    auto first_reader = [](rt::socket &s, rt::cancel_token t) -> rt::task<void> {
      char b[4];
      try {
        (void)co_await rt::async_read(s, b, sizeof b, t);
      } catch (const std::system_error &) {
      }
    };
    rt::event_loop::current()->spawn(first_reader(c, src.token()));
    co_await rt::sleep_for(1ms); // let it start waiting
    char buf[4];
    try {
      (void)co_await rt::async_read(c, buf, sizeof buf);
    } catch (...) {
      err = error_of(std::current_exception());
    }
    src.request_cancel();
  };
  rt::block_on(main_task());
  EXPECT_EQ(err, EBUSY);
}

TEST(Socket, PendingAcceptIsDestroyedWithItsLoop) {
  rt::socket listener = rt::socket::listen_tcp_v4("127.0.0.1", 0);
  const int before = rt_test::probe::live.load();
  {
    rt::event_loop loop;
    loop.spawn([](rt::socket &l) -> rt::task<void> {
      rt_test::probe p;
      rt::socket s = co_await rt::async_accept(l);
    }(listener));
    loop.post_after(5ms, [&] { loop.stop(); });
    loop.run();
    EXPECT_EQ(rt_test::probe::live.load(), before + 1);
  }
  EXPECT_EQ(rt_test::probe::live.load(), before);
}

TEST(Socket, ListenerReturnsAPortAndRejectsBadAddresses) {
  rt::socket l = rt::socket::listen_tcp_v4("127.0.0.1", 0);
  EXPECT_NE(l.local_port(), 0);
  EXPECT_THROW((void)rt::socket::listen_tcp_v4("not-an-ip", 0), std::invalid_argument);
}

TEST(Socket, ClosingASocketFailsItsPendingReadWithEcanceled) {
  rt::socket listener = rt::socket::listen_tcp_v4("127.0.0.1", 0);
  const std::uint16_t port = listener.local_port();
  int err = 0;
  auto main_task = [&]() -> rt::task<void> {
    rt::socket c = rt::socket::tcp_v4();
    co_await rt::async_connect(c, "127.0.0.1", port);
    rt::socket peer = co_await rt::async_accept(listener);
    auto reader = [](rt::socket &s, int &e) -> rt::task<void> {
      char b[4];
      try {
        (void)co_await rt::async_read(s, b, sizeof b);
      } catch (...) {
        e = error_of(std::current_exception());
      }
    };
    rt::event_loop::current()->spawn(reader(c, err));
    co_await rt::sleep_for(1ms); // the reader is now waiting
    c.close();
  };
  rt::block_on(main_task());
  EXPECT_EQ(err, ECANCELED);
}
