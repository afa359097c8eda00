#include "core/AsyncContext.h"
#include "core/Catalogue.h"
#include "core/Names.h"

#include "clang/AST/DeclCXX.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "clang/AST/StmtCXX.h"

#include <algorithm>

using namespace clang;

namespace asyncguard {

const std::vector<std::string> &defaultAsyncTaskTypes() {
  static const std::vector<std::string> Types = {
      "asyncguard::rt::task",    "cppcoro::task",          "cppcoro::shared_task",
      "cppcoro::async_generator", "folly::coro::Task",     "folly::coro::AsyncGenerator",
      "asio::awaitable",         "boost::asio::awaitable", "boost::cobalt::task",
      "boost::cobalt::promise",  "boost::cobalt::generator", "concurrencpp::result",
      "coro::task",              "coro::generator"};
  return Types;
}

namespace {

/// Finds the coroutine keywords of one body, not those of nested lambdas or
/// local classes (they are bodies of their own).
class KeywordFinder : public RecursiveASTVisitor<KeywordFinder> {
public:
  bool HasAwait = false, HasYield = false, HasReturn = false;

  bool TraverseLambdaExpr(LambdaExpr *) { return true; }
  bool TraverseCXXRecordDecl(CXXRecordDecl *) { return true; }
  bool VisitCoawaitExpr(CoawaitExpr *E) {
    HasAwait |= !E->isImplicit();
    return true;
  }
  bool VisitDependentCoawaitExpr(DependentCoawaitExpr *) {
    HasAwait = true;
    return true;
  }
  bool VisitCoyieldExpr(CoyieldExpr *) {
    HasYield = true;
    return true;
  }
  bool VisitCoreturnStmt(CoreturnStmt *S) {
    HasReturn |= !S->isImplicit();
    return true;
  }
};

bool isAsyncTaskType(QualType T, const std::vector<std::string> &Extra) {
  std::string Name = recordTypeName(T);
  if (Name.empty())
    return false;
  auto Matches = [&](const std::string &Candidate) {
    return canonicalName(Candidate) == Name;
  };
  return std::any_of(defaultAsyncTaskTypes().begin(), defaultAsyncTaskTypes().end(), Matches) ||
         std::any_of(Extra.begin(), Extra.end(), Matches);
}

} // namespace

AsyncVerdict classifyFunction(const FunctionDecl *F, const std::vector<std::string> &ExtraTaskTypes) {
  AsyncVerdict V;
  Stmt *Body = F->getBody();
  if (!Body)
    return V;
  // Dependent coroutines may not have a CoroutineBodyStmt yet; the keywords
  // decide either way.
  if (auto *Coro = dyn_cast<CoroutineBodyStmt>(Body))
    Body = Coro->getBody();
  KeywordFinder Finder;
  Finder.TraverseStmt(Body);
  V.IsCoroutine = Finder.HasAwait || Finder.HasYield || Finder.HasReturn ||
                  isa<CoroutineBodyStmt>(F->getBody());
  if (!V.IsCoroutine)
    return V;
  bool SyncGenerator = Finder.HasYield && !Finder.HasAwait &&
                       !isAsyncTaskType(F->getReturnType(), ExtraTaskTypes);
  V.IsAsync = !SyncGenerator;
  const auto *M = dyn_cast<CXXMethodDecl>(F);
  V.Reason = M && M->getParent()->isLambda() ? "is a coroutine lambda" : "is a coroutine";
  return V;
}

} // namespace asyncguard
