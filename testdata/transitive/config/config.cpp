// CONFIG: {"non_blocking": ["svc::warm_cache"], "blocking": [{"name": "svc::fetch_remote", "rule": "blocking-network", "why": "calls the inventory service synchronously"}]}
// Covers: "non_blocking" stops propagation at a helper; "blocking" adds a leaf that is then
// found through a chain.
#include <fixture/task.h>

#include <unistd.h>

namespace svc {
void warm_cache() { ::usleep(10); } // OK: declared non-blocking in config
int fetch_remote(int id) { return id; } // OK: a leaf by config, reported at callers
int price(int id) { return fetch_remote(id) * 100; }

fixture::task<int> quote(int id) {
  warm_cache(); // OK: non_blocking in config
  int direct = fetch_remote(id); // WARN: blocking-network
  int through = price(id); // WARN: blocking-network
  co_return direct + through;
}
} // namespace svc
