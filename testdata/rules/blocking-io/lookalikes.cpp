// Covers: silent look-alikes of blocking-io: string streams, std::filesystem::path manipulation, user types with read/write/open, offloaded file access and synchronous generators.
#include <fixture/task.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

namespace fs = std::filesystem;

namespace store {
struct blob {
  std::string data;
  std::string read() const { return data; }
  void write(const std::string &s) { data = s; }
  bool open(const std::string &) { return true; }
};
inline std::string read(const blob &b) { return b.data; }
} // namespace store

fixture::task<int> parse(const std::string &text) {
  std::istringstream in(text); // OK: string stream, no file
  int a = 0;
  in >> a; // OK: istringstream, not a file stream
  std::string word;
  std::getline(in, word); // OK: std::getline on a string stream
  char buf[8];
  in.read(buf, sizeof buf); // OK: basic_istream::read on a string stream
  std::ostringstream out; // OK: string stream
  out << a << word; // OK: string stream
  std::stringstream both; // OK: string stream
  both << out.str();
  co_return a;
}

fixture::task<std::string> paths(const fs::path &p) {
  fs::path cfg = p / "config.json"; // OK: pure path manipulation
  auto ext = cfg.extension(); // OK: pure path manipulation
  auto parent = cfg.parent_path().filename(); // OK: pure path manipulation
  auto normal = cfg.lexically_normal(); // OK: lexical only
  co_return normal.string() + ext.string() + parent.string();
}

fixture::task<std::string> user_types(store::blob &b) {
  b.open("x"); // OK: user type
  b.write("data"); // OK: user type
  std::string s = b.read(); // OK: user type
  s += store::read(b); // OK: store::read is not ::read
  co_return s;
}

fixture::task<std::string> offloaded(const std::string &path) {
  std::string text = co_await fixture::offload([&] {
    std::ifstream in(path); // OK: runs on the offload pool
    std::string line;
    std::getline(in, line);
    return line;
  });
  co_return text;
}

fixture::generator<std::string> lines(const std::string &path) {
  std::ifstream in(path); // OK: synchronous generator (co_yield only)
  std::string line;
  while (std::getline(in, line))
    co_yield line;
}

int main() {
  int n = 0;
  for (const auto &l : lines("/dev/null"))
    n += static_cast<int>(l.size());
  return n;
}
