// CONFIG: {"fix_style": {"offload": "co_await myrt::run_blocking([&] { return {expr}; })", "include": "myrt/blocking.h"}}
// Covers: a fix_style template object: offloads use the user's own runtime and its header; a
// rewrite the template has no form for (sleep) carries no fix and says why.
#include <fixture/task.h>

#include <cstdio>
#include <unistd.h>
#include <myrt/blocking.h>

fixture::task<int> archive(const char *path) {
  std::FILE *f = co_await myrt::run_blocking([&] { return std::fopen(path, "r"); }); // WARN: blocking-io
  ::sleep(1); // WARN: blocking-sleep
  co_return f != nullptr;
}
