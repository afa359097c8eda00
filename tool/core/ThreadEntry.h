#pragma once
// Thread-starting calls (issue 21): the callable handed to a std::thread or
// std::jthread constructor, or the start routine of pthread_create, runs on
// the new thread. Its blocking calls are not the caller's (the thread-per-task
// and oversized-thread-pool rules judge the thread itself).

#include "clang/AST/Expr.h"

namespace asyncguard {

/// The argument of `Call` (a call or a construction) that runs on a new
/// thread, or null when `Call` starts no thread.
const clang::Expr *threadEntryArg(const clang::Expr *Call);

} // namespace asyncguard
