#pragma once
// Process-ending paths (issue 21): a blocking call after which every path
// ends in a call that never returns (std::exit, abort, std::terminate, a
// [[noreturn]] function, a fatal logger's noreturn destructor, a function
// that itself never returns, a config "noreturn" name) cannot stall a loop:
// the process ends. A backward analysis over the body's clang::CFG.

#include "core/BodyCfg.h"

#include "clang/AST/ASTContext.h"

#include <functional>
#include <map>
#include <set>
#include <string>
#include <vector>

namespace asyncguard {

/// Whether the process ends after a point of a body.
struct Doom {
  enum class Kind { Never, IfAll, Always };
  Kind K = Kind::Never;
  /// IfAll: the USRs of functions defined in other TUs; the process ends
  /// if every one of them never returns.
  std::vector<std::string> Usrs;
  friend bool operator==(const Doom &, const Doom &) = default;
};

/// The noreturn knowledge of one TU, with each body's CFG built once.
class NoReturnPaths {
public:
  /// `Names` are config "noreturn" entries (qualified names); `UsrOf` names
  /// a function in the facts; `IsProject` tells project code from system
  /// headers (whose functions are trusted to return unless declared noreturn).
  NoReturnPaths(clang::ASTContext &Ctx, std::vector<std::string> Names,
                std::function<std::string(const clang::FunctionDecl *)> UsrOf,
                std::function<bool(const clang::FunctionDecl *)> IsProject);

  /// The CFG of `F`'s body (a coroutine's own body), built once; null when
  /// it has none or Clang cannot build it.
  const BodyCfg *cfg(const clang::FunctionDecl *F);
  /// Whether a call of `Callee` never returns.
  Doom callEnds(const clang::FunctionDecl *Callee);
  /// Whether `F` never returns: every path from its entry ends in such a call.
  Doom bodyEnds(const clang::FunctionDecl *F);
  /// Whether every path after `Call` (evaluated in `Body`) ends the process.
  /// Never when the call is not in that CFG.
  Doom after(const BodyCfg &Body, const clang::Stmt *Call);

private:
  using States = std::map<const clang::CFGBlock *, Doom>;
  const States &blockStates(const BodyCfg &Body);
  Doom fold(const clang::CFGBlock &B, Doom State, unsigned From);
  static Doom meet(const Doom &A, const Doom &B);

  clang::ASTContext &Ctx;
  std::set<std::string> Names;
  std::function<std::string(const clang::FunctionDecl *)> UsrOf;
  std::function<bool(const clang::FunctionDecl *)> IsProject;
  std::map<const clang::FunctionDecl *, std::unique_ptr<BodyCfg>> Cfgs;
  std::map<const BodyCfg *, States> Solved;
  std::map<const clang::FunctionDecl *, Doom> Ends;
  std::set<const clang::FunctionDecl *> InProgress;
};

} // namespace asyncguard
