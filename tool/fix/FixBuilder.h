#pragma once
// The rewrites that move a blocking call off the loop (DESIGN.md, "Fix
// targets"), computed while the AST is alive and kept as plain edits.

#include "core/Catalogue.h"
#include "core/Facts.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/Expr.h"

namespace asyncguard {

/// The fix for a call to a catalogued API inside `Owner`'s body, or the
/// reason none is offered.
FixSuggestion buildBlockingCallFix(clang::ASTContext &Ctx, const clang::Expr &Call,
                                   const CatalogueEntry &Entry,
                                   llvm::ArrayRef<const clang::Expr *> Args,
                                   const clang::FunctionDecl *Owner, bool InNestedLambda);

/// The fix for a call to a blocking project function: offload the whole call.
FixSuggestion buildCallOffloadFix(clang::ASTContext &Ctx, const clang::Expr &Call,
                                  const clang::FunctionDecl *Owner, bool InNestedLambda);

} // namespace asyncguard
