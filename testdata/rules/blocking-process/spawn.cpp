// Covers: running and waiting for child processes in coroutines (system, std::system, popen/pclose, waitpid, wait), WNOHANG staying silent, and the same calls offloaded or in plain functions.
#include <fixture/task.h>

#include <cstdio>
#include <cstdlib>
#include <sys/wait.h>
#include <unistd.h>

fixture::task<int> run_tools() {
  int rc = std::system("make -j1"); // WARN: blocking-process
  rc += system("true"); // WARN: blocking-process
  FILE *p = popen("ls", "r"); // WARN: blocking-process
  rc += pclose(p); // WARN: blocking-process
  co_return rc;
}

fixture::task<int> reap(pid_t child) {
  int status = 0;
  waitpid(child, &status, 0); // WARN: blocking-process
  waitpid(child, &status, WNOHANG); // OK: WNOHANG returns at once
  waitpid(-1, &status, WNOHANG | WUNTRACED); // OK: WNOHANG returns at once
  ::wait(&status); // WARN: blocking-process
  co_return status;
}

fixture::task<int> offloaded() {
  int rc = co_await fixture::offload([] { return std::system("make"); }); // OK: runs on the offload pool
  co_return rc;
}

int build_sync() {
  return std::system("make"); // OK: plain function
}

int main() { return build_sync(); }
