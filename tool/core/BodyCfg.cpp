#include "core/BodyCfg.h"

using namespace clang;

namespace asyncguard {

std::unique_ptr<BodyCfg> BodyCfg::build(const FunctionDecl *F, const Stmt *Body, ASTContext &Ctx) {
  if (!Body)
    return nullptr;
  CFG::BuildOptions Options;
  // Every call is an element of its own, so that a call site can be found;
  // implicit destructors, because a noreturn destructor (glog's
  // LogMessageFatal) ends the process.
  Options.setAllAlwaysAdd();
  Options.AddImplicitDtors = true;
  Options.AddTemporaryDtors = true;
  // Branches on constants (`if (false)`, `if constexpr`) are pruned by the
  // builder: their arms are unreachable.
  Options.PruneTriviallyFalseEdges = true;
  auto Out = std::unique_ptr<BodyCfg>(new BodyCfg());
  Out->Function = F;
  Out->Graph = CFG::buildCFG(F, const_cast<Stmt *>(Body), &Ctx, Options);
  if (!Out->Graph)
    return nullptr;
  for (const CFGBlock *B : *Out->Graph) {
    if (!B)
      continue;
    unsigned Index = 0;
    for (const CFGElement &E : *B) {
      if (auto S = E.getAs<CFGStmt>())
        Out->Where.try_emplace(S->getStmt(), B, Index);
      ++Index;
    }
  }
  return Out;
}

} // namespace asyncguard
