#include "core/NoReturnPaths.h"
#include "core/Names.h"

#include "clang/AST/DeclCXX.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/StmtCXX.h"

#include <algorithm>

using namespace clang;

namespace asyncguard {

namespace {
/// In-TU callees are analysed up to this depth of nesting; deeper ones are
/// left to the project-level resolution of IfAll (by USR), which reaches the
/// same answer without recursing on the stack.
constexpr size_t MaxNesting = 8;
} // namespace

NoReturnPaths::NoReturnPaths(ASTContext &Ctx, std::vector<std::string> ConfigNames,
                             std::function<std::string(const FunctionDecl *)> UsrOf,
                             std::function<bool(const FunctionDecl *)> IsProject)
    : Ctx(Ctx), UsrOf(std::move(UsrOf)), IsProject(std::move(IsProject)) {
  for (std::string &N : ConfigNames)
    Names.insert(N.rfind("::", 0) == 0 ? N.substr(2) : N);
}

const BodyCfg *NoReturnPaths::cfg(const FunctionDecl *F) {
  auto [It, Inserted] = Cfgs.try_emplace(F);
  if (!Inserted)
    return It->second.get();
  const Stmt *Body = F->getBody();
  if (const auto *Coro = dyn_cast_or_null<CoroutineBodyStmt>(Body))
    Body = Coro->getBody();
  It->second = BodyCfg::build(F, Body, Ctx);
  return It->second.get();
}

Doom NoReturnPaths::meet(const Doom &A, const Doom &B) {
  // Both successors must end the process: the conditions add up.
  if (A.K == Doom::Kind::Never || B.K == Doom::Kind::Never)
    return {};
  if (A.K == Doom::Kind::Always)
    return B;
  if (B.K == Doom::Kind::Always)
    return A;
  Doom Out{Doom::Kind::IfAll, A.Usrs};
  Out.Usrs.insert(Out.Usrs.end(), B.Usrs.begin(), B.Usrs.end());
  std::sort(Out.Usrs.begin(), Out.Usrs.end());
  Out.Usrs.erase(std::unique(Out.Usrs.begin(), Out.Usrs.end()), Out.Usrs.end());
  return Out;
}

Doom NoReturnPaths::callEnds(const FunctionDecl *Callee) {
  if (!Callee)
    return {};
  // [[noreturn]], __attribute__((noreturn)), _Noreturn, on the declaration
  // or its type: std::exit, abort, _Exit, std::terminate, glog's fatal paths.
  if (Callee->isNoReturn())
    return {Doom::Kind::Always, {}};
  if (!Names.empty() && Names.count(qualifiedName(Callee)))
    return {Doom::Kind::Always, {}};
  if (!IsProject(Callee))
    return {};
  // A virtual call may reach another override; a lambda is judged where it
  // is written, not through each call.
  if (const auto *M = dyn_cast<CXXMethodDecl>(Callee))
    if ((M->isVirtual() && !M->hasAttr<FinalAttr>() && !M->getParent()->hasAttr<FinalAttr>()) ||
        M->getParent()->isLambda())
      return {};
  return bodyEnds(Callee);
}

Doom NoReturnPaths::bodyEnds(const FunctionDecl *F) {
  const FunctionDecl *Def = nullptr;
  std::string Usr = UsrOf(F);
  Doom Unknown = Usr.empty() ? Doom{} : Doom{Doom::Kind::IfAll, {Usr}};
  if (!F->hasBody(Def) || !Def)
    return Unknown; // defined in another TU, if anywhere: decided by USR
  if (auto It = Ends.find(Def); It != Ends.end())
    return It->second;
  if (InProgress.count(Def) || InProgress.size() >= MaxNesting)
    return Unknown;
  InProgress.insert(Def);
  Doom Out;
  if (const BodyCfg *Body = cfg(Def)) {
    const CFGBlock &Entry = Body->graph().getEntry();
    Out = blockStates(*Body).at(&Entry);
  }
  InProgress.erase(Def);
  Ends[Def] = Out;
  return Out;
}

Doom NoReturnPaths::fold(const CFGBlock &B, Doom State, unsigned From) {
  // Backward from the block's end down to element `From`: a call that
  // never returns ends every path through it; the nearest such call decides.
  for (unsigned I = B.size(); I > From; --I) {
    auto S = B[I - 1].getAs<CFGStmt>();
    if (!S)
      continue;
    const auto *Call = dyn_cast<CallExpr>(S->getStmt());
    if (!Call || State.K == Doom::Kind::Always)
      continue;
    Doom D = callEnds(Call->getDirectCallee());
    if (D.K != Doom::Kind::Never)
      State = std::move(D);
  }
  return State;
}

const NoReturnPaths::States &NoReturnPaths::blockStates(const BodyCfg &Body) {
  if (auto It = Solved.find(&Body); It != Solved.end())
    return It->second;
  // State at the start of each block. Every block starts as "returns" and
  // only rises when all its successors end the process, so a loop that
  // never exits (a server's accept loop) does not count as ending it.
  States In, Out;
  const CFG &G = Body.graph();
  for (const CFGBlock *B : G)
    if (B)
      In[B] = Out[B] = Doom{};
  bool Changed = true;
  for (unsigned Round = 0; Changed && Round < 2 * G.size() + 2; ++Round) {
    Changed = false;
    for (const CFGBlock *B : G) {
      if (!B || B == &G.getExit())
        continue;
      Doom End;
      if (B->hasNoReturnElement()) {
        End = {Doom::Kind::Always, {}};
      } else {
        bool Any = false;
        for (const CFGBlock::AdjacentBlock &Succ : B->succs()) {
          const CFGBlock *S = Succ.getReachableBlock();
          if (!S)
            continue;
          End = Any ? meet(End, In[S]) : In[S];
          Any = true;
        }
        if (!Any)
          End = {};
      }
      Doom Start = fold(*B, End, 0);
      if (!(Start == In[B]) || !(End == Out[B])) {
        In[B] = std::move(Start);
        Out[B] = std::move(End);
        Changed = true;
      }
    }
  }
  // Callers ask for the state after a point: keep the block ends, and the
  // entry's start (the entry block has no elements).
  States Result = std::move(Out);
  Result[&G.getEntry()] = In[&G.getEntry()];
  return Solved.emplace(&Body, std::move(Result)).first->second;
}

Doom NoReturnPaths::after(const BodyCfg &Body, const Stmt *Call) {
  auto [Block, Index] = Body.where(Call);
  if (!Block)
    return {};
  const States &End = blockStates(Body);
  auto It = End.find(Block);
  if (It == End.end())
    return {};
  return fold(*Block, It->second, Index + 1);
}

} // namespace asyncguard
