#include "core/DiscardedCode.h"

#include "clang/AST/Expr.h"

using namespace clang;

namespace asyncguard {

LiveArms liveArms(const IfStmt *If, const ASTContext &Ctx) {
  if (!If->isConstexpr())
    return {};
  const Expr *Cond = If->getCond();
  if (!Cond || Cond->isValueDependent() || Cond->isTypeDependent())
    return {false, false};
  bool Value = false;
  if (!Cond->EvaluateAsBooleanCondition(Value, Ctx))
    return {}; // not a constant: ill-formed, Clang has said so
  return {Value, !Value};
}

} // namespace asyncguard
