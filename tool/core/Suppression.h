#pragma once
// clang-tidy style suppressions: NOLINT, NOLINTNEXTLINE, NOLINTBEGIN/END,
// each with an optional (check,glob,...) list.

#include <string>
#include <string_view>
#include <vector>

namespace asyncguard {

/// The NOLINT patterns of every line of one file.
class NolintIndex {
public:
  explicit NolintIndex(std::string_view Text);
  /// Patterns covering 1-based `Line` ("*" for a bare NOLINT).
  std::vector<std::string> patternsForLine(unsigned Line) const;

private:
  std::vector<std::vector<std::string>> ByLine; // index 0 = line 1
};

/// True if any pattern covers the check "asyncguard-<RuleId>".
bool isSuppressed(const std::vector<std::string> &Patterns, std::string_view RuleId);

} // namespace asyncguard
