// Covers: stream members that never wait (issue 19, item 5): a default-constructed std::ifstream/std::ofstream/std::fstream opens nothing, seekg on an input-only std::ifstream is an lseek; opening with a path, open(), and seekp on an output stream (it flushes) stay findings.
#include <fixture/task.h>

#include <fstream>
#include <string>

fixture::task<int> streams(const std::string &path) {
  std::ifstream in; // OK: a default-constructed stream opens nothing
  std::ofstream out; // OK: a default-constructed stream opens nothing
  std::fstream both; // OK: a default-constructed stream opens nothing
  in.open(path); // WARN: blocking-io
  in.seekg(0); // OK: an input-only stream has nothing to flush: an lseek
  std::ofstream log(path + ".log"); // WARN: blocking-io
  log.seekp(0); // WARN: blocking-io
  co_return in.good() && out.good() && both.good() ? 0 : 1;
}
