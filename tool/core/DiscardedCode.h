#pragma once
// Discarded `if constexpr` arms are not code (issue 21): facts come from the
// arm an instantiation keeps. In a template pattern whose condition depends
// on template arguments neither arm is known to run; each instantiation
// (a function of its own, docs/architecture.md "Templates once") holds
// only its kept arm and carries the facts.

#include "clang/AST/ASTContext.h"
#include "clang/AST/Stmt.h"

namespace asyncguard {

struct LiveArms {
  bool Then = true;
  bool Else = true;
};

/// Which arms of `If` run when its function runs: both for a plain `if`.
LiveArms liveArms(const clang::IfStmt *If, const clang::ASTContext &Ctx);

} // namespace asyncguard
