#include "rules/ThreadShapes.h"
#include "core/Config.h"
#include "core/Names.h"
#include "rules/Rule.h"

#include "clang/AST/DeclCXX.h"
#include "clang/AST/DeclTemplate.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "clang/Basic/SourceManager.h"
#include "clang/Lex/Lexer.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/DenseSet.h"

#include <cstdio>

using namespace clang;

namespace asyncguard {
namespace {

const char *const ThreadTypes[] = {"std::thread", "std::jthread", "boost::thread"};
const char *const CoreCountFunctions[] = {
    "std::thread::hardware_concurrency", "std::jthread::hardware_concurrency",
    "boost::thread::hardware_concurrency", "boost::thread::physical_concurrency",
    "get_nprocs", "get_nprocs_conf", "sysconf"};

bool isThreadType(const std::string &Name) {
  for (const char *T : ThreadTypes)
    if (Name == T)
      return true;
  return false;
}

std::string textOf(const Stmt *S, ASTContext &Ctx) {
  const SourceManager &SM = Ctx.getSourceManager();
  CharSourceRange Range = SM.getExpansionRange(S->getSourceRange());
  return Lexer::getSourceText(Range, SM, Ctx.getLangOpts()).str();
}

std::string calleeName(const CallExpr *Call) {
  const FunctionDecl *F = Call->getDirectCallee();
  return F ? qualifiedName(F) : "";
}

/// The std::thread-like type a container of threads holds, if `Object` is one.
bool holdsThreads(const Expr *Object) {
  QualType T = Object->getType().getNonReferenceType();
  if (const auto *P = T->getAs<PointerType>())
    T = P->getPointeeType();
  const auto *Spec = dyn_cast_or_null<ClassTemplateSpecializationDecl>(T->getAsRecordDecl());
  if (!Spec || Spec->getTemplateArgs().size() == 0)
    return false;
  const TemplateArgument &Arg = Spec->getTemplateArgs()[0];
  return Arg.getKind() == TemplateArgument::Type && isThreadType(recordTypeName(Arg.getAsType()));
}

/// What `S` starts, if it starts a thread: "std::thread", "pthread_create", ...
std::optional<std::string> threadStarted(const Stmt *S, ASTContext &Ctx) {
  if (const auto *Construct = dyn_cast<CXXConstructExpr>(S)) {
    std::string Type = recordTypeName(Construct->getType());
    const CXXConstructorDecl *Ctor = Construct->getConstructor();
    if (isThreadType(Type) && Construct->getNumArgs() > 0 && Ctor &&
        !Ctor->isCopyOrMoveConstructor())
      return Type;
    return std::nullopt;
  }
  if (const auto *Member = dyn_cast<CXXMemberCallExpr>(S)) {
    const CXXMethodDecl *Method = Member->getMethodDecl();
    if (!Method || !Method->getIdentifier() || Member->getNumArgs() == 0)
      return std::nullopt;
    llvm::StringRef Name = Method->getName();
    // push_back(std::thread(...)) constructs the thread in the argument,
    // which is found on its own; emplace constructs it inside the container.
    if ((Name == "emplace_back" || Name == "emplace" || Name == "emplace_front") &&
        holdsThreads(Member->getImplicitObjectArgument()) &&
        !isThreadType(recordTypeName(Member->getArg(Member->getNumArgs() - 1)->getType())))
      return recordTypeName(
          cast<ClassTemplateSpecializationDecl>(
              Member->getImplicitObjectArgument()->getType().getNonReferenceType()->getAsRecordDecl())
              ->getTemplateArgs()[0]
              .getAsType());
    return std::nullopt;
  }
  if (const auto *Call = dyn_cast<CallExpr>(S)) {
    std::string Name = calleeName(Call);
    if (Name == "pthread_create")
      return Name;
    if (Name == "std::async" && Call->getNumArgs() > 1 &&
        recordTypeName(Call->getArg(0)->getType()).empty() &&
        Call->getArg(0)->getType()->isEnumeralType()) {
      // std::launch::async is bit 0; with it set, libstdc++ starts a thread.
      if (std::optional<uint64_t> Policy = constantCount(Call->getArg(0), Ctx); Policy && (*Policy & 1))
        return std::string("std::async(std::launch::async)");
    }
  }
  return std::nullopt;
}

/// The loop variable's bound in `i < N`, `i <= N`, `N > i`, `i != N`.
const Expr *boundOf(const ForStmt *For, const VarDecl *&Var, bool &Inclusive) {
  const auto *Cond = dyn_cast_or_null<BinaryOperator>(For->getCond() ? stripWrappers(For->getCond(), /*FunctionalCasts=*/true) : nullptr);
  if (!Cond || !Cond->isComparisonOp())
    return nullptr;
  auto VarOf = [](const Expr *E) -> const VarDecl * {
    const auto *Ref = dyn_cast<DeclRefExpr>(stripWrappers(E, /*FunctionalCasts=*/true));
    return Ref ? dyn_cast<VarDecl>(Ref->getDecl()) : nullptr;
  };
  BinaryOperatorKind Op = Cond->getOpcode();
  if ((Var = VarOf(Cond->getLHS())) && (Op == BO_LT || Op == BO_LE || Op == BO_NE)) {
    Inclusive = Op == BO_LE;
    return Cond->getRHS();
  }
  if ((Var = VarOf(Cond->getRHS())) && (Op == BO_GT || Op == BO_GE || Op == BO_NE)) {
    Inclusive = Op == BO_GE;
    return Cond->getLHS();
  }
  return nullptr;
}

bool isConstantTrue(const Expr *E, ASTContext &Ctx) {
  if (!E)
    return true;
  if (E->isValueDependent())
    return false;
  bool Value = false;
  return E->EvaluateAsBooleanCondition(Value, Ctx) && Value;
}

LoopInfo classifyLoop(const Stmt *Loop, ASTContext &Ctx) {
  LoopInfo Info;
  Info.Loop = Loop;
  if (const auto *For = dyn_cast<ForStmt>(Loop)) {
    if (isConstantTrue(For->getCond(), Ctx)) {
      Info.Why = "'for (;;)' has no bound: it runs once per task for as long as work arrives";
      return Info;
    }
    const VarDecl *Var = nullptr;
    bool Inclusive = false;
    const Expr *Bound = boundOf(For, Var, Inclusive);
    if (!Bound) {
      Info.Bound = LoopBound::PerItem;
      Info.Why = "the loop runs until '" + textOf(For->getCond(), Ctx) + "' fails, once per item";
      return Info;
    }
    if (std::optional<uint64_t> N = constantCount(Bound, Ctx)) {
      uint64_t Start = 0;
      if (Var && Var->getInit())
        Start = constantCount(Var->getInit(), Ctx).value_or(0);
      Info.Bound = LoopBound::Constant;
      Info.Trips = *N + (Inclusive ? 1 : 0) > Start ? *N + (Inclusive ? 1 : 0) - Start : 0;
      Info.Why = "the loop runs " + std::to_string(Info.Trips) + " times";
      return Info;
    }
    if (derivesFromCores(Bound)) {
      Info.Bound = LoopBound::Cores;
      return Info;
    }
    // `i < jobs.size()`: one iteration per element of the data.
    if (const auto *Call = dyn_cast<CXXMemberCallExpr>(stripWrappers(Bound, /*FunctionalCasts=*/true))) {
      Info.Bound = LoopBound::PerItem;
      Info.Why = "the loop runs once per element ('" + textOf(Call, Ctx) + "')";
      return Info;
    }
    Info.Bound = LoopBound::Counted;
    return Info;
  }
  if (const auto *Range = dyn_cast<CXXForRangeStmt>(Loop)) {
    QualType T = Range->getRangeInit()->getType().getNonReferenceType();
    uint64_t Size = 0;
    if (const auto *Array = Ctx.getAsConstantArrayType(T)) {
      Size = Array->getSize().getZExtValue();
    } else if (const auto *Spec =
                   dyn_cast_or_null<ClassTemplateSpecializationDecl>(T->getAsRecordDecl());
               Spec && qualifiedName(Spec) == "std::array" && Spec->getTemplateArgs().size() == 2 &&
               Spec->getTemplateArgs()[1].getKind() == TemplateArgument::Integral) {
      Size = Spec->getTemplateArgs()[1].getAsIntegral().getZExtValue();
    }
    if (Size) {
      Info.Bound = LoopBound::Constant;
      Info.Trips = Size;
      Info.Why = "the loop runs " + std::to_string(Size) + " times";
      return Info;
    }
    Info.Bound = LoopBound::PerItem;
    Info.Why = "the loop runs once per element of '" + textOf(Range->getRangeInit(), Ctx) + "'";
    return Info;
  }
  const Expr *Cond = nullptr;
  const char *Keyword = "while";
  if (const auto *While = dyn_cast<WhileStmt>(Loop))
    Cond = While->getCond();
  else if (const auto *Do = dyn_cast<DoStmt>(Loop)) {
    Cond = Do->getCond();
    Keyword = "do ... while";
  }
  if (Cond && !isConstantTrue(Cond, Ctx)) {
    Info.Why = "'" + std::string(Keyword) + " (" + textOf(Cond, Ctx) +
               ")' has no fixed bound: it runs once per task while work arrives";
    return Info;
  }
  Info.Why = "'" + std::string(Keyword) + " (true)' has no bound: it runs once per task for as "
             "long as work arrives";
  return Info;
}

/// Whether the thread held by the local `Var` is joined within the iteration
/// of `Loop` that started it (issue 19, item 3): `for (...) { std::thread
/// t{f}; t.join(); }` has one thread alive, not one per iteration. Every use
/// of `Var` in the loop must be a member call that keeps the thread where it
/// is (join, joinable, get_id, ...); a move, a detach, a copy into a
/// container or a capture by a lambda lets it outlive the iteration. A
/// std::jthread that never escapes joins when its scope ends.
bool joinedWithinIteration(const VarDecl *Var, const Stmt *Loop) {
  if (!Var || !Var->hasLocalStorage() || !Loop)
    return false;
  struct Uses : RecursiveASTVisitor<Uses> {
    const VarDecl *Var = nullptr;
    llvm::DenseSet<const DeclRefExpr *> Kept;
    bool Joined = false;
    bool Escapes = false;
    int LambdaDepth = 0;
    bool TraverseLambdaExpr(LambdaExpr *L) {
      ++LambdaDepth;
      bool Result = RecursiveASTVisitor::TraverseLambdaExpr(L);
      --LambdaDepth;
      return Result;
    }
    // Pre-order: the member expression is seen before its base.
    bool VisitMemberExpr(MemberExpr *M) {
      const auto *Ref = dyn_cast<DeclRefExpr>(M->getBase()->IgnoreParenImpCasts());
      if (!Ref || Ref->getDecl() != Var || LambdaDepth > 0 || !M->getMemberDecl()->getIdentifier())
        return true;
      llvm::StringRef Name = M->getMemberDecl()->getName();
      if (Name == "join")
        Joined = true;
      else if (Name != "joinable" && Name != "get_id" && Name != "native_handle" &&
               Name != "request_stop" && Name != "get_stop_token" && Name != "get_stop_source")
        return true; // detach and anything else: counted as an escape below
      Kept.insert(Ref);
      return true;
    }
    bool VisitDeclRefExpr(DeclRefExpr *Ref) {
      if (Ref->getDecl() == Var && !Kept.contains(Ref))
        Escapes = true;
      return !Escapes;
    }
  } U;
  U.Var = Var;
  U.TraverseStmt(const_cast<Stmt *>(Loop));
  if (U.Escapes)
    return false;
  return U.Joined || recordTypeName(Var->getType()) == "std::jthread";
}

/// Walks project code, keeping the loops around each statement.
class StartFinder : public RecursiveASTVisitor<StartFinder> {
public:
  StartFinder(AstView &View, std::vector<ThreadStart> &Out) : View(View), Out(Out) {}

  bool TraverseDecl(Decl *D) {
    if (D && !isa<TranslationUnitDecl>(D) && !isa<NamespaceDecl>(D) && !isa<LinkageSpecDecl>(D) &&
        !View.isProjectCode(D->getLocation()))
      return true;
    const auto *F = dyn_cast_or_null<FunctionDecl>(D);
    if (!F || !F->doesThisDeclarationHaveABody())
      return RecursiveASTVisitor::TraverseDecl(D);
    std::string Saved = std::exchange(Function, displayName(F));
    std::vector<LoopInfo> SavedLoops = std::exchange(Loops, {});
    bool Result = RecursiveASTVisitor::TraverseDecl(D);
    Loops = std::move(SavedLoops);
    Function = std::move(Saved);
    return Result;
  }

#define AG_LOOP(Type)                                                                             \
  bool Traverse##Type(Type *S) {                                                                  \
    Loops.push_back(classifyLoop(S, View.ast()));                                                 \
    bool Result = RecursiveASTVisitor::Traverse##Type(S);                                         \
    Loops.pop_back();                                                                             \
    return Result;                                                                                \
  }
  AG_LOOP(ForStmt)
  AG_LOOP(CXXForRangeStmt)
  AG_LOOP(WhileStmt)
  AG_LOOP(DoStmt)
#undef AG_LOOP

  bool TraverseLambdaExpr(LambdaExpr *L) {
    if (Immediate.contains(L))
      return RecursiveASTVisitor::TraverseLambdaExpr(L);
    // The body runs later, elsewhere: not per iteration of the loops here.
    std::vector<LoopInfo> SavedLoops = std::exchange(Loops, {});
    bool SavedCallback = std::exchange(InCallback, Callbacks.contains(L));
    std::string Saved = std::exchange(Function, displayName(L->getCallOperator()));
    bool Result = RecursiveASTVisitor::TraverseLambdaExpr(L);
    Function = std::move(Saved);
    InCallback = SavedCallback;
    Loops = std::move(SavedLoops);
    return Result;
  }

  // Pre-order: these run before the lambda arguments are traversed.
  bool VisitCallExpr(CallExpr *Call) {
    if (const auto *Op = dyn_cast<CXXOperatorCallExpr>(Call);
        Op && Op->getOperator() == OO_Call && Op->getNumArgs() > 0)
      if (const auto *L = dyn_cast<LambdaExpr>(stripWrappers(Op->getArg(0), /*FunctionalCasts=*/true))) {
        Immediate.insert(L);
        return noteStart(Call);
      }
    markCallbacks(Call->arguments(), threadStarted(Call, View.ast()).has_value());
    return noteStart(Call);
  }
  bool VisitCXXConstructExpr(CXXConstructExpr *Construct) {
    markCallbacks(Construct->arguments(), threadStarted(Construct, View.ast()).has_value());
    return noteStart(Construct);
  }
  // Pre-order: a variable is seen before the construction that initializes it.
  bool VisitVarDecl(VarDecl *Var) {
    if (const Expr *Init = Var->getInit())
      if (const auto *Construct =
              dyn_cast<CXXConstructExpr>(stripWrappers(Init, /*FunctionalCasts=*/true)))
        HeldBy[Construct] = Var;
    return true;
  }
  bool VisitCXXMemberCallExpr(CXXMemberCallExpr *Call) {
    const CXXMethodDecl *Method = Call->getMethodDecl();
    if (!InCallback || !Loops.empty() || !Method || !Method->getIdentifier() ||
        Method->getName() != "detach" || !View.isProjectCode(Call->getBeginLoc()) ||
        !isThreadType(recordTypeName(Call->getImplicitObjectArgument()->getType())))
      return true;
    ThreadStart Start;
    Start.At = Call;
    Start.What = recordTypeName(Call->getImplicitObjectArgument()->getType());
    Start.Function = Function;
    Start.DetachedInCallback = true;
    Out.push_back(std::move(Start));
    return true;
  }

private:
  template <typename Range> void markCallbacks(Range Args, bool IsThreadBody) {
    if (IsThreadBody)
      return; // a thread's own function: what it starts is per thread, not per call
    for (const Expr *Arg : Args)
      if (const auto *L = dyn_cast_or_null<LambdaExpr>(stripWrappers(Arg, /*FunctionalCasts=*/true)))
        Callbacks.insert(L);
  }

  bool noteStart(const Stmt *S) {
    if (!View.isProjectCode(S->getBeginLoc()))
      return true;
    std::optional<std::string> What = threadStarted(S, View.ast());
    if (!What)
      return true;
    ThreadStart Start;
    Start.At = S;
    Start.What = *What;
    Start.Function = Function;
    // A thread joined in the iteration that started it is one thread, not one
    // per trip of any loop around it.
    if (!Loops.empty() && !joinedWithinIteration(HeldBy.lookup(S), Loops.back().Loop))
      Start.Loops = Loops;
    Out.push_back(std::move(Start));
    return true;
  }

  AstView &View;
  std::vector<ThreadStart> &Out;
  std::string Function;
  std::vector<LoopInfo> Loops;
  bool InCallback = false;
  llvm::DenseSet<const LambdaExpr *> Immediate;
  llvm::DenseSet<const LambdaExpr *> Callbacks;
  /// The local variable a thread's construction initializes.
  llvm::DenseMap<const Stmt *, const VarDecl *> HeldBy;
};

} // namespace

std::vector<ThreadStart> findThreadStarts(AstView &View) {
  std::vector<ThreadStart> Out;
  StartFinder Finder(View, Out);
  Finder.TraverseDecl(View.ast().getTranslationUnitDecl());
  return Out;
}

std::optional<uint64_t> constantCount(const Expr *E, ASTContext &Ctx) {
  if (!E || E->isValueDependent() || E->isTypeDependent())
    return std::nullopt;
  Expr::EvalResult Result;
  if (!E->EvaluateAsInt(Result, Ctx) || !Result.Val.isInt())
    return std::nullopt;
  const llvm::APSInt &V = Result.Val.getInt();
  if (V.isSigned() && V.isNegative())
    return std::nullopt;
  return V.getLimitedValue();
}

bool derivesFromCores(const Expr *E) {
  struct Finder : RecursiveASTVisitor<Finder> {
    int Depth = 0;
    bool Found = false;
    bool VisitCallExpr(CallExpr *Call) {
      std::string Name = calleeName(Call);
      for (const char *F : CoreCountFunctions)
        if (Name == F)
          Found = true;
      return !Found;
    }
    bool VisitDeclRefExpr(DeclRefExpr *Ref) {
      const auto *Var = dyn_cast<VarDecl>(Ref->getDecl());
      if (Var && Var->getInit() && Depth < 3) {
        ++Depth;
        TraverseStmt(const_cast<Expr *>(Var->getInit()));
        --Depth;
      }
      return !Found;
    }
  } F;
  F.TraverseStmt(const_cast<Expr *>(E));
  return F.Found;
}

std::string stackEstimate(uint64_t Threads) {
  uint64_t MiB = Threads * 8;
  if (MiB < 1024)
    return std::to_string(MiB) + " MiB";
  char Buf[32];
  snprintf(Buf, sizeof Buf, "%.1f GiB", static_cast<double>(MiB) / 1024.0);
  return Buf;
}

uint64_t threadBudget(AstView &View) {
  return static_cast<uint64_t>(View.config().TargetCores) * View.config().CoreFactor;
}

} // namespace asyncguard
