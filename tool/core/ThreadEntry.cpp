#include "core/ThreadEntry.h"
#include "core/Names.h"

#include "clang/AST/ExprCXX.h"

using namespace clang;

namespace asyncguard {

const Expr *threadEntryArg(const Expr *Call) {
  if (const auto *Construct = dyn_cast<CXXConstructExpr>(Call)) {
    std::string Class = qualifiedName(Construct->getConstructor()->getParent());
    if ((Class == "std::thread" || Class == "std::jthread") && Construct->getNumArgs() > 0 &&
        !Construct->getConstructor()->isCopyOrMoveConstructor())
      return Construct->getArg(0);
    return nullptr;
  }
  const auto *C = dyn_cast<CallExpr>(Call);
  const FunctionDecl *Callee = C ? C->getDirectCallee() : nullptr;
  if (Callee && qualifiedName(Callee) == "pthread_create" && C->getNumArgs() > 2)
    return C->getArg(2);
  return nullptr;
}

} // namespace asyncguard
