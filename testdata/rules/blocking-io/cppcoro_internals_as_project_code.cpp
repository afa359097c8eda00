// Covers: cppcoro built as project code (andreasbuhr/cppcoro's own tests, or a vendored copy with -I): io_service::stop's eventfd write and process_pending_events' zero-timeout epoll_wait are not followed; the file classes' synchronous open() and process_events are still findings.
#include <fixture/task.h>

#include <cstdint>
#include <fcntl.h>
#include <sys/epoll.h>
#include <unistd.h>

namespace cppcoro {
namespace detail::linux {
struct message_queue {
  bool enqueue_message() { return ::write(fd, &one, sizeof one) == sizeof one; }
  bool dequeue_message(bool wait) {
    epoll_event ev{};
    return epoll_wait(fd, &ev, 1, wait ? -1 : 0) > 0;
  }
  int fd = -1;
  std::uint64_t one = 1;
};
} // namespace detail::linux

class io_service {
public:
  void stop() { m_queue.enqueue_message(); }
  std::uint64_t process_pending_events() { return m_queue.dequeue_message(false) ? 1 : 0; }
  std::uint64_t process_events() { return m_queue.dequeue_message(true) ? 1 : 0; }

private:
  detail::linux::message_queue m_queue;
};

class file {
protected:
  static int open(const char *path) { return ::open(path, O_RDONLY); }
};

class read_only_file : public file {
public:
  static read_only_file open(io_service &, const char *path) {
    read_only_file f;
    f.fd = file::open(path);
    return f;
  }
  int fd = -1;
};
} // namespace cppcoro

fixture::task<int> run(cppcoro::io_service &io) {
  io.stop(); // OK: an eventfd write that never blocks
  io.process_pending_events(); // OK: epoll_wait with a zero timeout
  auto f = cppcoro::read_only_file::open(io, "data.bin"); // WARN: blocking-io
  io.process_events(); // WARN: nested-event-loop
  co_return f.fd;
}
