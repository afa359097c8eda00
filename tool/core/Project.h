#pragma once
// The project summary: all TUs' facts merged, blocking propagated from
// leaves to callers, and findings made by the rules.

#include "core/Config.h"
#include "core/Finding.h"

#include <functional>
#include <map>
#include <string>
#include <vector>

namespace asyncguard {

struct ProjectOptions {
  /// The config of every file, unless `ConfigFor` is set.
  const Config *Settings = nullptr;
  /// The config of the file a finding is in (select/ignore per file).
  std::function<const Config &(const std::string &File)> ConfigFor;
  /// --report-unused-suppressions: run the unused-nolint rule.
  bool ReportUnusedSuppressions = false;
  /// Paths in fingerprints are relative to this directory.
  std::string SourceRoot;
  /// Longest chain of project functions followed from a coroutine.
  unsigned MaxDepth = 16;

  const Config &configFor(const std::string &File) const {
    return ConfigFor ? ConfigFor(File) : *Settings;
  }
};

/// Every function of the project by USR, facts of all TUs merged.
class ProjectSummary {
public:
  void add(const TuFacts &Tu);
  const std::map<std::string, FunctionFact> &functions() const { return Functions; }

  /// Findings, sorted by file, line, column and rule; suppressed ones are
  /// included with `Suppression` set.
  std::vector<Finding> findings(const ProjectOptions &Options) const;

private:
  std::map<std::string, FunctionFact> Functions;
  std::vector<ShapeFact> Shapes;
  std::vector<NolintFact> Nolints;
};

/// A path relative to `Root` when it is below it, else unchanged.
std::string relativeTo(const std::string &Path, const std::string &Root);

} // namespace asyncguard
