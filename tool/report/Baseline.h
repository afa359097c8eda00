#pragma once
// Baselines: adopt asyncguard in a large codebase without fixing every old
// finding first. Findings are recorded by fingerprint (stable under edits
// elsewhere); with a baseline only new findings are reported.

#include "core/Finding.h"
#include "llvm/Support/Error.h"

#include <set>
#include <string>
#include <vector>

namespace asyncguard {

struct BaselineEntry {
  std::string Fingerprint;
  std::string Rule;
  std::string File; ///< relative to the source root
  std::string Message;
};

/// The files whose findings a run can vouch for, relative to the source
/// root: analysed without error and, under --changed, among the changed
/// files. A baseline entry outside it says nothing about this run.
using BaselineScope = std::set<std::string>;

llvm::Expected<std::vector<BaselineEntry>> readBaseline(const std::string &Path);
/// Writes the unsuppressed `Findings` and the `Kept` entries of an earlier
/// baseline (see keptEntries), one entry per fingerprint.
llvm::Error writeBaseline(const std::string &Path, const std::vector<Finding> &Findings,
                          const std::string &SourceRoot,
                          const std::vector<BaselineEntry> &Kept = {});
/// Marks baselined findings suppressed ("baseline"); returns the entries
/// that matched nothing although their file is in `Scope` or no longer
/// exists under `SourceRoot` (fixed since: the baseline can shrink). Entries
/// of other files the run did not analyse are never reported as gone.
std::vector<BaselineEntry> applyBaseline(const std::vector<BaselineEntry> &Known,
                                         std::vector<Finding> &Findings,
                                         const BaselineScope &Scope, const std::string &SourceRoot);
/// The entries of `Previous` that a rewrite must keep: their file is outside
/// `Scope` (not analysed, or not changed under --changed) and still exists
/// under `SourceRoot` (a deleted file's entries go).
std::vector<BaselineEntry> keptEntries(const std::vector<BaselineEntry> &Previous,
                                       const BaselineScope &Scope, const std::string &SourceRoot);

} // namespace asyncguard
