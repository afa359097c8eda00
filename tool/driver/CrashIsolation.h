#pragma once
// Runs one TU's parse so that a crash in it, a stack overflow included, fails
// that TU instead of killing the process (docs/security.md, "Crashes and
// stack overflows").

#include "llvm/ADT/STLExtras.h"

#include <cstddef>

namespace asyncguard {

/// The stack every TU is parsed on. Clang's front end needs 8 MiB for what
/// clang++ accepts (clang::DesiredStackSize) and grows further through
/// clang::runWithSufficientStackSpace; our traversal and CFGs recurse on the
/// same trees. 64 MiB covers clang++'s limits with room to spare, and it is
/// reserved address space, not memory, until a deep TU touches it.
inline constexpr size_t TuStackSize = size_t(64) << 20;

/// Turns on llvm::CrashRecoveryContext for the process and makes its signal
/// handlers run on the thread's alternate signal stack (LLVM installs them
/// without SA_ONSTACK, so on a stack overflow the handler itself would fault
/// and the kernel would kill the process). Call once from main, before any
/// thread starts.
void enableCrashRecovery();

/// Runs `Fn` on a new thread with a `StackSize` stack, a large guard region
/// and an alternate signal stack, under a CrashRecoveryContext. Returns false
/// when `Fn` crashed (a signal: segfault, stack overflow, abort); state `Fn`
/// was building is then incomplete and must be discarded. Without
/// enableCrashRecovery(), a crash still kills the process.
bool runIsolated(llvm::function_ref<void()> Fn, size_t StackSize = TuStackSize);

} // namespace asyncguard
