#pragma once
// What the rules report: plain data for every reporter, --fix and the LSP.

#include "core/Facts.h"
#include "rules/Rule.h"

#include <string>
#include <vector>

namespace asyncguard {

struct Note {
  SourceRange Range;
  std::string Message;
};

struct Finding {
  std::string Rule;
  Level Severity = Level::Warning;
  SourceRange Range;
  std::string Message;
  std::string Function; ///< the async function it is in
  std::string Callee;   ///< the blocking API, or the first helper of a chain
  /// Each step of a chain, caller first, ending at the blocking API call.
  std::vector<Note> Chain;
  /// Where the async context starts (the coroutine).
  std::vector<Note> Context;
  std::string Advice;
  FixSuggestion Fix;
  /// Stable under edits elsewhere: rule, file, function and callee.
  std::string Fingerprint;
  /// Why it is not reported ("nolint", "baseline"), or "".
  std::string Suppression;
};

/// A TU that could not be analysed, for reporters.
struct TuFailure {
  std::string File;
  std::vector<std::string> Errors;
};

} // namespace asyncguard
