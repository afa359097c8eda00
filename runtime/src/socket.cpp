#include "asyncguard/rt/socket.hpp"

#include <arpa/inet.h>
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdexcept>
#include <string>
#include <sys/socket.h>
#include <system_error>
#include <unistd.h>

namespace asyncguard::rt {

namespace {

[[noreturn]] void throw_errno(int err, const char *what) {
  throw std::system_error(err, std::system_category(), what);
}

sockaddr_in parse_v4(std::string_view address, std::uint16_t port) {
  sockaddr_in sa{};
  sa.sin_family = AF_INET;
  sa.sin_port = htons(port);
  std::string a(address);
  if (::inet_pton(AF_INET, a.c_str(), &sa.sin_addr) != 1)
    throw std::invalid_argument("asyncguard::rt: not an IPv4 address: '" + a + "'");
  return sa;
}

// Marks an awaiter that was awaited off any event loop thread.
constexpr int no_loop_error = -1;

} // namespace

// ------------------------------------------------------------------ socket

socket::socket(int fd) : m_fd(fd) {
  int flags = ::fcntl(fd, F_GETFL, 0);
  if (flags < 0 || ::fcntl(fd, F_SETFL, flags | O_NONBLOCK) < 0) {
    int err = errno;
    m_fd = -1;
    throw_errno(err, "asyncguard::rt::socket: fcntl(O_NONBLOCK)");
  }
}

socket::socket(socket &&other) noexcept
    : m_fd(std::exchange(other.m_fd, -1)), m_state(std::move(other.m_state)) {}

socket &socket::operator=(socket &&other) noexcept {
  if (this != &other) {
    close();
    m_fd = std::exchange(other.m_fd, -1);
    m_state = std::move(other.m_state);
  }
  return *this;
}

socket socket::tcp_v4() {
  int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  if (fd < 0)
    throw_errno(errno, "asyncguard::rt::socket: socket()");
  socket s;
  s.m_fd = fd;
  return s;
}

socket socket::listen_tcp_v4(std::string_view address, std::uint16_t port,
                             int backlog) {
  sockaddr_in sa = parse_v4(address, port);
  socket s = tcp_v4();
  int one = 1;
  ::setsockopt(s.m_fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  if (::bind(s.m_fd, reinterpret_cast<sockaddr *>(&sa), sizeof sa) != 0)
    throw_errno(errno, "asyncguard::rt::socket: bind()");
  if (::listen(s.m_fd, backlog) != 0)
    throw_errno(errno, "asyncguard::rt::socket: listen()");
  return s;
}

std::uint16_t socket::local_port() const {
  sockaddr_in sa{};
  socklen_t len = sizeof sa;
  if (::getsockname(m_fd, reinterpret_cast<sockaddr *>(&sa), &len) != 0)
    throw_errno(errno, "asyncguard::rt::socket: getsockname()");
  return ntohs(sa.sin_port);
}

void socket::set_no_delay(bool on) {
  int v = on ? 1 : 0;
  if (::setsockopt(m_fd, IPPROTO_TCP, TCP_NODELAY, &v, sizeof v) != 0)
    throw_errno(errno, "asyncguard::rt::socket: setsockopt(TCP_NODELAY)");
}

void socket::shutdown_write() noexcept {
  if (m_fd >= 0)
    ::shutdown(m_fd, SHUT_WR);
}

void socket::close() noexcept {
  if (m_state) {
    detail::loop_access::io_detach(*m_state);
    m_state.reset();
  }
  if (m_fd >= 0)
    ::close(std::exchange(m_fd, -1));
}

int socket::release() noexcept {
  if (m_state) {
    detail::loop_access::io_detach(*m_state);
    m_state.reset();
  }
  return std::exchange(m_fd, -1);
}

detail::io_state &socket::io(event_loop &loop) {
  if (m_state && m_state->m_loop == &loop)
    return *m_state;
  if (m_state && m_state->m_loop)
    throw std::logic_error("asyncguard::rt::socket: used on a second event loop");
  auto state = std::make_unique<detail::io_state>();
  state->m_fd = m_fd;
  detail::loop_access::io_attach(loop, *state);
  m_state = std::move(state);
  return *m_state;
}

// -------------------------------------------------------------- io_awaiter

namespace detail {

io_awaiter::io_awaiter(socket &s, bool write_side, cancel_token token,
                       bool (*perform)(io_op &) noexcept) noexcept
    : m_socket(&s), m_token(std::move(token)), m_write_side(write_side) {
  m_perform = perform;
  m_cancel = [](cancellable_op &c) noexcept {
    auto &self = static_cast<io_awaiter &>(static_cast<io_op &>(c));
    if (!self.m_pending)
      return;
    io_op *&slot = self.m_write_side ? self.m_state->m_writer : self.m_state->m_reader;
    slot = nullptr;
    self.m_pending = false;
    self.m_error = ECANCELED;
    loop_access::io_wait_end(*self.m_loop);
    loop_access::unregister_cancel(self);
    loop_access::schedule(*self.m_loop, self.m_handle);
  };
}

io_awaiter::~io_awaiter() {
  if (!m_pending)
    return;
  // Still waiting: the task is being destroyed (e.g. by its loop).
  io_op *&slot = m_write_side ? m_state->m_writer : m_state->m_reader;
  if (slot == this) {
    slot = nullptr;
    loop_access::io_wait_end(*m_loop);
  }
  m_pending = false;
  loop_access::unregister_cancel(*this);
}

bool io_awaiter::await_ready() noexcept {
  if (m_token.cancel_requested()) {
    m_error = ECANCELED;
    return true;
  }
  if (!m_socket->is_open()) {
    m_error = EBADF;
    return true;
  }
  return m_perform(*this);
}

bool io_awaiter::await_suspend(std::coroutine_handle<> h) noexcept {
  m_handle = h;
  event_loop *loop = event_loop::current();
  if (!loop) {
    m_error = no_loop_error;
    return false;
  }
  try {
    io_state &st = m_socket->io(*loop);
    io_op *&slot = m_write_side ? st.m_writer : st.m_reader;
    if (slot) {
      m_error = EBUSY;
      return false;
    }
    if (!loop_access::register_cancel(*loop, *this, m_token.state())) {
      m_error = ECANCELED;
      return false;
    }
    slot = this;
    m_state = &st;
  } catch (const std::system_error &e) {
    m_error = e.code().value();
    return false;
  } catch (...) {
    m_error = ENOMEM;
    return false;
  }
  m_loop = loop;
  m_pending = true;
  loop_access::io_wait_begin(*loop);
  return true;
}

void io_awaiter::check(const char *what) const {
  if (m_error == 0)
    return;
  if (m_error == no_loop_error)
    throw std::logic_error(std::string(what) + ": not awaited on an event loop thread");
  throw_errno(m_error, what);
}

} // namespace detail

// ------------------------------------------------------------ operations

read_awaiter::read_awaiter(socket &s, void *buf, std::size_t n,
                           cancel_token t) noexcept
    : io_awaiter(s, false, std::move(t), &read_awaiter::perform), m_buf(buf),
      m_size(n) {}

bool read_awaiter::perform(detail::io_op &op) noexcept {
  auto &self = static_cast<read_awaiter &>(op);
  for (;;) {
    ssize_t r = ::recv(self.m_socket->fd(), self.m_buf, self.m_size, 0);
    if (r >= 0) {
      self.m_result = static_cast<std::size_t>(r);
      return true;
    }
    if (errno == EINTR)
      continue;
    if (errno == EAGAIN || errno == EWOULDBLOCK)
      return false;
    self.m_error = errno;
    return true;
  }
}

std::size_t read_awaiter::await_resume() const {
  check("asyncguard::rt::async_read");
  return m_result;
}

write_awaiter::write_awaiter(socket &s, const void *buf, std::size_t n,
                             cancel_token t) noexcept
    : io_awaiter(s, true, std::move(t), &write_awaiter::perform), m_buf(buf),
      m_size(n) {}

bool write_awaiter::perform(detail::io_op &op) noexcept {
  auto &self = static_cast<write_awaiter &>(op);
  const char *p = static_cast<const char *>(self.m_buf);
  while (self.m_result < self.m_size) {
    ssize_t r = ::send(self.m_socket->fd(), p + self.m_result,
                       self.m_size - self.m_result, MSG_NOSIGNAL);
    if (r >= 0) {
      self.m_result += static_cast<std::size_t>(r);
      continue;
    }
    if (errno == EINTR)
      continue;
    if (errno == EAGAIN || errno == EWOULDBLOCK)
      return false;
    self.m_error = errno;
    break;
  }
  return true;
}

std::size_t write_awaiter::await_resume() const {
  check("asyncguard::rt::async_write");
  return m_result;
}

accept_awaiter::accept_awaiter(socket &listener, cancel_token t) noexcept
    : io_awaiter(listener, false, std::move(t), &accept_awaiter::perform) {}

bool accept_awaiter::perform(detail::io_op &op) noexcept {
  auto &self = static_cast<accept_awaiter &>(op);
  for (;;) {
    int fd = ::accept4(self.m_socket->fd(), nullptr, nullptr,
                       SOCK_NONBLOCK | SOCK_CLOEXEC);
    if (fd >= 0) {
      self.m_accepted = fd;
      return true;
    }
    if (errno == EINTR || errno == ECONNABORTED)
      continue;
    if (errno == EAGAIN || errno == EWOULDBLOCK)
      return false;
    self.m_error = errno;
    return true;
  }
}

accept_awaiter::~accept_awaiter() {
  // Accepted but never resumed (the task was destroyed): do not leak it.
  if (m_accepted >= 0)
    ::close(m_accepted);
}

socket accept_awaiter::await_resume() {
  check("asyncguard::rt::async_accept");
  return socket(std::exchange(m_accepted, -1));
}

connect_awaiter::connect_awaiter(socket &s, const ::sockaddr *addr, unsigned len,
                                 cancel_token t) noexcept
    : io_awaiter(s, true, std::move(t), &connect_awaiter::perform),
      m_len(len > sizeof m_addr ? static_cast<unsigned>(sizeof m_addr) : len) {
  std::memcpy(m_addr, addr, m_len);
}

bool connect_awaiter::perform(detail::io_op &op) noexcept {
  auto &self = static_cast<connect_awaiter &>(op);
  int fd = self.m_socket->fd();
  if (!self.m_started) {
    self.m_started = true;
    int r = ::connect(fd, reinterpret_cast<const sockaddr *>(self.m_addr),
                      self.m_len);
    if (r == 0 || errno == EISCONN) {
      return true;
    }
    if (errno == EINPROGRESS || errno == EINTR)
      return false;
    self.m_error = errno;
    return true;
  }
  int err = 0;
  socklen_t len = sizeof err;
  if (::getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &len) != 0)
    err = errno;
  if (err == EINPROGRESS || err == EALREADY)
    return false;
  self.m_error = err;
  return true;
}

void connect_awaiter::await_resume() const { check("asyncguard::rt::async_connect"); }

connect_awaiter async_connect(socket &s, std::string_view address,
                              std::uint16_t port, cancel_token t) {
  sockaddr_in sa = parse_v4(address, port);
  return connect_awaiter(s, reinterpret_cast<const sockaddr *>(&sa), sizeof sa,
                         std::move(t));
}

} // namespace asyncguard::rt
