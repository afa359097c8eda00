// Covers: blocking-io reached through templates: each instantiation is its own function, so a coroutine that instantiates a factory or a class template with a harmless type does not reach what another instantiation of the same template calls (Catch2's Detail::make_unique<FileStream> flagged every REQUIRE in libcoro's coroutine tests); the blocking instantiation is still reported.
#include <fixture/task.h>

#include <fstream>
#include <memory>
#include <sstream>
#include <string>
#include <utility>

namespace util {

template <typename T, typename... Args> std::unique_ptr<T> make(Args &&...args) {
  return std::unique_ptr<T>(new T(std::forward<Args>(args)...));
}

struct FileSink {
  explicit FileSink(const std::string &path) { out.open(path); }
  std::ofstream out;
};

struct MemorySink {
  std::ostringstream out;
};

template <typename Sink> struct Logger {
  void flush() { sink.flush(); }
  Sink sink;
};

struct FileFlush {
  void flush() { file.flush(); }
  std::ofstream file;
};

struct NoFlush {
  void flush() {}
};

// A template that blocks whatever it is instantiated with.
template <typename T> T load(const std::string &path) {
  std::ifstream in(path);
  T value{};
  return value;
}

} // namespace util

std::unique_ptr<util::FileSink> open_log(const std::string &path) {
  return util::make<util::FileSink>(path);
}

void flush_log(util::Logger<util::FileFlush> &log) { log.flush(); }

fixture::task<int> handle(util::Logger<util::NoFlush> &quiet) {
  auto sink = util::make<util::MemorySink>(); // OK: make<MemorySink> never opens a file
  quiet.flush(); // OK: Logger<NoFlush>::flush does nothing
  co_return 0;
}

fixture::task<int> handle_to_file(const std::string &path, util::Logger<util::FileFlush> &loud) {
  auto sink = util::make<util::FileSink>(path); // WARN: blocking-io
  loud.flush(); // WARN: blocking-io
  int n = util::load<int>(path); // WARN: blocking-io
  long m = util::load<long>(path); // WARN: blocking-io
  co_return n + static_cast<int>(m);
}
