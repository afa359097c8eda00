#pragma once
// clang-tidy style suppressions: NOLINT, NOLINTNEXTLINE, NOLINTBEGIN/END,
// each with an optional (check,glob,...) list. A check names a rule as
// "asyncguard-<id>" (clang-tidy's form) or as the bare "<id>" that `rules`,
// JSON, SARIF and --select use.

#include "core/Facts.h"

#include <string>
#include <string_view>
#include <vector>

namespace asyncguard {

/// The NOLINT patterns of every line of one file, and the markers that
/// concern asyncguard (for the unmatched and unused reports).
class NolintIndex {
public:
  explicit NolintIndex(std::string_view Text);
  /// Patterns covering 1-based `Line` ("*" for a bare NOLINT).
  std::vector<std::string> patternsForLine(unsigned Line) const;
  /// Markers that are bare or name an asyncguard rule, in file order.
  /// `Range.File` and `Range.LineText` are left for the caller to fill.
  const std::vector<NolintFact> &markers() const { return Markers; }

private:
  std::vector<std::vector<std::string>> ByLine; // index 0 = line 1
  std::vector<NolintFact> Markers;
};

/// True if a NOLINT check pattern covers rule `RuleId`: it matches
/// "asyncguard-<RuleId>" or the bare id (so NOLINT(bugprone-foo) never does).
bool patternCovers(std::string_view Pattern, std::string_view RuleId);
/// True if any pattern covers `RuleId`.
bool isSuppressed(const std::vector<std::string> &Patterns, std::string_view RuleId);
/// True if `Pattern` was written for asyncguard: it covers one of its rules
/// and is not the catch-all "*" (a bare NOLINT may be meant for any tool).
bool namesAsyncguardRule(std::string_view Pattern);

} // namespace asyncguard
