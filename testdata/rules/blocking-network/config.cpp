// CONFIG: {"blocking": [{"name": "mylib::fetch_all", "rule": "blocking-network"}], "non_blocking": ["::usleep"]}
// Covers: the config adds a project function to the catalogue ("blocking") and removes a catalogue entry ("non_blocking").
#include <fixture/task.h>

#include <string>
#include <vector>
#include <unistd.h>

namespace mylib {
inline std::vector<std::string> fetch_all(const std::string &url) { return {url}; }
inline std::vector<std::string> fetch_one(const std::string &url) { return {url}; }
} // namespace mylib

fixture::task<std::size_t> sync_feeds() {
  auto items = mylib::fetch_all("https://example.org/feed"); // WARN: blocking-network
  items = mylib::fetch_one("https://example.org/feed"); // OK: not listed in the config
  ::usleep(10); // OK: "non_blocking" in the config removes ::usleep
  ::sleep(1); // WARN: blocking-sleep
  co_return items.size();
}

int main() {
  mylib::fetch_all("https://example.org/feed"); // OK: main is not a coroutine
  return 0;
}
