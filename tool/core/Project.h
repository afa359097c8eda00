#pragma once
// The project summary: all TUs' facts merged, blocking propagated from
// leaves to callers, and findings made by the rules.

#include "core/Config.h"
#include "core/Finding.h"

#include <map>
#include <string>
#include <vector>

namespace asyncguard {

struct ProjectOptions {
  const Config *Settings = nullptr;
  /// Paths in fingerprints are relative to this directory.
  std::string SourceRoot;
  /// Longest chain of project functions followed from a coroutine.
  unsigned MaxDepth = 16;
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
};

/// A path relative to `Root` when it is below it, else unchanged.
std::string relativeTo(const std::string &Path, const std::string &Root);

} // namespace asyncguard
