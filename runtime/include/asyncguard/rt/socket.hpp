#pragma once
// Non-blocking TCP sockets and their awaitables (accept, connect, read, write).

#include "asyncguard/rt/cancel.hpp"
#include "asyncguard/rt/event_loop.hpp"

#include <coroutine>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string_view>

struct sockaddr;

namespace asyncguard::rt {

/// An owned, non-blocking socket descriptor. The first awaited operation
/// registers it (edge-triggered) with the calling thread's event_loop; from
/// then on it must be used on that loop's thread. At most one read-side
/// (read/accept) and one write-side (write/connect) operation may be pending
/// at a time; a second one fails with EBUSY.
///
/// Lifetime: move-only; closing (or destroying) it deregisters it, and an
/// operation still pending on it then fails with ECANCELED at its `co_await`
/// (its task is resumed on the loop thread).
/// Throws std::system_error from the factory functions.
class socket {
public:
  socket() noexcept = default;
  /// Takes ownership of `fd` and makes it non-blocking.
  explicit socket(int fd);
  socket(socket &&other) noexcept;
  socket &operator=(socket &&other) noexcept;
  socket(const socket &) = delete;
  socket &operator=(const socket &) = delete;
  ~socket() { close(); }

  /// A new non-blocking IPv4 TCP socket.
  static socket tcp_v4();
  /// A non-blocking IPv4 TCP socket bound to `address:port` (0 = any free
  /// port) and listening, with SO_REUSEADDR.
  static socket listen_tcp_v4(std::string_view address = "127.0.0.1",
                              std::uint16_t port = 0, int backlog = 1024);

  int fd() const noexcept { return m_fd; }
  bool is_open() const noexcept { return m_fd >= 0; }
  /// The locally bound port (for listen_tcp_v4 with port 0).
  std::uint16_t local_port() const;
  /// Enables or disables Nagle's algorithm.
  void set_no_delay(bool on);
  /// Shuts down the write side (the peer reads end-of-file).
  void shutdown_write() noexcept;
  void close() noexcept;
  /// Gives up ownership without closing.
  int release() noexcept;

  /// For runtime internals: the reactor state, registered on first use.
  detail::io_state &io(event_loop &loop);

private:
  int m_fd = -1;
  std::unique_ptr<detail::io_state> m_state;
};

namespace detail {

/// Common part of the socket awaitables: try the call at once, and only
/// wait for readiness when it would block.
class io_awaiter : protected io_op {
public:
  io_awaiter(const io_awaiter &) = delete;
  io_awaiter &operator=(const io_awaiter &) = delete;
  ~io_awaiter();

  bool await_ready() noexcept;
  bool await_suspend(std::coroutine_handle<> h) noexcept;

protected:
  io_awaiter(socket &s, bool write_side, cancel_token token,
             bool (*perform)(io_op &) noexcept) noexcept;
  void check(const char *what) const;

  socket *m_socket;
  event_loop *m_loop = nullptr;
  cancel_token m_token;
  bool m_write_side;
};

} // namespace detail

/// Awaitable of async_read: yields the bytes read, 0 at end of stream.
class [[nodiscard]] read_awaiter : public detail::io_awaiter {
public:
  read_awaiter(socket &s, void *buf, std::size_t n, cancel_token t) noexcept;
  std::size_t await_resume() const;

private:
  static bool perform(detail::io_op &op) noexcept;
  void *m_buf;
  std::size_t m_size;
};

/// Awaitable of async_write: writes the whole buffer, yields its size.
class [[nodiscard]] write_awaiter : public detail::io_awaiter {
public:
  write_awaiter(socket &s, const void *buf, std::size_t n, cancel_token t) noexcept;
  std::size_t await_resume() const;

private:
  static bool perform(detail::io_op &op) noexcept;
  const void *m_buf;
  std::size_t m_size;
};

/// Awaitable of async_accept: yields the accepted (non-blocking) socket.
class [[nodiscard]] accept_awaiter : public detail::io_awaiter {
public:
  accept_awaiter(socket &listener, cancel_token t) noexcept;
  ~accept_awaiter();
  socket await_resume();

private:
  static bool perform(detail::io_op &op) noexcept;
  int m_accepted = -1;
};

/// Awaitable of async_connect.
class [[nodiscard]] connect_awaiter : public detail::io_awaiter {
public:
  connect_awaiter(socket &s, const ::sockaddr *addr, unsigned len,
                  cancel_token t) noexcept;
  void await_resume() const;

private:
  static bool perform(detail::io_op &op) noexcept;
  alignas(8) unsigned char m_addr[128];
  unsigned m_len;
  bool m_started = false;
};

/// Reads at most `n` bytes into `buf`; yields the count (0 = end of stream).
/// Loop thread only. Throws std::system_error on error or cancellation.
[[nodiscard]] inline read_awaiter async_read(socket &s, void *buf, std::size_t n,
                                             cancel_token t = {}) noexcept {
  return read_awaiter(s, buf, n, std::move(t));
}

/// Writes all `n` bytes of `buf`; yields `n`. Loop thread only. Throws
/// std::system_error on error (EPIPE when the peer closed) or cancellation.
[[nodiscard]] inline write_awaiter async_write(socket &s, const void *buf,
                                               std::size_t n,
                                               cancel_token t = {}) noexcept {
  return write_awaiter(s, buf, n, std::move(t));
}

/// Accepts one connection on a listening socket. Loop thread only.
[[nodiscard]] inline accept_awaiter async_accept(socket &listener,
                                                 cancel_token t = {}) noexcept {
  return accept_awaiter(listener, std::move(t));
}

/// Connects `s` to `addr`. Loop thread only. Throws std::system_error.
[[nodiscard]] inline connect_awaiter async_connect(socket &s, const ::sockaddr *addr,
                                                   unsigned len,
                                                   cancel_token t = {}) noexcept {
  return connect_awaiter(s, addr, len, std::move(t));
}

/// Connects `s` to an IPv4 `address:port`. Loop thread only. Throws
/// std::system_error (std::invalid_argument for a malformed address, at call).
[[nodiscard]] connect_awaiter async_connect(socket &s, std::string_view address,
                                            std::uint16_t port,
                                            cancel_token t = {});

} // namespace asyncguard::rt
