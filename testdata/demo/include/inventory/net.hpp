#pragma once
// Small socket helpers shared by the service, the supplier client and the test.
//
// `inventory::read` and `inventory::sleep` deliberately share their names with
// POSIX ::read and ::sleep (declared by <unistd.h>, included below). They are
// awaitables on the event loop, so calling them from a coroutine is correct:
// the analyzer matches fully qualified names, not spellings.

#include <asyncguard/rt.hpp>

#include <chrono>
#include <cstddef>
#include <stdexcept>
#include <string>
#include <unistd.h>

namespace inventory {

namespace rt = asyncguard::rt;

/// Reads up to `n` bytes from a loop socket without blocking the loop thread.
inline rt::read_awaiter read(rt::socket &s, char *buf, std::size_t n, rt::cancel_token stop = {}) {
  return rt::async_read(s, buf, n, std::move(stop));
}

/// Suspends the calling task for `d` (never parks the loop thread).
template <class Rep, class Period>
rt::sleep_awaiter sleep(std::chrono::duration<Rep, Period> d, rt::cancel_token stop = {}) {
  return rt::sleep_for(d, std::move(stop));
}

/// Reads one '\n'-terminated line (without the terminator) into `line`;
/// `buffer` keeps bytes read past it. Returns false at end of stream; `stop` aborts the wait.
inline rt::task<bool> read_line(rt::socket &conn, std::string &buffer, std::string &line, rt::cancel_token stop = {}) {
  char chunk[1024];
  for (;;) {
    if (std::size_t nl = buffer.find('\n'); nl != std::string::npos) {
      line.assign(buffer, 0, nl);
      if (!line.empty() && line.back() == '\r')
        line.pop_back();
      buffer.erase(0, nl + 1);
      co_return true;
    }
    if (buffer.size() > 64 * 1024)
      throw std::length_error("request line longer than 64 KiB");
    std::size_t n = co_await read(conn, chunk, sizeof chunk, stop); // inventory::read, not ::read
    if (n == 0)
      co_return false;
    buffer.append(chunk, n);
  }
}

} // namespace inventory
