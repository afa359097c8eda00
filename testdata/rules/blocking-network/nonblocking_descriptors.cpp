// Covers: descriptors the code made non-blocking (issue 19, item 4; libcoro's tcp client and tls server): connect/accept/recv/send on a socket created with SOCK_NONBLOCK, given O_NONBLOCK by fcntl (also inside the project helper that creates it), or followed by an EAGAIN/EWOULDBLOCK/EINPROGRESS check are silent; the same calls on a blocking socket, and a read of a file opened with O_NONBLOCK (regular files ignore it), stay findings.
#include <fixture/task.h>

#include <cerrno>
#include <fcntl.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

int make_socket(bool) {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  ::fcntl(fd, F_SETFL, ::fcntl(fd, F_GETFL, 0) | O_NONBLOCK);
  return fd;
}

int make_blocking_socket() { return ::socket(AF_INET, SOCK_STREAM, 0); }

fixture::task<int> created_non_blocking(const sockaddr_in &addr) {
  int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
  ::connect(fd, reinterpret_cast<const sockaddr *>(&addr), sizeof addr); // OK: SOCK_NONBLOCK socket
  char buf[64];
  co_return static_cast<int>(::recv(fd, buf, sizeof buf, 0)); // OK: SOCK_NONBLOCK socket
}

fixture::task<int> given_o_nonblock(int listener) {
  ::fcntl(listener, F_SETFL, O_NONBLOCK);
  int client = ::accept(listener, nullptr, nullptr); // OK: fcntl made the listener non-blocking
  co_return client;
}

fixture::task<int> from_helper(const sockaddr_in &addr) {
  int fd = make_socket(true);
  ::connect(fd, reinterpret_cast<const sockaddr *>(&addr), sizeof addr); // OK: the helper set O_NONBLOCK
  co_return fd;
}

fixture::task<int> checked_for_would_block(int fd, const sockaddr_in &addr) {
  if (::connect(fd, reinterpret_cast<const sockaddr *>(&addr), sizeof addr) < 0) { // OK: EINPROGRESS is handled below
    if (errno != EINPROGRESS)
      co_return -1;
  }
  char buf[64];
  ssize_t n = ::send(fd, buf, sizeof buf, 0); // OK: EAGAIN is handled below
  if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
    co_return 0;
  co_return static_cast<int>(n);
}

fixture::task<int> blocking_socket(const sockaddr_in &addr) {
  int fd = make_blocking_socket();
  ::connect(fd, reinterpret_cast<const sockaddr *>(&addr), sizeof addr); // WARN: blocking-network
  char buf[64];
  ssize_t n = ::recv(fd, buf, sizeof buf, 0); // WARN: blocking-network
  if (n < 0)
    co_return -1;
  co_return static_cast<int>(::send(fd, buf, static_cast<size_t>(n), 0)); // WARN: blocking-network
}

fixture::task<int> file_opened_non_blocking() {
  int fd = ::open("/var/data", O_RDONLY | O_NONBLOCK); // WARN: blocking-io
  char buf[64];
  co_return static_cast<int>(::read(fd, buf, sizeof buf)); // WARN: blocking-io
}
