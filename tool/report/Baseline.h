#pragma once
// Baselines: adopt asyncguard in a large codebase without fixing every old
// finding first. Findings are recorded by fingerprint (stable under edits
// elsewhere); with a baseline only new findings are reported.

#include "core/Finding.h"
#include "llvm/Support/Error.h"

#include <string>
#include <vector>

namespace asyncguard {

struct BaselineEntry {
  std::string Fingerprint;
  std::string Rule;
  std::string File; ///< relative to the source root
  std::string Message;
};

llvm::Expected<std::vector<BaselineEntry>> readBaseline(const std::string &Path);
llvm::Error writeBaseline(const std::string &Path, const std::vector<Finding> &Findings,
                          const std::string &SourceRoot);
/// Marks baselined findings suppressed ("baseline"); returns the entries
/// that matched nothing (fixed since: the baseline can shrink).
std::vector<BaselineEntry> applyBaseline(const std::vector<BaselineEntry> &Known,
                                         std::vector<Finding> &Findings);

} // namespace asyncguard
