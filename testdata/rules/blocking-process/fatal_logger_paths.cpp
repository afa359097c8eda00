// Covers: a logger whose CRITICAL branch prints a stack trace (popen) and ends the process, called from coroutines at INFO (the branch cannot run) and at CRITICAL (the process ends: nothing is left to stall); the same logger with a synchronous file appender, reported with the file write as the witness; constants passed through two helpers; a noreturn helper defined in the same TU.
#include <fixture/task.h>

#include <cstdio>
#include <cstdlib>
#include <unistd.h>

enum class Severity { Info, Warn, Critical };

static char *stacktrace_via_addr2line() {
  static char buf[256];
  FILE *p = popen("addr2line -e /proc/self/exe", "r");
  fgets(buf, sizeof buf, p);
  pclose(p);
  return buf;
}

[[noreturn]] static void die() { std::_Exit(2); }
static void fatal_exit() { die(); } // never returns: every path ends in a noreturn call

struct Logger {
  bool async_mode = true;
  int fd = 2;
  void append(const char *) {}
  void write(Severity sev, const char *msg) {
    if (!async_mode)
      ::write(fd, msg, 1); // the synchronous appender writes on the caller's thread
    append(msg);
    if (sev == Severity::Critical) {
      fputs(stacktrace_via_addr2line(), stderr);
      std::exit(EXIT_FAILURE);
    }
  }
  void write_quiet(Severity sev, const char *msg) {
    append(msg);
    if (sev == Severity::Critical) {
      fputs(stacktrace_via_addr2line(), stderr);
      fatal_exit();
    }
  }
};

Logger &logger();
static void log_at(Severity sev, const char *msg) { logger().write_quiet(sev, msg); }
static void log_info(const char *msg) { log_at(Severity::Info, msg); }
#define LOG_INFO(msg) log_at(Severity::Info, msg)
#define LOG_CRITICAL(msg) log_at(Severity::Critical, msg)

fixture::task<void> handle() {
  LOG_INFO("request");        // OK: the CRITICAL branch cannot run at INFO
  log_info("through two helpers"); // OK: Info passed through log_info and log_at
  LOG_CRITICAL("corrupt state"); // OK: the branch ends the process, nothing is left to stall
  co_return;
}

fixture::task<void> handle_sync(Logger &l) {
  l.write(Severity::Info, "request"); // WARN: blocking-io
  co_return;
}
