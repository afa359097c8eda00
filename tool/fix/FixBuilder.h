#pragma once
// The rewrites that move a blocking call off the loop (DESIGN.md, "Fix
// targets"), computed while the AST is alive and kept as plain edits.

#include "core/Catalogue.h"
#include "core/Facts.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/Expr.h"
#include "llvm/Support/Error.h"

#include <string>

namespace asyncguard {

/// How a fix spells "run this off the loop" and "sleep without blocking" in
/// the user's runtime (config "fix_style"). Placeholders: {expr}, {type},
/// {duration}, {time_point}, {pool}. An empty form means "no such rewrite".
struct FixStyle {
  std::string Name = "asyncguard";
  std::string Offload = "co_await asyncguard::rt::offload([&] { return {expr}; })";
  std::string SleepFor = "co_await asyncguard::rt::sleep_for({duration})";
  std::string SleepUntil = "co_await asyncguard::rt::sleep_until({time_point})";
  std::string Include = "<asyncguard/rt.hpp>";
  std::string Pool;
  /// Why this style has no offload or sleep rewrite, when it has none.
  std::string Missing;

  /// The style named by config "fix_style": a name or a JSON template object.
  static llvm::Expected<FixStyle> fromConfig(const std::string &Value);
};

/// The fix for a call to a catalogued API inside `Owner`'s body, or the
/// reason none is offered.
FixSuggestion buildBlockingCallFix(clang::ASTContext &Ctx, const clang::Expr &Call,
                                   const CatalogueEntry &Entry,
                                   llvm::ArrayRef<const clang::Expr *> Args,
                                   const clang::FunctionDecl *Owner, bool InNestedLambda,
                                   const FixStyle &Style);

/// The fix for a call to a blocking project function: offload the whole call.
FixSuggestion buildCallOffloadFix(clang::ASTContext &Ctx, const clang::Expr &Call,
                                  const clang::FunctionDecl *Owner, bool InNestedLambda,
                                  const FixStyle &Style);

} // namespace asyncguard
