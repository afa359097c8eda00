// lock-across-suspend: a mutex still held at a 'co_await' or 'co_yield' on
// some path through the coroutine's CFG. See rules/docs/lock-across-suspend.md.
//
// A forward may-analysis over clang::CFG: a lock guard's declaration or a
// 'lock()' call acquires; the guard's destructor (the end of its scope),
// 'unlock()', 'release()' and moving the guard away release. Whatever is
// still acquired when a suspension point is reached is reported at the place
// that acquired it, with a note at the suspension.

#include "core/AsyncContext.h"
#include "core/Names.h"
#include "rules/Rule.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/DeclCXX.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "clang/AST/StmtCXX.h"
#include "clang/Analysis/CFG.h"
#include "clang/Basic/SourceManager.h"
#include "clang/Lex/Lexer.h"
#include "llvm/ADT/BitVector.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/STLExtras.h"

#include <map>
#include <set>

using namespace clang;

namespace asyncguard {
namespace {

/// RAII guards that lock in their constructor; the last two can unlock early.
const char *const GuardTypes[] = {"std::lock_guard", "std::scoped_lock", "std::unique_lock",
                                  "std::shared_lock", "boost::lock_guard", "boost::unique_lock",
                                  "boost::shared_lock"};
const char *const MovableGuards[] = {"std::unique_lock", "std::shared_lock", "boost::unique_lock",
                                     "boost::shared_lock"};
/// Mutexes locked by hand with lock()/lock_shared().
const char *const MutexTypes[] = {
    "std::mutex",        "std::recursive_mutex",  "std::timed_mutex", "std::recursive_timed_mutex",
    "std::shared_mutex", "std::shared_timed_mutex", "boost::mutex",   "boost::recursive_mutex",
    "boost::shared_mutex"};

template <size_t N> bool oneOf(const std::string &Name, const char *const (&List)[N]) {
  for (const char *Item : List)
    if (Name == Item)
      return true;
  return false;
}

/// A stable name for the object an expression denotes ("this.mu", "d:0x..."),
/// or "" when it cannot be told apart from others (array elements, calls).
std::string objectKey(const Expr *E) {
  E = stripWrappers(E);
  if (const auto *U = dyn_cast<UnaryOperator>(E);
      U && (U->getOpcode() == UO_AddrOf || U->getOpcode() == UO_Deref))
    return objectKey(U->getSubExpr());
  if (const auto *Ref = dyn_cast<DeclRefExpr>(E))
    return "d" + std::to_string(reinterpret_cast<uintptr_t>(Ref->getDecl()->getCanonicalDecl()));
  if (isa<CXXThisExpr>(E))
    return "this";
  if (const auto *Member = dyn_cast<MemberExpr>(E)) {
    std::string Base = objectKey(Member->getBase());
    if (Base.empty())
      return "";
    return Base + "." + std::to_string(reinterpret_cast<uintptr_t>(Member->getMemberDecl()));
  }
  return "";
}

const VarDecl *referencedVar(const Expr *E) {
  const auto *Ref = dyn_cast_or_null<DeclRefExpr>(stripWrappers(E));
  return Ref ? dyn_cast<VarDecl>(Ref->getDecl()) : nullptr;
}

/// One place that acquires a lock.
struct Acquisition {
  std::string Key;     ///< what releases it: the guard variable or the mutex
  const Stmt *Site;    ///< the guard's declaration or the lock() call
  std::string Message; ///< what is held and how, for the finding
  std::string Mutex;   ///< the mutex as written, for the note
  std::string Subject; ///< the guard type or the mutex type (fingerprint)
};

/// The flow analysis of one coroutine body.
class LockFlow {
public:
  LockFlow(AstView &View, const FunctionDecl *F) : View(View), Ctx(View.ast()), F(F) {}

  void run(Stmt *Body, std::vector<ShapeFact> &Out, std::set<std::pair<std::string, unsigned>> &Reported) {
    CFG::BuildOptions Options;
    Options.AddImplicitDtors = true;
    Options.AddLifetime = true;
    Options.setAllAlwaysAdd();
    std::unique_ptr<CFG> Graph = CFG::buildCFG(F, Body, &Ctx, Options);
    if (!Graph)
      return;
    // Acquisitions are numbered on first sight; the sets are bit vectors.
    std::map<const CFGBlock *, llvm::BitVector> In, OutState;
    // Blocks are numbered from the exit; reversed, they roughly follow the
    // source. (llvm's RPOT would follow the null successors of pruned edges.)
    std::vector<const CFGBlock *> Order;
    for (const CFGBlock *B : llvm::reverse(*Graph))
      if (B)
        Order.push_back(B);
    bool Changed = true;
    for (int Round = 0; Changed && Round < 64; ++Round) {
      Changed = false;
      for (const CFGBlock *B : Order) {
        llvm::BitVector State = entryState(B, OutState);
        for (const CFGElement &E : *B)
          transfer(E, State, nullptr);
        llvm::BitVector &Old = OutState[B];
        Old.resize(Acquisitions.size());
        State.resize(Acquisitions.size());
        if (Old != State) {
          Old = State;
          Changed = true;
        }
      }
    }
    // Replay with the fixpoint, recording what is held at each suspension.
    std::map<unsigned, const Stmt *> HeldAt;
    for (const CFGBlock *B : Order) {
      llvm::BitVector State = entryState(B, OutState);
      for (const CFGElement &E : *B)
        transfer(E, State, &HeldAt);
    }
    for (const auto &[Index, Suspension] : HeldAt)
      report(Acquisitions[Index], Suspension, Out, Reported);
  }

private:
  llvm::BitVector entryState(const CFGBlock *B,
                             std::map<const CFGBlock *, llvm::BitVector> &OutState) {
    llvm::BitVector State(Acquisitions.size());
    for (const CFGBlock::AdjacentBlock &Pred : B->preds())
      if (const CFGBlock *P = Pred.getReachableBlock()) {
        llvm::BitVector From = OutState[P];
        From.resize(Acquisitions.size());
        State |= From;
      }
    return State;
  }

  unsigned acquisition(Acquisition A) {
    auto [It, Inserted] = Index.try_emplace(A.Site, Acquisitions.size());
    if (Inserted)
      Acquisitions.push_back(std::move(A));
    return It->second;
  }

  void gen(llvm::BitVector &State, Acquisition A) {
    unsigned I = acquisition(std::move(A));
    State.resize(Acquisitions.size());
    State.set(I);
  }

  void kill(llvm::BitVector &State, const std::string &Key) {
    if (Key.empty())
      return;
    for (unsigned I = 0; I < Acquisitions.size() && I < State.size(); ++I)
      if (Acquisitions[I].Key == Key)
        State.reset(I);
  }

  /// The expression as written; inside a macro, the macro argument's spelling.
  std::string text(const Stmt *S) const {
    const SourceManager &SM = Ctx.getSourceManager();
    clang::SourceRange R = S->getSourceRange();
    if (R.getBegin().isMacroID()) {
      SourceLocation B = SM.getSpellingLoc(R.getBegin()), E = SM.getSpellingLoc(R.getEnd());
      if (SM.getFileID(B) == SM.getFileID(E) && !(E < B))
        return Lexer::getSourceText(CharSourceRange::getTokenRange(B, E), SM, Ctx.getLangOpts())
            .str();
    }
    return Lexer::getSourceText(SM.getExpansionRange(R), SM, Ctx.getLangOpts()).str();
  }

  static std::string varKey(const VarDecl *V) {
    return "v" + std::to_string(reinterpret_cast<uintptr_t>(V->getCanonicalDecl()));
  }

  /// A guard variable's declaration: does it lock, and what?
  void declare(const VarDecl *Var, const DeclStmt *Decl, llvm::BitVector &State) {
    std::string Guard = recordTypeName(Var->getType());
    if (!oneOf(Guard, GuardTypes) || Var->getType()->isReferenceType() || !Var->hasLocalStorage())
      return;
    const auto *Construct = dyn_cast_or_null<CXXConstructExpr>(
        Var->getInit() ? stripWrappers(Var->getInit()) : nullptr);
    if (!Construct || Construct->getNumArgs() == 0)
      return; // default-constructed: owns nothing
    if (Construct->getConstructor() && Construct->getConstructor()->isCopyOrMoveConstructor())
      return; // moved in from elsewhere: the acquisition is reported there
    std::string Mutexes;
    for (const Expr *Arg : Construct->arguments()) {
      std::string Tag = recordTypeName(Arg->getType());
      if (Tag == "std::defer_lock_t" || Tag == "boost::defer_lock_t")
        return; // locked later, by lock(), if at all
      if (Tag.empty() || Tag == "std::try_to_lock_t" || Tag == "std::adopt_lock_t" ||
          Tag == "boost::try_to_lock_t" || Tag == "boost::adopt_lock_t" ||
          llvm::StringRef(Tag).starts_with("std::chrono::"))
        continue; // a tag or a timeout, not a mutex
      Mutexes += (Mutexes.empty() ? "'" : ", '") + text(Arg) + "'";
    }
    if (Mutexes.empty())
      return;
    gen(State, {varKey(Var), Decl, "'" + Guard + "' holds " + Mutexes, Mutexes, Guard});
  }

  void transfer(const CFGElement &E, llvm::BitVector &State,
                std::map<unsigned, const Stmt *> *HeldAt) {
    if (auto Dtor = E.getAs<CFGAutomaticObjDtor>()) {
      kill(State, varKey(Dtor->getVarDecl()));
      return;
    }
    if (auto Ends = E.getAs<CFGLifetimeEnds>()) {
      kill(State, varKey(Ends->getVarDecl()));
      return;
    }
    auto S = E.getAs<CFGStmt>();
    if (!S)
      return;
    const Stmt *St = S->getStmt();
    if (const auto *Decl = dyn_cast<DeclStmt>(St)) {
      for (const clang::Decl *D : Decl->decls())
        if (const auto *Var = dyn_cast<VarDecl>(D))
          declare(Var, Decl, State);
      return;
    }
    if (isa<CoroutineSuspendExpr>(St) || isa<DependentCoawaitExpr>(St)) {
      if (!HeldAt)
        return;
      for (unsigned I : State.set_bits())
        if (!HeldAt->count(I) ||
            St->getBeginLoc() < (*HeldAt)[I]->getBeginLoc())
          (*HeldAt)[I] = St;
      return;
    }
    if (const auto *Member = dyn_cast<CXXMemberCallExpr>(St)) {
      member(Member, State);
      return;
    }
    if (const auto *Call = dyn_cast<CallExpr>(St))
      freeCall(Call, State);
  }

  void member(const CXXMemberCallExpr *Call, llvm::BitVector &State) {
    const CXXMethodDecl *Method = Call->getMethodDecl();
    if (!Method || !Method->getIdentifier())
      return;
    llvm::StringRef Name = Method->getName();
    const Expr *Object = Call->getImplicitObjectArgument();
    std::string Type = recordTypeName(Object->getType());
    if (oneOf(Type, MovableGuards)) {
      const VarDecl *Var = referencedVar(Object);
      if (!Var)
        return;
      if (Name == "unlock" || Name == "release")
        kill(State, varKey(Var));
      else if (Name == "lock")
        gen(State, {varKey(Var), Call, "'" + text(Call) + "' locks its mutex again and holds it",
                    "the mutex of '" + Var->getName().str() + "'", Type});
      return;
    }
    if (!oneOf(Type, MutexTypes))
      return;
    std::string Key = "m" + objectKey(Object);
    if (Name == "unlock" || Name == "unlock_shared")
      kill(State, Key);
    else if ((Name == "lock" || Name == "lock_shared") && Key != "m")
      gen(State, {Key, Call, "'" + text(Object) + "' is locked by '" + Name.str() + "()' and held",
                  "'" + text(Object) + "'", Type});
  }

  void freeCall(const CallExpr *Call, llvm::BitVector &State) {
    const FunctionDecl *Callee = Call->getDirectCallee();
    if (!Callee || Call->getNumArgs() == 0)
      return;
    std::string Name = qualifiedName(Callee);
    // A guard moved away is released by its new owner.
    if (Name == "std::move") {
      if (const VarDecl *Var = referencedVar(Call->getArg(0)))
        kill(State, varKey(Var));
      return;
    }
    const Expr *Mutex = Call->getArg(0);
    std::string Key = "m" + objectKey(Mutex);
    if (Name == "pthread_mutex_unlock" || Name == "pthread_rwlock_unlock") {
      kill(State, Key);
      return;
    }
    if ((Name == "pthread_mutex_lock" || Name == "pthread_rwlock_rdlock" ||
         Name == "pthread_rwlock_wrlock") &&
        Key != "m") {
      std::string Written = text(stripWrappers(Mutex));
      if (!Written.empty() && Written[0] == '&')
        Written = Written.substr(1);
      gen(State, {Key, Call, "'" + Written + "' is locked by '" + Name + "' and held",
                  "'" + Written + "'", Name});
    }
  }

  void report(const Acquisition &A, const Stmt *Suspension, std::vector<ShapeFact> &Out,
              std::set<std::pair<std::string, unsigned>> &Reported) {
    if (!A.Site)
      return;
    CallSite Site = View.site(A.Site->getSourceRange());
    if (!Reported.insert({Site.Range.File, Site.Range.Begin.Offset}).second)
      return;
    std::string Keyword = isa<CoyieldExpr>(Suspension) ? "co_yield" : "co_await";
    ShapeFact S;
    S.Rule = "lock-across-suspend";
    S.Site = std::move(Site);
    S.Message = A.Message + " across a '" + Keyword +
                "'; a task that takes the same lock while this coroutine is suspended blocks "
                "the loop thread, which then never resumes this coroutine to unlock it";
    S.Advice = "release the lock before suspending (end the guard's scope or call 'unlock()' "
               "first), or use an async mutex whose 'lock' is awaited";
    S.Function = displayName(F);
    S.Subject = A.Subject;
    S.Notes.push_back({View.site(Suspension->getSourceRange()).Range,
                       "'" + Keyword + "' suspends here while " + A.Mutex +
                           (A.Mutex.find("', '") == std::string::npos ? " is held" : " are held")});
    Out.push_back(std::move(S));
  }

  AstView &View;
  ASTContext &Ctx;
  const FunctionDecl *F;
  std::vector<Acquisition> Acquisitions;
  llvm::DenseMap<const Stmt *, unsigned> Index;
};

/// Every coroutine body in project code, template instantiations included
/// (their sites are the pattern's, and each site is reported once).
class CoroutineFinder : public RecursiveASTVisitor<CoroutineFinder> {
public:
  CoroutineFinder(AstView &View, std::vector<ShapeFact> &Out) : View(View), Out(Out) {}
  bool shouldVisitTemplateInstantiations() const { return true; }

  bool TraverseDecl(Decl *D) {
    if (D && !isa<TranslationUnitDecl>(D) && !isa<NamespaceDecl>(D) && !isa<LinkageSpecDecl>(D) &&
        !View.isProjectCode(D->getLocation()))
      return true;
    return RecursiveASTVisitor::TraverseDecl(D);
  }

  bool VisitFunctionDecl(FunctionDecl *F) {
    check(F);
    return true;
  }
  bool VisitLambdaExpr(LambdaExpr *L) {
    check(L->getCallOperator());
    return true;
  }

private:
  void check(FunctionDecl *F) {
    if (!F || !F->doesThisDeclarationHaveABody() || F->isDependentContext() ||
        F->isInvalidDecl() || !Seen.insert(F).second)
      return;
    auto *Coro = dyn_cast_or_null<CoroutineBodyStmt>(F->getBody());
    if (!Coro || !View.isProjectCode(F->getLocation()) || !View.classify(F).IsCoroutine)
      return;
    LockFlow(View, F).run(Coro->getBody(), Out, Reported);
  }

  AstView &View;
  std::vector<ShapeFact> &Out;
  llvm::DenseSet<const FunctionDecl *> Seen;
  std::set<std::pair<std::string, unsigned>> Reported;
};

class LockAcrossSuspendRule final : public Rule {
public:
  using Rule::Rule;
  void checkAst(AstView &View, std::vector<ShapeFact> &Out) const override {
    CoroutineFinder Finder(View, Out);
    Finder.TraverseDecl(View.ast().getTranslationUnitDecl());
  }
};

} // namespace

std::unique_ptr<Rule> createLockAcrossSuspendRule(const RuleInfo &Info) {
  return std::make_unique<LockAcrossSuspendRule>(Info);
}

} // namespace asyncguard
