#include "fix/FixBuilder.h"
#include "core/AsyncContext.h"
#include "core/Files.h"

#include "clang/AST/ExprCXX.h"
#include "clang/AST/ParentMapContext.h"
#include "clang/AST/StmtCXX.h"
#include "clang/Basic/SourceManager.h"
#include "clang/Lex/Lexer.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"

#include <map>
#include <nlohmann/json.hpp>

using namespace clang;

namespace asyncguard {
namespace {

std::string substitute(std::string Form, const std::map<std::string, std::string> &Values) {
  for (const auto &[Key, Value] : Values)
    for (size_t At = Form.find(Key); At != std::string::npos; At = Form.find(Key, At + Value.size()))
      Form.replace(At, Key.size(), Value);
  return Form;
}

FixSuggestion noFix(std::string Reason) {
  FixSuggestion F;
  F.NoFixReason = std::move(Reason);
  return F;
}

std::string text(ASTContext &Ctx, clang::SourceRange R) {
  return Lexer::getSourceText(CharSourceRange::getTokenRange(R), Ctx.getSourceManager(),
                              Ctx.getLangOpts())
      .str();
}

/// Why `co_await` cannot replace `Call` where it stands, or "".
std::string placementProblem(ASTContext &Ctx, const Expr &Call, const FunctionDecl *Owner,
                             bool InNestedLambda) {
  if (Call.getBeginLoc().isMacroID() || Call.getEndLoc().isMacroID())
    return "the call is inside a macro expansion; rewrite the macro by hand";
  if (InNestedLambda)
    return "the call is inside a lambda, where 'co_await' is not allowed";
  AsyncVerdict V = classifyFunction(Owner, {});
  if (!V.IsCoroutine)
    return "the enclosing function is not a coroutine";
  // co_await may not appear in a handler or in a default argument.
  DynTypedNodeList Parents = Ctx.getParents(Call);
  for (int Depth = 0; Depth < 64 && !Parents.empty(); ++Depth) {
    const DynTypedNode &P = Parents[0];
    if (P.get<CXXCatchStmt>())
      return "'co_await' is not allowed in a catch handler";
    if (P.get<FunctionDecl>() || P.get<LambdaExpr>())
      break;
    Parents = Ctx.getParents(P);
  }
  return "";
}

/// True when `Call` is used as a whole (a statement, an initializer, a
/// return value, an argument), so that "co_await X" needs no parentheses.
bool standsAlone(ASTContext &Ctx, const Expr &Call) {
  DynTypedNodeList Parents = Ctx.getParents(Call);
  while (!Parents.empty()) {
    const DynTypedNode &P = Parents[0];
    if (const auto *E = P.get<Expr>()) {
      if (isa<ImplicitCastExpr, ExprWithCleanups, MaterializeTemporaryExpr, CXXBindTemporaryExpr,
              ParenExpr>(E)) {
        Parents = Ctx.getParents(P);
        continue;
      }
      return isa<CallExpr, CXXConstructExpr, InitListExpr>(E);
    }
    return true; // a statement or a declaration
  }
  return true;
}

bool valueIsUsed(ASTContext &Ctx, const Expr &Call) {
  DynTypedNodeList Parents = Ctx.getParents(Call);
  while (!Parents.empty()) {
    const DynTypedNode &P = Parents[0];
    if (const auto *E = P.get<Expr>()) {
      if (isa<ExprWithCleanups, ParenExpr>(E)) {
        Parents = Ctx.getParents(P);
        continue;
      }
      if (const auto *Cast = dyn_cast<CStyleCastExpr>(E))
        return !Cast->getType()->isVoidType();
      return true;
    }
    return P.get<ReturnStmt>() || P.get<VarDecl>() || P.get<FieldDecl>();
  }
  return false;
}

/// The edit that adds the style's header once, after the file's first block
/// of #include lines.
std::optional<Edit> includeEdit(ASTContext &Ctx, FileID File, const std::string &Header) {
  if (Header.empty())
    return std::nullopt;
  const SourceManager &SM = Ctx.getSourceManager();
  bool Invalid = false;
  llvm::StringRef Buffer = SM.getBufferData(File, &Invalid);
  if (Invalid)
    return std::nullopt;
  std::string Bare = Header.substr(1, Header.size() - 2);
  for (llvm::StringRef Rest = Buffer; !Rest.empty();) {
    auto [Line, Next] = Rest.split('\n');
    Line = Line.trim();
    if (Line.starts_with("#") && Line.drop_front().ltrim().starts_with("include") &&
        (Line.contains("<" + Bare + ">") || Line.contains("\"" + Bare + "\"")))
      return std::nullopt;
    Rest = Next;
  }
  size_t InsertAt = 0;
  bool SeenInclude = false;
  for (size_t Pos = 0; Pos < Buffer.size();) {
    size_t End = Buffer.find('\n', Pos);
    if (End == llvm::StringRef::npos)
      End = Buffer.size();
    llvm::StringRef Line = Buffer.slice(Pos, End).trim();
    if (Line.starts_with("#include")) {
      SeenInclude = true;
      InsertAt = std::min(End + 1, Buffer.size());
    } else if (SeenInclude && !Line.empty() && !Line.starts_with("//") && !Line.starts_with("#")) {
      break;
    }
    Pos = End + 1;
  }
  return Edit{filePath(SM, File), static_cast<unsigned>(InsertAt), 0, "#include " + Header + "\n"};
}

FixSuggestion replaceCall(ASTContext &Ctx, const Expr &Call, std::string Replacement,
                          std::string Description, const std::string &Header) {
  const SourceManager &SM = Ctx.getSourceManager();
  CharSourceRange Range = CharSourceRange::getTokenRange(Call.getSourceRange());
  SourceLocation Begin = Range.getBegin();
  SourceLocation End = Lexer::getLocForEndOfToken(Range.getEnd(), 0, SM, Ctx.getLangOpts());
  FileID File = SM.getFileID(Begin);
  if (End.isInvalid() || SM.getFileID(End) != File)
    return noFix("the call spans more than one file");
  if (!standsAlone(Ctx, Call))
    Replacement = "(" + Replacement + ")";
  FixSuggestion F;
  F.Description = std::move(Description);
  unsigned Offset = SM.getFileOffset(Begin);
  F.Edits.push_back(
      Edit{filePath(SM, File), Offset, SM.getFileOffset(End) - Offset, std::move(Replacement)});
  if (auto Include = includeEdit(Ctx, File, Header))
    F.Edits.insert(F.Edits.begin(), std::move(*Include));
  return F;
}

FixSuggestion offloadFix(ASTContext &Ctx, const Expr &Call, const FixStyle &Style) {
  if (Style.Offload.empty())
    return noFix(Style.Missing);
  if (Call.isGLValue() && !Call.getType()->isVoidType())
    return noFix("the call returns a reference; offloading it would return a copy");
  if (isa<CXXConstructExpr>(Call) && !isa<CXXTemporaryObjectExpr>(Call))
    return noFix("the call constructs a variable; move the blocking work into a function and "
                 "offload that");
  std::string Expr = text(Ctx, Call.getSourceRange());
  if (Expr.empty())
    return noFix("the call's source text is not available");
  std::string Type;
  if (Style.Offload.find("{type}") != std::string::npos) {
    QualType T = Call.getType();
    if (T->isDependentType() || (T->getAsCXXRecordDecl() && T->getAsCXXRecordDecl()->isLambda()))
      return noFix("the call's type cannot be spelled here");
    PrintingPolicy Policy(Ctx.getLangOpts());
    Policy.SuppressUnwrittenScope = true;
    Policy.FullyQualifiedName = true;
    Type = T.getUnqualifiedType().getAsString(Policy);
  }
  return replaceCall(Ctx, Call,
                     substitute(Style.Offload, {{"{expr}", Expr}, {"{type}", Type}, {"{pool}", Style.Pool}}),
                     "run it off the loop (" + Style.Name + " style)", Style.Include);
}

} // namespace

FixSuggestion buildBlockingCallFix(ASTContext &Ctx, const Expr &Call, const CatalogueEntry &Entry,
                                   llvm::ArrayRef<const Expr *> Args, const FunctionDecl *Owner,
                                   bool InNestedLambda, const FixStyle &Style) {
  if (Entry.Fix == "none")
    return noFix("no mechanical rewrite exists for '" + Entry.Name + "'");
  if (std::string Problem = placementProblem(Ctx, Call, Owner, InNestedLambda); !Problem.empty())
    return noFix(Problem);
  auto Arg = [&](size_t I) { return I < Args.size() ? text(Ctx, Args[I]->getSourceRange()) : ""; };
  auto Sleep = [&](const std::string &Form, const std::string &Key,
                   const std::string &Value) -> FixSuggestion {
    if (Form.empty())
      return noFix(Style.Missing);
    if (Args.empty() || Arg(0).empty())
      return noFix("the duration's source text is not available");
    if (valueIsUsed(Ctx, Call))
      return noFix("the call's return value is used");
    return replaceCall(Ctx, Call, substitute(Form, {{Key, Value}, {"{pool}", Style.Pool}}),
                       "suspend instead of sleeping (" + Style.Name + " style)", Style.Include);
  };
  if (Entry.Fix == "sleep_for")
    return Sleep(Style.SleepFor, "{duration}", Arg(0));
  if (Entry.Fix == "sleep_until")
    return Sleep(Style.SleepUntil, "{time_point}", Arg(0));
  if (Entry.Fix == "sleep_seconds")
    return Sleep(Style.SleepFor, "{duration}", "std::chrono::seconds(" + Arg(0) + ")");
  if (Entry.Fix == "sleep_micros")
    return Sleep(Style.SleepFor, "{duration}", "std::chrono::microseconds(" + Arg(0) + ")");
  if (Entry.Fix == "await_arg") {
    if (Args.empty() || Arg(0).empty())
      return noFix("the awaited expression's source text is not available");
    // A plain co_await needs no header.
    return replaceCall(Ctx, Call, "co_await " + Arg(0), "'co_await' the task instead", "");
  }
  return offloadFix(Ctx, Call, Style);
}

FixSuggestion buildCallOffloadFix(ASTContext &Ctx, const Expr &Call, const FunctionDecl *Owner,
                                  bool InNestedLambda, const FixStyle &Style) {
  if (std::string Problem = placementProblem(Ctx, Call, Owner, InNestedLambda); !Problem.empty())
    return noFix(Problem);
  return offloadFix(Ctx, Call, Style);
}

llvm::Expected<FixStyle> FixStyle::fromConfig(const std::string &Value) {
  FixStyle S;
  if (Value.empty() || Value == "asyncguard")
    return S;
  if (Value == "asio") {
    // co_spawn on the system executor runs the call on Asio's system thread
    // pool; co_await resumes on the coroutine's own executor.
    S.Name = "asio";
    S.Offload = "co_await asio::co_spawn({pool}, [&]() -> asio::awaitable<{type}> { co_return {expr}; }, "
                "asio::use_awaitable)";
    S.Pool = "asio::system_executor()";
    S.SleepFor = "co_await asio::steady_timer(co_await asio::this_coro::executor, {duration})"
                 ".async_wait(asio::use_awaitable)";
    S.SleepUntil = "co_await asio::steady_timer(co_await asio::this_coro::executor, {time_point})"
                   ".async_wait(asio::use_awaitable)";
    S.Include = "<asio.hpp>";
    return S;
  }
  if (Value == "folly") {
    // A Task scheduled on the CPU executor; the awaiting coroutine resumes
    // on its own executor (folly::coro semantics).
    S.Name = "folly";
    S.Offload = "co_await folly::coro::co_invoke([&]() -> folly::coro::Task<{type}> { co_return "
                "{expr}; }).scheduleOn({pool})";
    S.Pool = "folly::getGlobalCPUExecutor()";
    S.SleepFor = "co_await folly::coro::sleep({duration})";
    S.SleepUntil = "";
    S.Include = "<folly/experimental/coro/Task.h>";
    S.Missing = "folly has no 'sleep until'; use 'folly::coro::sleep' with a duration";
    return S;
  }
  if (Value == "cppcoro") {
    // cppcoro has no offload that resumes on the caller's thread without
    // naming both schedulers; a template with {pool} can say how.
    S.Name = "cppcoro";
    S.Offload = S.SleepFor = S.SleepUntil = "";
    S.Include = "";
    S.Missing = "the cppcoro style rewrites only sync_wait; give a fix_style template object with "
                "your scheduler as {pool} for offloading";
    return S;
  }
  nlohmann::json J = nlohmann::json::parse(Value, nullptr, false);
  if (!J.is_object())
    return llvm::createStringError(llvm::inconvertibleErrorCode(), "unknown fix_style '%s'",
                                   Value.c_str());
  S.Name = "custom";
  S.Missing = "the fix_style template has no form for this rewrite";
  for (auto &[Key, Form] : J.items()) {
    if (!Form.is_string())
      return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                     "fix_style.%s must be a string", Key.c_str());
    std::string Text = Form.get<std::string>();
    if (Key == "offload")
      S.Offload = Text;
    else if (Key == "sleep_for")
      S.SleepFor = Text;
    else if (Key == "sleep_until")
      S.SleepUntil = Text;
    else if (Key == "include")
      S.Include = Text.empty() || Text.front() == '<' || Text.front() == '"' ? Text : "<" + Text + ">";
    else if (Key == "pool")
      S.Pool = Text;
    else
      return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                     "unknown key 'fix_style.%s' (offload, sleep_for, "
                                     "sleep_until, include, pool)",
                                     Key.c_str());
  }
  if (!J.contains("offload"))
    S.Offload = "";
  if (!J.contains("sleep_for"))
    S.SleepFor = "";
  if (!J.contains("sleep_until"))
    S.SleepUntil = "";
  if (!J.contains("include"))
    S.Include = "";
  return S;
}

} // namespace asyncguard
