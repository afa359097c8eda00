// Covers: file streams, console input, C stdio, std::filesystem, POSIX file descriptors and SQLite in coroutines; the same calls in plain functions stay silent.
#include <fixture/task.h>
#include <sqlite3.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <string>
#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

namespace fs = std::filesystem;

fixture::task<std::string> load_config(const std::string &path) {
  std::ifstream in(path); // WARN: blocking-io
  std::string text;
  char buf[256];
  in.read(buf, sizeof buf); // WARN: blocking-io
  in.getline(buf, sizeof buf); // WARN: blocking-io
  int version = 0;
  in >> version; // WARN: blocking-io
  in.close(); // WARN: blocking-io
  co_return text;
}

fixture::task<void> save_report(const std::string &path, const std::string &body) {
  std::ofstream out(path, std::ios::app); // WARN: blocking-io
  out.close(); // WARN: blocking-io
  out.open(path + ".bak"); // WARN: blocking-io
  out.write(body.data(), static_cast<std::streamsize>(body.size())); // WARN: blocking-io
  out << 42; // WARN: blocking-io
  out.flush(); // WARN: blocking-io
  std::fstream both(path, std::ios::in | std::ios::out); // WARN: blocking-io
  co_return;
}

fixture::task<std::string> ask_user() {
  std::string line;
  std::getline(std::cin, line); // WARN: blocking-io
  int n = 0;
  std::cin >> n; // WARN: blocking-io
  std::cin >> line; // WARN: blocking-io
  std::cout << "thanks\n"; // OK: buffered console output is not reported
  co_return line;
}

fixture::task<void> c_stdio(const char *path) {
  FILE *f = std::fopen(path, "rb"); // WARN: blocking-io
  char buf[128];
  std::fread(buf, 1, sizeof buf, f); // WARN: blocking-io
  fgets(buf, sizeof buf, f); // WARN: blocking-io
  std::fprintf(f, "%d\n", 1); // OK: buffered write, left out of the catalogue
  std::fflush(f); // WARN: blocking-io
  std::fclose(f); // WARN: blocking-io
  co_return;
}

fixture::task<std::uintmax_t> disk_usage(const fs::path &root) {
  if (!fs::exists(root)) // WARN: blocking-io
    co_return 0;
  fs::create_directories(root / "cache"); // WARN: blocking-io
  std::uintmax_t total = fs::file_size(root / "index"); // WARN: blocking-io
  for (const auto &entry : fs::directory_iterator(root)) // WARN: blocking-io
    total += entry.path().string().size();
  fs::remove_all(root / "tmp"); // WARN: blocking-io
  fs::copy_file(root / "a", root / "b"); // WARN: blocking-io
  co_return total;
}

fixture::task<long> raw_descriptors(const char *path) {
  int fd = ::open(path, O_RDONLY); // WARN: blocking-io
  char buf[64];
  long n = ::read(fd, buf, sizeof buf); // WARN: blocking-io
  ::write(fd, buf, 1); // WARN: blocking-io
  ::fsync(fd); // WARN: blocking-io
  ::flock(fd, LOCK_EX); // WARN: blocking-io
  ::flock(fd, LOCK_EX | LOCK_NB); // OK: LOCK_NB never waits
  struct stat st;
  ::stat(path, &st); // WARN: blocking-io
  ::unlink(path); // WARN: blocking-io
  ::close(fd); // OK: close is left out of the catalogue
  co_return n;
}

fixture::task<int> query_sqlite(const char *db_path) {
  sqlite3 *db = nullptr;
  sqlite3_open(db_path, &db); // WARN: blocking-io
  sqlite3_stmt *stmt = nullptr;
  sqlite3_prepare_v2(db, "SELECT 1", -1, &stmt, nullptr); // WARN: blocking-io
  int value = 0;
  while (sqlite3_step(stmt) == SQLITE_ROW) // WARN: blocking-io
    value += sqlite3_column_int(stmt, 0);
  sqlite3_finalize(stmt);
  sqlite3_exec(db, "VACUUM", nullptr, nullptr, nullptr); // WARN: blocking-io
  sqlite3_close(db); // WARN: blocking-io
  co_return value;
}

std::string read_all_sync(const std::string &path) {
  std::ifstream in(path); // OK: plain function, not a coroutine
  std::string s;
  std::getline(in, s);
  return s;
}

int main() { return static_cast<int>(read_all_sync("/dev/null").size()); }
