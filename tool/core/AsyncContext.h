#pragma once
// Where code runs: which function bodies are async contexts (DESIGN.md,
// "Where code runs").

#include "clang/AST/Decl.h"
#include <string>
#include <vector>

namespace asyncguard {

/// What a function body is, for the purpose of blocking on a loop thread.
struct AsyncVerdict {
  bool IsCoroutine = false;
  /// Runs on an event loop: a coroutine that is not a synchronous generator.
  bool IsAsync = false;
  /// For the note: "is a coroutine", "is a coroutine lambda".
  std::string Reason;
};

/// Return types that make a coroutine async even when it only co_yields.
const std::vector<std::string> &defaultAsyncTaskTypes();

/// Classifies a function definition. `ExtraTaskTypes` come from config
/// "async_task_types".
AsyncVerdict classifyFunction(const clang::FunctionDecl *F,
                              const std::vector<std::string> &ExtraTaskTypes);

} // namespace asyncguard
