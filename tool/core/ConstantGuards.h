#pragma once
// Branches decided by constants at the call site (issue 21). Per call site:
// the conditions on the enclosing function's parameters under which it runs
// ("blocks only if parameter k == value"), read from the branches of the
// body's clang::CFG that dominate it. Per call: what each argument passes (a
// constant, or one of the caller's parameters unchanged). Propagation
// (core/FeasibleChains) checks the guards with the constants a chain passes.

#include "core/BodyCfg.h"
#include "core/Facts.h"

#include "clang/AST/ASTContext.h"
#include "clang/Analysis/Analyses/Dominators.h"

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <vector>

namespace asyncguard {

/// The guards of one body's call sites.
class ConstantGuards {
public:
  ConstantGuards(const BodyCfg &Body, clang::ASTContext &Ctx);
  ~ConstantGuards();

  /// The conditions on parameters that hold wherever `Call` runs.
  std::vector<ParamGuard> at(const clang::Stmt *Call);
  /// What each argument of a call passes; empty when nothing is known.
  std::vector<ArgValue> argValues(llvm::ArrayRef<const clang::Expr *> Args) const;

private:
  struct Branch {
    const clang::CFGBlock *Block;
    ParamGuard IfTrue; ///< holds on successor 0; its negation on successor 1
  };
  std::optional<ParamGuard> parse(const clang::Expr *Cond) const;
  std::optional<unsigned> stableParam(const clang::Expr *E) const;

  const BodyCfg &Body;
  clang::ASTContext &Ctx;
  std::vector<Branch> Branches;
  std::vector<bool> Stable; ///< per parameter: only ever read by value
  std::unique_ptr<clang::CFGDomTree> Dominators;
};

/// The constant of an integral or enumeration expression, if it has one.
std::optional<int64_t> integralConstant(const clang::Expr *E, const clang::ASTContext &Ctx);

/// A parameter's value along a chain: known constant or unknown.
using ParamValues = std::vector<std::optional<int64_t>>;

/// False only when a guard is decided false by the known values.
bool guardsMayHold(const std::vector<ParamGuard> &Guards, const ParamValues &Values);
/// The callee's parameter values for a call with `Args` from a caller whose
/// own parameters have `Caller` values.
ParamValues calleeValues(const std::vector<ArgValue> &Args, const ParamValues &Caller);

} // namespace asyncguard
