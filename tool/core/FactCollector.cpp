#include "core/FactCollector.h"
#include "core/AsyncContext.h"
#include "core/CallEvidence.h"
#include "core/Config.h"
#include "core/ConstantGuards.h"
#include "core/DiscardedCode.h"
#include "core/NoReturnPaths.h"
#include "core/ThreadEntry.h"
#include "core/Files.h"
#include "rules/Rule.h"
#include "core/Names.h"
#include "core/Suppression.h"
#include "fix/FixBuilder.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/DeclCXX.h"
#include "clang/AST/DeclTemplate.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "clang/AST/StmtCXX.h"
#include "clang/Basic/SourceManager.h"
#include "clang/Index/USRGeneration.h"
#include "clang/Lex/Lexer.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"

#include <map>
#include <optional>
#include <set>

using namespace clang;

namespace asyncguard {
namespace {

/// The declaration whose facts an instantiation contributes to: templates
/// are analysed (and reported) once, at their definition.
const FunctionDecl *ownerOf(const FunctionDecl *F) {
  for (int Depth = 0; Depth < 8; ++Depth) {
    const FunctionDecl *Pattern = F->getTemplateInstantiationPattern(/*ForDefinition=*/false);
    if (!Pattern || Pattern == F)
      break;
    F = Pattern;
  }
  return F;
}

std::string usrOf(const Decl *D) {
  llvm::SmallString<128> Buf;
  if (index::generateUSRForDecl(D, Buf))
    return "";
  return std::string(Buf);
}

bool isLambdaCallOperator(const FunctionDecl *F) {
  const auto *M = dyn_cast<CXXMethodDecl>(F);
  return M && M->getParent()->isLambda() && M->getOverloadedOperator() == OO_Call;
}

/// The function whose facts a body's calls go to. An instantiation is a
/// function of its own: what it calls depends on its template arguments
/// (make_unique<A> constructs an A, never a B), so merging instantiations into
/// their pattern would invent chains. Findings stay deduplicated by site, so
/// a template is still reported once. A lambda's instantiations go to its
/// pattern, the only call operator that is collected.
const FunctionDecl *factOwnerOf(const FunctionDecl *F) {
  return isLambdaCallOperator(F) ? ownerOf(F) : F;
}

/// State shared by the whole TU: file paths, line texts, NOLINT indexes.
class TuContext {
public:
  TuContext(ASTContext &Ctx, const CollectorOptions &Options)
      : Ctx(Ctx), Options(Options),
        Ending(Ctx, Options.Settings ? Options.Settings->NoReturn : std::vector<std::string>{},
              [](const FunctionDecl *F) { return usrOf(factOwnerOf(F)); },
              [this](const FunctionDecl *F) { return !inSystemHeader(F->getLocation()); }) {}

  ASTContext &Ctx;
  const CollectorOptions &Options;
  /// Process-ending paths, and each body's CFG (core/NoReturnPaths.h).
  NoReturnPaths Ending;
  llvm::DenseSet<const LambdaExpr *> ImmediatelyInvoked;
  /// Lambdas handed to a thread-starting call: they run on the new thread,
  /// never as part of the function that starts it (core/ThreadEntry.h).
  llvm::DenseSet<const CXXRecordDecl *> RunsOnNewThread;
  /// Coroutine lambdas handed to a thread pool (asio::co_spawn on a pool
  /// executor): they run off the loop, so they are not async contexts.
  llvm::DenseSet<const LambdaExpr *> RunsOnPool;

  SourceManager &sm() const { return Ctx.getSourceManager(); }

  bool inSystemHeader(SourceLocation Loc) const {
    return Loc.isInvalid() || sm().isInSystemHeader(sm().getExpansionLoc(Loc));
  }

  /// A file range at the macro use site, with its line text.
  SourceRange rangeOf(clang::SourceRange R) {
    SourceManager &SM = sm();
    CharSourceRange Expansion = SM.getExpansionRange(R);
    SourceLocation Begin = Expansion.getBegin();
    SourceLocation End = Expansion.isTokenRange()
                             ? Lexer::getLocForEndOfToken(Expansion.getEnd(), 0, SM,
                                                          Ctx.getLangOpts())
                             : Expansion.getEnd();
    SourceRange Out;
    FileID File = SM.getFileID(Begin);
    Out.File = pathOf(File);
    Out.Begin = posOf(Begin);
    Out.End = End.isValid() && SM.getFileID(End) == File ? posOf(End) : Out.Begin;
    Out.LineText = lineText(File, Out.Begin.Line);
    return Out;
  }

  CallSite siteOf(clang::SourceRange R) {
    CallSite Site;
    Site.Range = rangeOf(R);
    FileID File = sm().getFileID(sm().getExpansionLoc(R.getBegin()));
    Site.Nolint = nolintFor(File).patternsForLine(Site.Range.Begin.Line);
    return Site;
  }

  std::string sourceText(const Expr *E) const {
    CharSourceRange Range = sm().getExpansionRange(E->getSourceRange());
    return Lexer::getSourceText(Range, sm(), Ctx.getLangOpts()).str();
  }

private:
  std::string pathOf(FileID File) {
    auto [It, Inserted] = Paths.try_emplace(File);
    if (!Inserted)
      return It->second;
    It->second = filePath(sm(), File);
    return It->second;
  }

  SourcePos posOf(SourceLocation Loc) const {
    SourcePos P;
    P.Line = sm().getSpellingLineNumber(Loc);
    P.Column = sm().getSpellingColumnNumber(Loc);
    P.Offset = sm().getFileOffset(Loc);
    return P;
  }

  std::string lineText(FileID File, unsigned Line) const {
    bool Invalid = false;
    llvm::StringRef Buffer = sm().getBufferData(File, &Invalid);
    if (Invalid)
      return "";
    unsigned Start = sm().getFileOffset(sm().translateLineCol(File, Line, 1));
    size_t End = Buffer.find('\n', Start);
    return Buffer.slice(Start, End).rtrim("\r").str();
  }

  const NolintIndex &nolintFor(FileID File) {
    auto It = Nolint.find(File);
    if (It != Nolint.end())
      return It->second;
    bool Invalid = false;
    llvm::StringRef Buffer = sm().getBufferData(File, &Invalid);
    return Nolint.try_emplace(File, Invalid ? "" : Buffer).first->second;
  }

  llvm::DenseMap<FileID, std::string> Paths;
  std::map<FileID, NolintIndex> Nolint;
};

/// `[...]{ ... }()`: the lambda runs right here, as part of the enclosing body.
/// Both visitors see the call before the lambda (pre-order), so marking it
/// here decides how the lambda is treated.
void markImmediatelyInvoked(TuContext &Tu, const CallExpr *Call) {
  const auto *Op = dyn_cast<CXXOperatorCallExpr>(Call);
  if (!Op || Op->getOperator() != OO_Call || Op->getNumArgs() == 0)
    return;
  if (const auto *L = dyn_cast<LambdaExpr>(stripWrappers(Op->getArg(0))))
    Tu.ImmediatelyInvoked.insert(L);
}

/// A lambda handed to std::thread, std::jthread or pthread_create.
void markThreadEntry(TuContext &Tu, const Expr *Call) {
  if (const Expr *Entry = threadEntryArg(Call))
    if (const auto *L = dyn_cast<LambdaExpr>(stripWrappers(Entry, /*FunctionalCasts=*/true)))
      Tu.RunsOnNewThread.insert(L->getLambdaClass());
}

/// Collects the calls of one function body into its fact. Immediately invoked
/// lambdas are part of the body; other lambdas and local classes are not.
class BodyScanner : public RecursiveASTVisitor<BodyScanner> {
public:
  /// `Paths` is the CFG of the body scanned (null if none): it decides
  /// which calls the process outlives and under which guards they run.
  BodyScanner(TuContext &Tu, FunctionFact &Fact, const FunctionDecl *Owner, const BodyCfg *Paths)
      : Tu(Tu), Fact(Fact), Owner(Owner), Paths(Paths) {
    if (Paths)
      Guards.emplace(*Paths, Tu.Ctx);
  }

  /// Only the arms of an `if constexpr` that are code (core/DiscardedCode.h).
  bool TraverseIfStmt(IfStmt *S) {
    if (!S->isConstexpr())
      return RecursiveASTVisitor::TraverseIfStmt(S);
    LiveArms Arms = liveArms(S, Tu.Ctx);
    for (Stmt *Part : {S->getInit(), static_cast<Stmt *>(S->getConditionVariableDeclStmt()),
                       static_cast<Stmt *>(S->getCond()), Arms.Then ? S->getThen() : nullptr,
                       Arms.Else ? S->getElse() : nullptr})
      if (Part && !TraverseStmt(Part))
        return false;
    return true;
  }

  bool TraverseLambdaExpr(LambdaExpr *L) {
    // Init-captures run here, where the lambda is created.
    for (Expr *Init : L->capture_inits())
      if (Init && !TraverseStmt(Init))
        return false;
    if (!Tu.ImmediatelyInvoked.contains(L) || isa<CoroutineBodyStmt>(L->getBody()) ||
        Tu.RunsOnNewThread.contains(L->getLambdaClass()))
      return true;
    ++LambdaDepth;
    bool Result = TraverseStmt(L->getBody());
    --LambdaDepth;
    return Result;
  }
  bool TraverseCXXRecordDecl(CXXRecordDecl *) { return true; }

  bool VisitCallExpr(CallExpr *Call) {
    if (isa<UserDefinedLiteral>(Call))
      return true;
    markImmediatelyInvoked(Tu, Call);
    markThreadEntry(Tu, Call);
    const FunctionDecl *Callee = Call->getDirectCallee();
    const Expr *Object = nullptr;
    llvm::SmallVector<const Expr *, 4> Args(Call->arguments());
    if (const auto *Member = dyn_cast<CXXMemberCallExpr>(Call)) {
      Object = Member->getImplicitObjectArgument();
    } else if (const auto *Op = dyn_cast<CXXOperatorCallExpr>(Call);
               Op && Callee && isa<CXXMethodDecl>(Callee) && !Args.empty()) {
      Object = Args.front();
      Args.erase(Args.begin());
    }
    if (Callee) {
      handleCall(Call, Callee, Object, Args);
      return true;
    }
    handleDependentCall(Call, Args);
    return true;
  }

  bool VisitCXXConstructExpr(CXXConstructExpr *Construct) {
    markThreadEntry(Tu, Construct);
    llvm::SmallVector<const Expr *, 4> Args(Construct->arguments());
    handleCall(Construct, Construct->getConstructor(), nullptr, Args);
    return true;
  }

private:
  static std::string memberName(const std::string &Class, const FunctionDecl *Callee) {
    std::string Qualified = qualifiedName(Callee);
    size_t Colon = Qualified.rfind("::");
    return Class + "::" + (Colon == std::string::npos ? Qualified : Qualified.substr(Colon + 2));
  }

  /// Names to look up, most specific first: the object's static class, then
  /// the declaring class or namespace.
  static std::vector<std::string> candidateNames(const FunctionDecl *Callee, const Expr *Object) {
    std::vector<std::string> Names;
    // The object's own class, before the implicit derived-to-base cast to
    // the class that declares the method.
    if (Object && isa<CXXMethodDecl>(Callee))
      if (std::string Class = recordTypeName(Object->IgnoreParenImpCasts()->getType());
          !Class.empty())
        Names.push_back(memberName(Class, Callee));
    Names.push_back(qualifiedName(Callee));
    return Names;
  }

  /// The first catalogue entry, most specific name first, that says this
  /// call blocks. `Catalogued` tells whether any name was in the catalogue
  /// (as blocking under other conditions, or as non-blocking): such a call is
  /// not a call into the project either.
  const CatalogueEntry *lookup(const std::vector<std::string> &Names, const Expr *Object,
                               llvm::ArrayRef<const Expr *> Args, bool &Catalogued) const {
    const Catalogue &Apis = *Tu.Options.Apis;
    Catalogued = false;
    for (const std::string &N : Names) {
      if (Apis.isNonBlocking(N)) {
        Catalogued = true;
        return nullptr;
      }
      if (const CatalogueEntry *E = Apis.lookup(N)) {
        Catalogued = true;
        if (blocks(*E, Object, Args))
          return E;
      }
    }
    return nullptr;
  }

  const CatalogueEntry *lookupSignature(const FunctionDecl *Callee) const {
    std::string Returns = recordTypeName(Callee->getReturnType());
    if (Returns.empty())
      return nullptr;
    for (const CatalogueEntry &E : Tu.Options.Apis->signatureEntries()) {
      if (E.Returns != Returns)
        continue;
      if (E.FirstParam.empty())
        return &E;
      if (Callee->getNumParams() > 0 &&
          recordTypeName(Callee->getParamDecl(0)->getType()) == E.FirstParam)
        return &E;
    }
    return nullptr;
  }

  bool isZero(const Expr *E) const {
    if (E->isValueDependent() || E->isTypeDependent())
      return false;
    Expr::EvalResult Result;
    if (!E->EvaluateAsRValue(Result, Tu.Ctx))
      return false;
    // A std::chrono::duration is a struct holding its count: look through
    // structs and unions to the first scalar.
    const APValue *V = &Result.Val;
    for (int Depth = 0; Depth < 4; ++Depth) {
      if (V->isStruct() && V->getStructNumBases() > 0)
        V = &V->getStructBase(0);
      else if (V->isStruct() && V->getStructNumFields() > 0)
        V = &V->getStructField(0);
      else
        break;
    }
    if (V->isInt())
      return V->getInt().isZero();
    if (V->isFloat())
      return V->getFloat().isZero();
    return false;
  }

  std::string referencedName(const Expr *E) const {
    if (const auto *Ref = dyn_cast<DeclRefExpr>(stripWrappers(E)))
      return qualifiedName(Ref->getDecl());
    return "";
  }

  bool holds(const ArgCondition &C, const Expr *Object, llvm::ArrayRef<const Expr *> Args) const {
    if (C.K == ArgCondition::Kind::ObjectIs) {
      std::string Name = Object ? referencedName(Object) : "";
      return std::find(C.Names.begin(), C.Names.end(), Name) != C.Names.end();
    }
    if (C.K == ArgCondition::Kind::AnyOf)
      return llvm::any_of(C.Alternatives,
                          [&](const ArgCondition &Alt) { return holds(Alt, Object, Args); });
    if (C.K == ArgCondition::Kind::MinArgs)
      return Args.size() >= C.Count;
    if (C.Arg < 0 || static_cast<size_t>(C.Arg) >= Args.size())
      return false;
    const Expr *Arg = Args[C.Arg];
    switch (C.K) {
    case ArgCondition::Kind::HasFlag: {
      std::string Text = Tu.sourceText(Arg);
      for (size_t At = Text.find(C.Flag); At != std::string::npos;
           At = Text.find(C.Flag, At + 1)) {
        auto IsIdent = [](char Ch) { return std::isalnum(static_cast<unsigned char>(Ch)) || Ch == '_'; };
        bool StartOk = At == 0 || !IsIdent(Text[At - 1]);
        size_t After = At + C.Flag.size();
        if (StartOk && (After >= Text.size() || !IsIdent(Text[After])))
          return true;
      }
      return false;
    }
    case ArgCondition::Kind::IsZero:
      return isZero(Arg);
    case ArgCondition::Kind::RefersTo: {
      std::string Name = referencedName(Arg);
      return std::find(C.Names.begin(), C.Names.end(), Name) != C.Names.end();
    }
    // What the code around the call says (core/CallEvidence.h).
    case ArgCondition::Kind::NumericHost:
      return isNumericHostLiteral(Arg);
    case ArgCondition::Kind::FieldHasFlag:
      return fieldHasFlag(Arg, C.Field, C.Flag, Owner, Tu.Ctx);
    case ArgCondition::Kind::NonBlockingFd:
      return isNonBlockingDescriptor(Arg, CurrentCall, Owner, Tu.Ctx);
    case ArgCondition::Kind::ObjectIs:
    case ArgCondition::Kind::AnyOf:
    case ArgCondition::Kind::MinArgs:
      break;
    }
    return false;
  }

  bool blocks(const CatalogueEntry &E, const Expr *Object, llvm::ArrayRef<const Expr *> Args) const {
    if (E.Unless && holds(*E.Unless, Object, Args))
      return false;
    if (E.When && !holds(*E.When, Object, Args))
      return false;
    return true;
  }

  void recordBlocking(const Expr *Call, const CatalogueEntry &E, llvm::ArrayRef<const Expr *> Args,
                      const std::string &Api) {
    CallSite Site = Tu.siteOf(Call->getSourceRange());
    for (const BlockingCall &Seen : Fact.Blocking)
      if (Seen.Site.Range.Begin == Site.Range.Begin && Seen.Site.Range.File == Site.Range.File)
        return;
    // The process ends after it: not a stall (core/NoReturnPaths.h).
    Doom Ends = after(Call);
    if (Ends.K == Doom::Kind::Always)
      return;
    BlockingCall B;
    B.DoomedIf = std::move(Ends.Usrs);
    if (Guards)
      B.Guards = Guards->at(Call);
    B.Api = Api;
    B.Rule = E.Rule;
    B.Why = E.Why;
    B.Instead = E.Instead;
    B.Site = std::move(Site);
    B.Fix = buildBlockingCallFix(Tu.Ctx, *Call, E, Args, Owner, LambdaDepth > 0, Tu.Options.Style);
    Fact.Blocking.push_back(std::move(B));
  }

  void handleCall(const Expr *Call, const FunctionDecl *Callee, const Expr *Object,
                  llvm::ArrayRef<const Expr *> Args) {
    if (Tu.inSystemHeader(Call->getBeginLoc()))
      return;
    CurrentCall = Call;
    std::vector<std::string> Names = candidateNames(Callee, Object);
    bool Catalogued = false;
    if (const CatalogueEntry *E = lookup(Names, Object, Args, Catalogued)) {
      recordBlocking(Call, *E, Args, E->Name);
      return;
    }
    if (Catalogued)
      return;
    if (const CatalogueEntry *E = lookupSignature(Callee)) {
      if (blocks(*E, Object, Args))
        recordBlocking(Call, *E, Args, Names.back());
      return;
    }
    recordEdge(Call, Callee, Args);
  }

  /// In a template that is never instantiated, resolve what the call names
  /// as far as the pattern allows; instantiations resolve the rest.
  void handleDependentCall(const CallExpr *Call, llvm::ArrayRef<const Expr *> Args) {
    if (Tu.inSystemHeader(Call->getBeginLoc()))
      return;
    const Expr *CalleeExpr = Call->getCallee()->IgnoreParenImpCasts();
    std::string Name;
    const Expr *Object = nullptr;
    if (const auto *Lookup = dyn_cast<UnresolvedLookupExpr>(CalleeExpr)) {
      for (const NamedDecl *D : Lookup->decls()) {
        std::string Candidate = qualifiedName(D->getUnderlyingDecl());
        if (!Name.empty() && Name != Candidate)
          return; // an overload set across scopes: ADL decides, leave it
        Name = Candidate;
      }
    } else if (const auto *Member = dyn_cast<CXXDependentScopeMemberExpr>(CalleeExpr)) {
      if (Member->isImplicitAccess())
        return;
      std::string Class = recordTypeName(Member->getBaseType());
      if (Class.empty())
        return;
      Name = Class + "::" + Member->getMember().getAsString();
      Object = Member->getBase();
    }
    if (Name.empty())
      return;
    CurrentCall = Call;
    bool Catalogued = false;
    if (const CatalogueEntry *E = lookup({Name}, Object, Args, Catalogued))
      recordBlocking(Call, *E, Args, E->Name);
  }

  void recordEdge(const Expr *Call, const FunctionDecl *Callee, llvm::ArrayRef<const Expr *> Args) {
    if (Tu.inSystemHeader(Callee->getCanonicalDecl()->getLocation()))
      return;
    // A lambda runs where it is called; only a call of a lambda written in
    // this function is followed (a pool invoking a lambda it was handed is
    // not a call of the function that handed it over).
    if (isLambdaCallOperator(Callee)) {
      if (Tu.RunsOnNewThread.contains(cast<CXXMethodDecl>(Callee)->getParent()))
        return;
      const DeclContext *Home = cast<CXXMethodDecl>(Callee)->getParent()->getDeclContext();
      const auto *HomeFunction = dyn_cast<FunctionDecl>(Home);
      if (!HomeFunction || ownerOf(HomeFunction) != Owner)
        return;
    }
    std::string Usr = usrOf(factOwnerOf(Callee));
    const FunctionDecl *Target = ownerOf(Callee);
    if (Usr.empty() || Usr == Fact.Usr)
      return;
    CallSite Site = Tu.siteOf(Call->getSourceRange());
    for (const CallEdge &Seen : Fact.Calls)
      if (Seen.CalleeUsr == Usr && Seen.Site.Range.Begin == Site.Range.Begin &&
          Seen.Site.Range.File == Site.Range.File)
        return;
    Doom Ends = after(Call);
    if (Ends.K == Doom::Kind::Always)
      return;
    CallEdge Edge;
    Edge.DoomedIf = std::move(Ends.Usrs);
    if (Guards) {
      Edge.Guards = Guards->at(Call);
      Edge.Args = Guards->argValues(Args);
    }
    Edge.CalleeUsr = std::move(Usr);
    Edge.CalleeName = displayName(Target);
    Edge.Site = std::move(Site);
    Edge.Fix = buildCallOffloadFix(Tu.Ctx, *Call, Owner, LambdaDepth > 0, Tu.Options.Style);
    Fact.Calls.push_back(std::move(Edge));
  }

  /// Whether the process ends after `Call`; a call inside an immediately
  /// invoked lambda is not in the body's CFG and is kept.
  Doom after(const Expr *Call) {
    if (!Paths || LambdaDepth > 0)
      return {};
    return Tu.Ending.after(*Paths, Call);
  }

  TuContext &Tu;
  FunctionFact &Fact;
  const FunctionDecl *Owner;
  /// The call whose catalogue conditions are being judged.
  const Expr *CurrentCall = nullptr;
  const BodyCfg *Paths;
  std::optional<ConstantGuards> Guards;
  int LambdaDepth = 0;
};

/// Finds every function body outside system headers.
class FunctionFinder : public RecursiveASTVisitor<FunctionFinder> {
public:
  FunctionFinder(TuContext &Tu, TuFacts &Out) : Tu(Tu), Out(Out) {}

  bool shouldVisitTemplateInstantiations() const { return true; }

  bool TraverseDecl(Decl *D) {
    // System headers hold no project code, and skipping them is most of the
    // traversal's cost.
    if (D && !isa<TranslationUnitDecl>(D) && !isa<NamespaceDecl>(D) &&
        !isa<LinkageSpecDecl>(D) && !isa<ExportDecl>(D) && Tu.inSystemHeader(D->getLocation()))
      return true;
    return RecursiveASTVisitor::TraverseDecl(D);
  }

  bool VisitCXXOperatorCallExpr(CXXOperatorCallExpr *Call) {
    markImmediatelyInvoked(Tu, Call);
    return true;
  }

  bool VisitCXXConstructExpr(CXXConstructExpr *Construct) {
    markThreadEntry(Tu, Construct);
    return true;
  }

  /// `asio::co_spawn(pool-executor, [&]() -> awaitable<T> { ... }, ...)` is
  /// the Asio way to offload (and the asio fix style's rewrite): the lambda
  /// runs on the pool's threads, not on an event loop.
  bool VisitCallExpr(CallExpr *Call) {
    markThreadEntry(Tu, Call);
    const FunctionDecl *Callee = Call->getDirectCallee();
    if (!Callee || Call->getNumArgs() < 2)
      return true;
    std::string Name = qualifiedName(Callee);
    if (Name != "asio::co_spawn" && Name != "boost::asio::co_spawn")
      return true;
    std::string Executor = recordTypeName(stripWrappers(Call->getArg(0))->getType());
    static const char *const PoolExecutors[] = {
        "asio::system_executor", "asio::basic_system_executor", "asio::thread_pool",
        "asio::thread_pool::basic_executor_type", "boost::asio::system_executor",
        "boost::asio::basic_system_executor", "boost::asio::thread_pool",
        "boost::asio::thread_pool::basic_executor_type"};
    if (std::find(std::begin(PoolExecutors), std::end(PoolExecutors), Executor) ==
        std::end(PoolExecutors))
      return true;
    if (const auto *L = dyn_cast<LambdaExpr>(stripWrappers(Call->getArg(1))))
      Tu.RunsOnPool.insert(L);
    return true;
  }

  bool VisitFunctionDecl(FunctionDecl *F) {
    if (!F->doesThisDeclarationHaveABody() || isLambdaCallOperator(F) ||
        Tu.inSystemHeader(F->getLocation()) || F->isInvalidDecl())
      return true;
    collect(F, F->getLocation());
    return true;
  }

  bool VisitLambdaExpr(LambdaExpr *L) {
    CXXMethodDecl *Call = L->getCallOperator();
    if (!Call || !Call->getBody() || Tu.inSystemHeader(L->getBeginLoc()))
      return true;
    if (Tu.ImmediatelyInvoked.contains(L) && !isa<CoroutineBodyStmt>(Call->getBody()))
      return true; // part of the enclosing body
    collect(Call, L->getBeginLoc(), /*OnPool=*/Tu.RunsOnPool.contains(L));
    return true;
  }

  void finish() {
    for (auto &[Key, Fact] : Facts)
      Out.Functions.push_back(std::move(Fact));
    std::sort(Out.Functions.begin(), Out.Functions.end(),
              [](const FunctionFact &A, const FunctionFact &B) {
                return std::tie(A.Location.File, A.Location.Begin.Offset, A.Usr) <
                       std::tie(B.Location.File, B.Location.Begin.Offset, B.Usr);
              });
  }

private:
  void collect(const FunctionDecl *F, SourceLocation NameLoc, bool OnPool = false) {
    const FunctionDecl *Owner = ownerOf(F);
    std::string Usr = usrOf(factOwnerOf(F));
    if (Usr.empty())
      return;
    auto [It, Inserted] = Facts.try_emplace(Usr);
    FunctionFact &Fact = It->second;
    if (Inserted) {
      Fact.Usr = Usr;
      Fact.Name = displayName(Owner);
      Fact.Location = Tu.rangeOf(clang::SourceRange(NameLoc, NameLoc));
      AsyncVerdict Verdict = classifyFunction(F, Tu.Options.AsyncTaskTypes);
      Fact.IsAsync = Verdict.IsAsync && !OnPool;
      Fact.AsyncReason = Verdict.Reason;
      if (!isLambdaCallOperator(F)) {
        Doom Ends = Tu.Ending.bodyEnds(F);
        Fact.NeverReturns = Ends.K == Doom::Kind::Always;
        Fact.NeverReturnsIf = std::move(Ends.Usrs);
      }
    }
    // A lambda's instantiations share one fact: only the pattern's paths
    // (which the instantiations' parameters do not match) are skipped.
    const BodyCfg *Paths = isLambdaCallOperator(F) && F != Owner ? nullptr : Tu.Ending.cfg(F);
    BodyScanner Scanner(Tu, Fact, Owner, Paths);
    Stmt *Body = F->getBody();
    if (auto *Coro = dyn_cast<CoroutineBodyStmt>(Body))
      Body = Coro->getBody();
    Scanner.TraverseStmt(Body);
    // Constructor initializers run as part of the body.
    if (const auto *Ctor = dyn_cast<CXXConstructorDecl>(F))
      for (const CXXCtorInitializer *Init : Ctor->inits())
        if (Init->isWritten())
          Scanner.TraverseStmt(Init->getInit());
  }

  TuContext &Tu;
  TuFacts &Out;
  std::map<std::string, FunctionFact> Facts;
};

/// The collector's view of the TU for structural rules.
class RuleView final : public AstView {
public:
  explicit RuleView(TuContext &Tu) : Tu(Tu) {}
  ASTContext &ast() override { return Tu.Ctx; }
  CallSite site(clang::SourceRange Range) override { return Tu.siteOf(Range); }
  bool isProjectCode(SourceLocation Loc) override { return !Tu.inSystemHeader(Loc); }
  const Config &config() override {
    static const Config Defaults;
    return Tu.Options.Settings ? *Tu.Options.Settings : Defaults;
  }
  AsyncVerdict classify(const FunctionDecl *F) override {
    return classifyFunction(F, Tu.Options.AsyncTaskTypes);
  }

private:
  TuContext &Tu;
};

class Consumer : public ASTConsumer {
public:
  Consumer(const CollectorOptions &Options, TuFacts &Out) : Options(Options), Out(Out) {}

  void HandleTranslationUnit(ASTContext &Ctx) override {
    // Only project code is traversed, and the parent map the fixes need is
    // built for it alone: the system headers are most of a TU.
    std::vector<Decl *> ProjectDecls;
    for (Decl *D : Ctx.getTranslationUnitDecl()->decls())
      if (!Ctx.getSourceManager().isInSystemHeader(
              Ctx.getSourceManager().getExpansionLoc(D->getLocation())))
        ProjectDecls.push_back(D);
    Ctx.setTraversalScope(ProjectDecls);
    TuContext Tu(Ctx, Options);
    FunctionFinder Finder(Tu, Out);
    Finder.TraverseDecl(Ctx.getTranslationUnitDecl());
    Finder.finish();
    recordFileHashes(Ctx.getSourceManager());
    recordNolints(Ctx.getSourceManager());
    if (Options.Settings)
      recordConfigNames(Ctx);
    RuleView View(Tu);
    for (const auto &R : allRules())
      if (R->info().Kind == RuleKind::Structural &&
          (!Options.Settings || Options.Settings->isEnabled(R->id())))
        R->checkAst(View, Out.Shapes);
  }

private:
  void recordFileHashes(const SourceManager &SM) {
    for (auto It = SM.fileinfo_begin(); It != SM.fileinfo_end(); ++It) {
      std::optional<llvm::MemoryBufferRef> Buffer = It->second->getBufferIfLoaded();
      if (!Buffer)
        continue;
      llvm::SmallString<256> Raw(It->first.getName());
      // Against the TU's directory (a relative -I), not the tool's.
      SM.getFileManager().makeAbsolutePath(Raw);
      // The normalized path is what locations and fixes use; it is wrong
      // when a ".." follows a symlink, so keep the raw path then (the cache
      // re-reads these files to validate an entry).
      std::string Path = normalizedPath(Raw);
      if (Path != Raw && !llvm::sys::fs::equivalent(Path, Raw))
        Path = std::string(Raw);
      Out.FileHashes[Path] = contentHash(Buffer->getBuffer());
    }
  }

  /// The NOLINT markers of every project file the TU read (each file once,
  /// even when included twice), for the unmatched and unused reports.
  void recordNolints(const SourceManager &SM) {
    std::set<std::string> Seen;
    for (unsigned I = 0, N = SM.local_sloc_entry_size(); I < N; ++I) {
      const SrcMgr::SLocEntry &Entry = SM.getLocalSLocEntry(I);
      if (!Entry.isFile() || Entry.getFile().getFileCharacteristic() != SrcMgr::C_User)
        continue;
      const SrcMgr::ContentCache &Content = Entry.getFile().getContentCache();
      std::optional<llvm::MemoryBufferRef> Buffer = Content.getBufferIfLoaded();
      if (!Buffer || !Content.OrigEntry || Buffer->getBuffer().find("NOLINT") == llvm::StringRef::npos)
        continue;
      llvm::SmallString<256> Name(Content.OrigEntry->getName());
      SM.getFileManager().makeAbsolutePath(Name);
      std::string Path = normalizedPath(Name);
      if (!Seen.insert(Path).second)
        continue;
      llvm::StringRef Text = Buffer->getBuffer();
      NolintIndex Index(Text);
      for (NolintFact M : Index.markers()) {
        M.Range.File = Path;
        // The marker's line exists: the index was built from this text.
        size_t Start = 0;
        for (unsigned L = 1; L < M.Range.Begin.Line; ++L)
          Start = Text.find('\n', Start) + 1;
        M.Range.Begin.Offset = static_cast<unsigned>(Start + M.Range.Begin.Column - 1);
        M.Range.End.Offset = static_cast<unsigned>(Start + M.Range.End.Column - 1);
        M.Range.LineText = Text.slice(Start, Text.find('\n', Start)).rtrim("\r").str();
        Out.Nolints.push_back(std::move(M));
      }
    }
  }

  /// Which config "blocking"/"non_blocking" names declare something in
  /// this TU, by qualified-name lookup from the TU scope (namespaces, also
  /// inline ones, and classes); a trailing "*" needs only its scope.
  void recordConfigNames(ASTContext &Ctx) {
    std::vector<std::string> Names;
    for (const CatalogueEntry &E : Options.Settings->Blocking)
      Names.push_back(E.Name);
    Names.insert(Names.end(), Options.Settings->NonBlocking.begin(),
                 Options.Settings->NonBlocking.end());
    for (const std::string &Name : Names)
      if (declares(Ctx, Name))
        Out.ConfigNamesFound.push_back(Name);
  }

  static bool declares(ASTContext &Ctx, llvm::StringRef Name) {
    Name.consume_front("::");
    llvm::SmallVector<llvm::StringRef, 4> Parts;
    Name.split(Parts, "::");
    const DeclContext *Scope = Ctx.getTranslationUnitDecl();
    for (size_t I = 0; I < Parts.size(); ++I) {
      if (Parts[I] == "*" && I + 1 == Parts.size())
        return true;
      // Names in the catalogue carry no template arguments.
      llvm::StringRef Part = Parts[I].take_until([](char C) { return C == '<'; });
      auto Found = Scope->lookup(DeclarationName(&Ctx.Idents.get(Part)));
      if (Found.empty())
        return false;
      if (I + 1 == Parts.size())
        return true;
      const DeclContext *Next = nullptr;
      for (const NamedDecl *D : Found) {
        if (const auto *Template = dyn_cast<ClassTemplateDecl>(D))
          D = Template->getTemplatedDecl();
        if (const auto *Record = dyn_cast<CXXRecordDecl>(D))
          Next = Record->getDefinition() ? Record->getDefinition() : nullptr;
        else if (const auto *Namespace = dyn_cast<NamespaceDecl>(D))
          Next = Namespace;
        if (Next)
          break;
      }
      if (!Next)
        return false;
      Scope = Next;
    }
    return false;
  }

  const CollectorOptions &Options;
  TuFacts &Out;
};

} // namespace



std::unique_ptr<ASTConsumer> makeFactCollector(const CollectorOptions &Options, TuFacts &Out) {
  return std::make_unique<Consumer>(Options, Out);
}

} // namespace asyncguard
