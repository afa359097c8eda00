#include "core/ConstantGuards.h"
#include "core/Names.h"

#include "clang/AST/ExprCXX.h"
#include "clang/AST/RecursiveASTVisitor.h"

using namespace clang;

namespace asyncguard {

namespace {

/// Which parameters are only ever read by value in the body: a guard or an
/// argument naming one of them means the value the caller passed.
class ParamUses : public RecursiveASTVisitor<ParamUses> {
public:
  explicit ParamUses(const FunctionDecl *F) : F(F), Refs(F->getNumParams()), Reads(F->getNumParams()) {}

  bool VisitDeclRefExpr(DeclRefExpr *E) {
    if (auto I = index(E))
      ++Refs[*I];
    return true;
  }
  bool VisitImplicitCastExpr(ImplicitCastExpr *E) {
    if (E->getCastKind() == CK_LValueToRValue)
      if (const auto *Ref = dyn_cast<DeclRefExpr>(E->getSubExpr()->IgnoreParens()))
        if (auto I = index(Ref))
          ++Reads[*I];
    return true;
  }
  std::vector<bool> stable() const {
    std::vector<bool> Out(Refs.size());
    for (size_t I = 0; I < Refs.size(); ++I)
      Out[I] = Refs[I] == Reads[I];
    return Out;
  }

private:
  std::optional<unsigned> index(const DeclRefExpr *E) const {
    const auto *P = dyn_cast<ParmVarDecl>(E->getDecl());
    if (!P || P->getDeclContext() != F || P->getFunctionScopeIndex() >= Refs.size())
      return std::nullopt;
    return P->getFunctionScopeIndex();
  }
  const FunctionDecl *F;
  std::vector<unsigned> Refs, Reads;
};

std::string negated(const std::string &Op) {
  if (Op == "==") return "!=";
  if (Op == "!=") return "==";
  if (Op == "<") return ">=";
  if (Op == ">=") return "<";
  if (Op == ">") return "<=";
  return ">"; // "<="
}

std::string mirrored(const std::string &Op) {
  if (Op == "<") return ">";
  if (Op == ">") return "<";
  if (Op == "<=") return ">=";
  if (Op == ">=") return "<=";
  return Op;
}

} // namespace

std::optional<int64_t> integralConstant(const Expr *E, const ASTContext &Ctx) {
  E = stripWrappers(E);
  if (E->isValueDependent() || E->isTypeDependent() ||
      !E->getType()->isIntegralOrEnumerationType())
    return std::nullopt;
  Expr::EvalResult Result;
  if (!E->EvaluateAsInt(Result, Ctx) || Result.Val.getInt().getSignificantBits() > 64)
    return std::nullopt;
  return Result.Val.getInt().getExtValue();
}

ConstantGuards::ConstantGuards(const BodyCfg &Body, ASTContext &Ctx) : Body(Body), Ctx(Ctx) {
  const FunctionDecl *F = Body.function();
  if (!F || F->getNumParams() == 0)
    return;
  ParamUses Uses(F);
  Uses.TraverseStmt(const_cast<Stmt *>(F->getBody()));
  Stable = Uses.stable();
  for (const CFGBlock *B : Body.graph()) {
    if (!B || B->succ_size() != 2)
      continue;
    if (const Expr *Cond = B->getLastCondition())
      if (auto G = parse(Cond))
        Branches.push_back({B, *G});
  }
}

ConstantGuards::~ConstantGuards() = default;

std::optional<unsigned> ConstantGuards::stableParam(const Expr *E) const {
  const auto *Ref = dyn_cast<DeclRefExpr>(E->IgnoreParenCasts());
  const auto *P = Ref ? dyn_cast<ParmVarDecl>(Ref->getDecl()) : nullptr;
  if (!P || P->getDeclContext() != Body.function() || !P->getType()->isIntegralOrEnumerationType())
    return std::nullopt;
  unsigned I = P->getFunctionScopeIndex();
  if (I >= Stable.size() || !Stable[I])
    return std::nullopt;
  return I;
}

std::optional<ParamGuard> ConstantGuards::parse(const Expr *Cond) const {
  Cond = Cond->IgnoreParenImpCasts();
  if (const auto *Not = dyn_cast<UnaryOperator>(Cond); Not && Not->getOpcode() == UO_LNot) {
    auto Inner = parse(Not->getSubExpr());
    if (Inner)
      Inner->Op = negated(Inner->Op);
    return Inner;
  }
  if (auto P = stableParam(Cond)) // `if (flag)`
    return ParamGuard{*P, "!=", 0};
  const auto *Bin = dyn_cast<BinaryOperator>(Cond);
  if (!Bin || !Bin->isComparisonOp())
    return std::nullopt;
  std::string Op = BinaryOperator::getOpcodeStr(Bin->getOpcode()).str();
  if (auto P = stableParam(Bin->getLHS()))
    if (auto V = integralConstant(Bin->getRHS(), Ctx))
      return ParamGuard{*P, Op, *V};
  if (auto P = stableParam(Bin->getRHS()))
    if (auto V = integralConstant(Bin->getLHS(), Ctx))
      return ParamGuard{*P, mirrored(Op), *V};
  return std::nullopt;
}

std::vector<ParamGuard> ConstantGuards::at(const Stmt *Call) {
  std::vector<ParamGuard> Out;
  const CFGBlock *Site = Body.where(Call).first;
  if (!Site || Branches.empty())
    return Out;
  if (!Dominators) {
    Dominators = std::make_unique<CFGDomTree>();
    Dominators->buildDominatorTree(const_cast<CFG *>(&Body.graph()));
  }
  for (const Branch &B : Branches) {
    for (unsigned I = 0; I < 2; ++I) {
      const CFGBlock *Succ = B.Block->succs().begin()[I].getReachableBlock();
      if (!Succ)
        continue;
      // The edge B -> Succ dominates the site: Succ is entered only from B
      // and every path to the site goes through Succ.
      unsigned Preds = 0;
      for (const CFGBlock::AdjacentBlock &P : Succ->preds())
        Preds += P.getReachableBlock() != nullptr;
      if (Preds != 1 || !Dominators->dominates(Succ, Site))
        continue;
      ParamGuard G = B.IfTrue;
      if (I == 1)
        G.Op = negated(G.Op);
      if (std::find(Out.begin(), Out.end(), G) == Out.end())
        Out.push_back(G);
    }
  }
  return Out;
}

std::vector<ArgValue> ConstantGuards::argValues(llvm::ArrayRef<const Expr *> Args) const {
  std::vector<ArgValue> Out(Args.size());
  bool Any = false;
  for (size_t I = 0; I < Args.size(); ++I) {
    if (auto V = integralConstant(Args[I], Ctx)) {
      Out[I] = {"constant", *V};
      Any = true;
    } else if (auto P = stableParam(stripWrappers(Args[I]))) {
      Out[I] = {"param", static_cast<int64_t>(*P)};
      Any = true;
    }
  }
  if (!Any)
    Out.clear();
  return Out;
}

} // namespace asyncguard
