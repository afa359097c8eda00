// oversized-thread-pool: a compile-time thread count above the budget
// (thread_budget.target_cores x factor) in a pool constructor or in a loop of
// constant length that starts threads. See rules/docs/oversized-thread-pool.md.

#include "core/Config.h"
#include "core/Names.h"
#include "rules/Rule.h"
#include "rules/ThreadShapes.h"

#include "clang/AST/DeclCXX.h"
#include "clang/AST/DeclTemplate.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/RecursiveASTVisitor.h"

using namespace clang;

namespace asyncguard {
namespace {

/// Pools whose constructor's first argument is the number of threads.
const char *const CountedPools[] = {
    "asio::thread_pool",           "boost::asio::thread_pool",
    "BS::thread_pool",             "BS::light_thread_pool",
    "BS::priority_thread_pool",    "folly::CPUThreadPoolExecutor",
    "folly::IOThreadPoolExecutor", "asyncguard::rt::thread_pool"};
/// The elastic pool: its cap is `blocking_pool_options::max_threads`.
constexpr const char *CappedPoolOptions = "asyncguard::rt::blocking_pool_options";
constexpr const char *CapField = "max_threads";

constexpr const char *Advice =
    "size CPU pools from 'std::thread::hardware_concurrency()' and send blocking calls to a "
    "capped pool ('asyncguard::rt::blocking_pool', or 'co_await asyncguard::rt::offload(fn)')";

class PoolFinder : public RecursiveASTVisitor<PoolFinder> {
public:
  PoolFinder(AstView &View, std::vector<ShapeFact> &Out) : View(View), Out(Out) {
    Budget = threadBudget(View);
  }

  bool TraverseDecl(Decl *D) {
    if (D && !isa<TranslationUnitDecl>(D) && !isa<NamespaceDecl>(D) && !isa<LinkageSpecDecl>(D) &&
        !View.isProjectCode(D->getLocation()))
      return true;
    const auto *F = dyn_cast_or_null<FunctionDecl>(D);
    if (!F || !F->doesThisDeclarationHaveABody())
      return RecursiveASTVisitor::TraverseDecl(D);
    std::string Saved = std::exchange(Function, displayName(F));
    bool Result = RecursiveASTVisitor::TraverseDecl(D);
    Function = std::move(Saved);
    return Result;
  }

  bool VisitCXXConstructExpr(CXXConstructExpr *Construct) {
    if (Construct->getNumArgs() == 0)
      return true;
    std::string Pool = recordTypeName(Construct->getType());
    if (isCountedPool(Pool))
      checkCount(Construct, Pool, Construct->getArg(0));
    return true;
  }

  /// std::make_unique<Pool>(N), std::make_shared<Pool>(N): the constructor
  /// call is inside the standard library.
  bool VisitCallExpr(CallExpr *Call) {
    const FunctionDecl *Callee = Call->getDirectCallee();
    if (!Callee || Call->getNumArgs() == 0)
      return true;
    std::string Name = qualifiedName(Callee);
    if (Name != "std::make_unique" && Name != "std::make_shared")
      return true;
    const TemplateArgumentList *Args = Callee->getTemplateSpecializationArgs();
    if (!Args || Args->size() == 0 || Args->get(0).getKind() != TemplateArgument::Type)
      return true;
    std::string Pool = recordTypeName(Args->get(0).getAsType());
    if (isCountedPool(Pool))
      checkCount(Call, Pool, Call->getArg(0));
    return true;
  }

  /// `blocking_pool_options{.max_threads = N}` and `options.max_threads = N`.
  bool VisitInitListExpr(InitListExpr *Init) {
    // The traversal sees the syntactic form; fields are in order in the semantic one.
    const InitListExpr *Semantic = Init->isSemanticForm() ? Init : Init->getSemanticForm();
    // Only a cap the user wrote counts; the runtime's own default cap (its
    // default member initializer) is the documented elastic-pool size.
    if (Semantic && recordTypeName(Semantic->getType()) == CappedPoolOptions &&
        Semantic->getNumInits() > 0 && !isa<CXXDefaultInitExpr>(Semantic->getInit(0)))
      checkCap(Init, Semantic->getInit(0));
    return true;
  }
  bool VisitBinaryOperator(BinaryOperator *Assign) {
    if (Assign->getOpcode() != BO_Assign)
      return true;
    const auto *Member = dyn_cast<MemberExpr>(stripWrappers(Assign->getLHS()));
    const auto *Field = Member ? dyn_cast<FieldDecl>(Member->getMemberDecl()) : nullptr;
    if (Field && Field->getName() == CapField &&
        qualifiedName(Field->getParent()) == CappedPoolOptions)
      checkCap(Assign, Assign->getRHS());
    return true;
  }

private:
  bool isCountedPool(const std::string &Name) const {
    for (const char *P : CountedPools)
      if (Name == P)
        return true;
    for (const std::string &P : View.config().PoolTypes)
      if (Name == P)
        return true;
    return false;
  }

  void checkCount(const Expr *At, const std::string &Pool, const Expr *Count) {
    std::optional<uint64_t> N = constantCount(Count, View.ast());
    if (!N || *N <= Budget || !View.isProjectCode(At->getBeginLoc()))
      return;
    report(At, Pool,
           "'" + Pool + "' starts " + std::to_string(*N) + " threads, above the budget of " +
               budgetText() + "; their stacks reserve about " + stackEstimate(*N) +
               " (8 MiB each) and the threads beyond the core count only add context switches");
  }

  void checkCap(const Expr *At, const Expr *Cap) {
    std::optional<uint64_t> N = constantCount(Cap, View.ast());
    if (!N || *N <= Budget || !View.isProjectCode(At->getBeginLoc()))
      return;
    report(At, "asyncguard::rt::blocking_pool",
           "'asyncguard::rt::blocking_pool' may start " + std::to_string(*N) +
               " threads ('max_threads'), above the budget of " + budgetText() +
               "; under load their stacks reserve about " + stackEstimate(*N) +
               " (8 MiB each) and a stuck dependency ties up all of them");
  }

  std::string budgetText() const {
    return std::to_string(Budget) + " (" + std::to_string(View.config().TargetCores) +
           " target cores x " + std::to_string(View.config().CoreFactor) + ")";
  }

  void report(const Stmt *At, const std::string &Subject, std::string Message) {
    ShapeFact S;
    S.Rule = "oversized-thread-pool";
    S.Site = View.site(At->getSourceRange());
    S.Message = std::move(Message);
    S.Advice = Advice;
    S.Function = Function;
    S.Subject = Subject;
    Out.push_back(std::move(S));
  }

  AstView &View;
  std::vector<ShapeFact> &Out;
  uint64_t Budget = 32;
  std::string Function;
};

class OversizedThreadPoolRule final : public Rule {
public:
  using Rule::Rule;
  void checkAst(AstView &View, std::vector<ShapeFact> &Out) const override {
    PoolFinder Finder(View, Out);
    Finder.TraverseDecl(View.ast().getTranslationUnitDecl());
    checkLoops(View, Out);
  }

private:
  /// Loops of constant length that start a thread per iteration.
  void checkLoops(AstView &View, std::vector<ShapeFact> &Out) const {
    uint64_t Budget = threadBudget(View);
    for (const ThreadStart &Start : findThreadStarts(View)) {
      if (Start.Loops.empty() || Start.DetachedInCallback)
        continue;
      uint64_t Threads = 1;
      bool AllConstant = true;
      for (const LoopInfo &L : Start.Loops) {
        if (L.Bound != LoopBound::Constant) {
          AllConstant = false;
          break;
        }
        Threads = Threads * L.Trips;
      }
      if (!AllConstant || Threads <= Budget)
        continue;
      ShapeFact S;
      S.Rule = std::string(id());
      S.Site = View.site(Start.At->getSourceRange());
      S.Message = "'" + Start.What + "' runs once per iteration and starts " +
                  std::to_string(Threads) + " threads, above the budget of " +
                  std::to_string(Budget) + " (" + std::to_string(View.config().TargetCores) +
                  " target cores x " + std::to_string(View.config().CoreFactor) +
                  "); their stacks reserve about " + stackEstimate(Threads) +
                  " (8 MiB each) and the threads beyond the core count only add context switches";
      S.Advice = Advice;
      S.Function = Start.Function;
      S.Subject = Start.What;
      const LoopInfo &Outer = Start.Loops.front();
      S.Notes.push_back({View.site(Outer.Loop->getBeginLoc()).Range,
                         Start.Loops.size() == 1 ? Outer.Why
                                                 : "these loops run " + std::to_string(Threads) +
                                                       " times in all"});
      Out.push_back(std::move(S));
    }
  }
};

} // namespace

std::unique_ptr<Rule> createOversizedThreadPoolRule(const RuleInfo &Info) {
  return std::make_unique<OversizedThreadPoolRule>(Info);
}

} // namespace asyncguard
