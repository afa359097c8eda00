#pragma once
// A rule: its metadata from Rules.def and what it says about a finding.

#include "core/Facts.h"

#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace clang {
class ASTContext;
class FunctionDecl;
class SourceLocation;
class SourceRange;
} // namespace clang

namespace asyncguard {

struct Config;
struct AsyncVerdict;

/// What a structural rule sees of a parsed TU (implemented by the fact
/// collector, which owns locations, NOLINT and the config).
class AstView {
public:
  virtual ~AstView() = default;
  virtual clang::ASTContext &ast() = 0;
  /// The call site at the macro use site, with its line text and NOLINTs.
  virtual CallSite site(clang::SourceRange Range) = 0;
  /// False for system headers (nothing is reported there).
  virtual bool isProjectCode(clang::SourceLocation Loc) = 0;
  virtual const Config &config() = 0;
  /// Whether the function is a coroutine / an async context.
  virtual AsyncVerdict classify(const clang::FunctionDecl *F) = 0;
};

enum class RuleKind { BlockingCall, Structural, Suppression };

/// A place where a NOLINT marker could have been used: a finding before
/// suppression, or a blocking call in a synchronous function (its NOLINT
/// stops the transitive propagation).
struct SuppressionUse {
  std::string File;
  unsigned Line = 0;
  std::string Rule;
};

/// What suppression rules see of the whole project.
struct SuppressionView {
  const std::vector<NolintFact> &Markers;
  const std::vector<SuppressionUse> &Uses;
  /// Whether a rule runs in a file (per-file config); a NOLINT naming a rule
  /// that does not run cannot be judged unused.
  std::function<bool(const std::string &File, std::string_view Rule)> Enabled;
};
enum class Level { Note, Warning, Error };

std::string_view levelName(Level L); ///< "note", "warning", "error"

/// One line of Rules.def.
struct RuleInfo {
  std::string_view Id;
  RuleKind Kind;
  Level DefaultLevel;
  std::string_view Summary;
};

/// Base of every rule. Blocking-call rules share the detection (the catalogue
/// and the project-wide propagation in core/Project.cpp); each says why its
/// kind of call stalls the loop and what to do instead.
class Rule {
public:
  explicit Rule(const RuleInfo &Info) : Info(Info) {}
  virtual ~Rule() = default;
  const RuleInfo &info() const { return Info; }
  std::string_view id() const { return Info.Id; }

  /// Blocking-call rules: why this kind of call stalls the loop, appended
  /// to each message.
  virtual std::string_view consequence() const { return {}; }
  /// Structural rules: inspect the TU (project code only; templates once, at
  /// their definition) and append what they find.
  virtual void checkAst(AstView &View, std::vector<ShapeFact> &Out) const {}
  /// Suppression rules: inspect the project's NOLINT markers.
  virtual void checkNolints(const SuppressionView &View, std::vector<ShapeFact> &Out) const {}
  /// What to do instead of `Leaf`, used when its catalogue entry has no `instead`.
  virtual std::string defaultAdvice(const BlockingCall &Leaf) const;

private:
  const RuleInfo &Info;
};

/// Every rule, in Rules.def order.
const std::vector<std::unique_ptr<Rule>> &allRules();
const Rule *findRuleImpl(std::string_view Id);
const RuleInfo *findRule(std::string_view Id);

/// The rule's documentation page (rules/docs/<id>.md), compiled in.
std::string_view ruleDoc(std::string_view Id);
/// Where the doc page lives in the repository, for SARIF helpUri and LSP.
std::string ruleDocUri(std::string_view Id);
/// UpperCamel name from Rules.def (SARIF `name`).
std::string_view ruleClassName(std::string_view Id);

} // namespace asyncguard
