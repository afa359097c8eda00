#include "driver/CrashIsolation.h"

#include "llvm/Support/CrashRecoveryContext.h"

#include <pthread.h>
#include <signal.h>
#include <sys/mman.h>

namespace asyncguard {
namespace {

/// A function whose frame is bigger than the guard region can step over it
/// into whatever is mapped below the stack and corrupt it silently; Clang's
/// parser has frames of several KiB and glibc's default guard is one page.
constexpr size_t GuardSize = size_t(1) << 20;

/// Room for LLVM's crash handler, which only unblocks the signal and
/// longjmps back to RunSafely.
constexpr size_t AlternateStackSize = size_t(256) << 10;

/// The signals llvm::CrashRecoveryContext::Enable() handles (its `Signals`
/// table in llvm/lib/Support/CrashRecoveryContext.cpp, LLVM 19).
constexpr int RecoveredSignals[] = {SIGABRT, SIGBUS, SIGFPE, SIGILL, SIGSEGV, SIGTRAP};

/// The calling thread's alternate signal stack while it lives: a stack
/// overflow's SIGSEGV can only be handled on a stack other than the one that
/// overflowed.
class AlternateSignalStack {
public:
  AlternateSignalStack() {
    void *Memory = mmap(nullptr, AlternateStackSize, PROT_READ | PROT_WRITE,
                        MAP_PRIVATE | MAP_ANONYMOUS | MAP_STACK, -1, 0);
    if (Memory == MAP_FAILED)
      return;
    stack_t Stack{};
    Stack.ss_sp = Memory;
    Stack.ss_size = AlternateStackSize;
    if (sigaltstack(&Stack, &Previous) != 0) {
      munmap(Memory, AlternateStackSize);
      return;
    }
    this->Memory = Memory;
  }
  ~AlternateSignalStack() {
    if (!Memory)
      return;
    sigaltstack(&Previous, nullptr);
    munmap(Memory, AlternateStackSize);
  }
  AlternateSignalStack(const AlternateSignalStack &) = delete;
  AlternateSignalStack &operator=(const AlternateSignalStack &) = delete;

private:
  void *Memory = nullptr;
  stack_t Previous{};
};

struct IsolatedJob {
  llvm::function_ref<void()> Fn;
  bool Ok = false;
};

void *runIsolatedJob(void *Arg) {
  auto &Job = *static_cast<IsolatedJob *>(Arg);
  // Declared before the recovery context: after a crash RunSafely returns
  // by longjmp, and both are then torn down normally, off the signal stack.
  AlternateSignalStack SignalStack;
  llvm::CrashRecoveryContext Recovery;
  Job.Ok = Recovery.RunSafely(Job.Fn);
  return nullptr;
}

} // namespace

void enableCrashRecovery() {
  llvm::CrashRecoveryContext::Enable();
  for (int Signal : RecoveredSignals) {
    struct sigaction Action;
    if (sigaction(Signal, nullptr, &Action) != 0)
      continue;
    Action.sa_flags |= SA_ONSTACK;
    sigaction(Signal, &Action, nullptr);
  }
}

bool runIsolated(llvm::function_ref<void()> Fn, size_t StackSize) {
  IsolatedJob Job{Fn};
  pthread_attr_t Attributes;
  pthread_attr_init(&Attributes);
  pthread_attr_setstacksize(&Attributes, StackSize);
  pthread_attr_setguardsize(&Attributes, GuardSize);
  pthread_t Thread;
  int Error = pthread_create(&Thread, &Attributes, runIsolatedJob, &Job);
  pthread_attr_destroy(&Attributes);
  if (Error != 0) {
    // No thread to be had (thread or memory limits): parse here. Crashes are
    // still recovered; only an overflow of this thread's stack is not.
    llvm::CrashRecoveryContext Recovery;
    return Recovery.RunSafely(Fn);
  }
  pthread_join(Thread, nullptr);
  return Job.Ok;
}

} // namespace asyncguard
