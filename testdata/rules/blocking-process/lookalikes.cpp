// Covers: silent look-alikes of blocking-process: user functions and members named system/wait/popen, a process handle's non-blocking poll, and a multi-line call reported at its first line.
#include <fixture/task.h>

#include <cstdlib>
#include <string>
#include <sys/wait.h>

namespace shell {
inline int system(const std::string &cmd) { return static_cast<int>(cmd.size()); }
inline int popen(const char *) { return 0; }
} // namespace shell

struct child_process {
  int wait() { return 0; }
  bool try_wait() { return true; }
};

fixture::task<int> user_process_api(child_process &child) {
  int rc = shell::system("echo hi"); // OK: shell::system is not ::system
  rc += shell::popen("ls"); // OK: shell::popen is not ::popen
  rc += child.wait(); // OK: member of a user type
  if (child.try_wait()) // OK: member of a user type
    ++rc;
  co_return rc;
}

fixture::task<int> multi_line(pid_t pid) {
  int status = 0;
  int rc = waitpid( // WARN: blocking-process
      pid,
      &status,
      0);
  co_return rc;
}

int main() { return 0; }
