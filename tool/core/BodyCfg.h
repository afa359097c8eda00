#pragma once
// One function body's clang::CFG, with where each statement is evaluated:
// built once per function and shared by the path stages that read it
// (core/NoReturnPaths, core/ConstantGuards).

#include "clang/AST/Decl.h"
#include "clang/Analysis/CFG.h"
#include "llvm/ADT/DenseMap.h"

#include <memory>
#include <utility>

namespace asyncguard {

/// The CFG of one body (noreturn-aware: Clang ends a block at a call of a
/// [[noreturn]] function or destructor), and the block and element index
/// of every statement in it.
class BodyCfg {
public:
  /// Null when Clang cannot build a CFG for the body.
  static std::unique_ptr<BodyCfg> build(const clang::FunctionDecl *F, const clang::Stmt *Body,
                                        clang::ASTContext &Ctx);

  const clang::CFG &graph() const { return *Graph; }
  const clang::FunctionDecl *function() const { return Function; }
  /// Where `S` is evaluated, or {nullptr, 0} when it is not in this CFG (a
  /// statement of a lambda body, an unevaluated operand).
  std::pair<const clang::CFGBlock *, unsigned> where(const clang::Stmt *S) const {
    auto It = Where.find(S);
    return It == Where.end() ? std::pair<const clang::CFGBlock *, unsigned>{nullptr, 0}
                             : It->second;
  }

private:
  const clang::FunctionDecl *Function = nullptr;
  std::unique_ptr<clang::CFG> Graph;
  llvm::DenseMap<const clang::Stmt *, std::pair<const clang::CFGBlock *, unsigned>> Where;
};

} // namespace asyncguard
