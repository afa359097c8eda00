#include "fix/FixBuilder.h"
#include "core/AsyncContext.h"

#include "clang/AST/ExprCXX.h"
#include "clang/AST/ParentMapContext.h"
#include "clang/AST/StmtCXX.h"
#include "clang/Basic/SourceManager.h"
#include "clang/Lex/Lexer.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"

using namespace clang;

namespace asyncguard {
namespace {

constexpr const char *RuntimeInclude = "#include <asyncguard/rt.hpp>\n";

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

std::string pathOf(const SourceManager &SM, FileID File) {
  OptionalFileEntryRef Entry = SM.getFileEntryRefForID(File);
  llvm::SmallString<256> Path(Entry ? Entry->getName() : llvm::StringRef());
  llvm::sys::fs::make_absolute(Path);
  llvm::sys::path::remove_dots(Path, true);
  return std::string(Path);
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

/// The edit that adds the runtime header once, after the file's first block
/// of #include lines.
std::optional<Edit> includeEdit(ASTContext &Ctx, FileID File) {
  const SourceManager &SM = Ctx.getSourceManager();
  bool Invalid = false;
  llvm::StringRef Buffer = SM.getBufferData(File, &Invalid);
  if (Invalid)
    return std::nullopt;
  if (Buffer.contains("<asyncguard/rt.hpp>") || Buffer.contains("\"asyncguard/rt.hpp\""))
    return std::nullopt;
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
  return Edit{pathOf(SM, File), static_cast<unsigned>(InsertAt), 0, RuntimeInclude};
}

FixSuggestion replaceCall(ASTContext &Ctx, const Expr &Call, std::string Replacement,
                          std::string Description) {
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
      Edit{pathOf(SM, File), Offset, SM.getFileOffset(End) - Offset, std::move(Replacement)});
  if (auto Include = includeEdit(Ctx, File))
    F.Edits.insert(F.Edits.begin(), std::move(*Include));
  return F;
}

FixSuggestion offloadFix(ASTContext &Ctx, const Expr &Call) {
  if (Call.isGLValue() && !Call.getType()->isVoidType())
    return noFix("the call returns a reference; offloading it would return a copy");
  if (isa<CXXConstructExpr>(Call) && !isa<CXXTemporaryObjectExpr>(Call))
    return noFix("the call constructs a variable; move the blocking work into a function and "
                 "offload that");
  std::string Expr = text(Ctx, Call.getSourceRange());
  if (Expr.empty())
    return noFix("the call's source text is not available");
  return replaceCall(Ctx, Call,
                     "co_await asyncguard::rt::offload([&] { return " + Expr + "; })",
                     "run it on the blocking pool with 'co_await asyncguard::rt::offload'");
}

} // namespace

FixSuggestion buildBlockingCallFix(ASTContext &Ctx, const Expr &Call, const CatalogueEntry &Entry,
                                   llvm::ArrayRef<const Expr *> Args, const FunctionDecl *Owner,
                                   bool InNestedLambda) {
  if (Entry.Fix == "none")
    return noFix("no mechanical rewrite exists for '" + Entry.Name + "'");
  if (std::string Problem = placementProblem(Ctx, Call, Owner, InNestedLambda); !Problem.empty())
    return noFix(Problem);
  auto Arg = [&](size_t I) { return I < Args.size() ? text(Ctx, Args[I]->getSourceRange()) : ""; };
  auto Sleep = [&](std::string Awaitable) -> FixSuggestion {
    if (Args.empty() || Arg(0).empty())
      return noFix("the duration's source text is not available");
    if (valueIsUsed(Ctx, Call))
      return noFix("the call's return value is used");
    return replaceCall(Ctx, Call, "co_await " + Awaitable,
                       "suspend instead of sleeping: '" + Awaitable.substr(0, Awaitable.find('(')) +
                           "'");
  };
  if (Entry.Fix == "sleep_for")
    return Sleep("asyncguard::rt::sleep_for(" + Arg(0) + ")");
  if (Entry.Fix == "sleep_until")
    return Sleep("asyncguard::rt::sleep_until(" + Arg(0) + ")");
  if (Entry.Fix == "sleep_seconds")
    return Sleep("asyncguard::rt::sleep_for(std::chrono::seconds(" + Arg(0) + "))");
  if (Entry.Fix == "sleep_micros")
    return Sleep("asyncguard::rt::sleep_for(std::chrono::microseconds(" + Arg(0) + "))");
  if (Entry.Fix == "await_arg") {
    if (Args.empty() || Arg(0).empty())
      return noFix("the awaited expression's source text is not available");
    FixSuggestion F = replaceCall(Ctx, Call, "co_await " + Arg(0), "'co_await' the task instead");
    // The runtime header is not needed for a plain co_await.
    if (!F.Edits.empty() && F.Edits.front().Replacement == RuntimeInclude)
      F.Edits.erase(F.Edits.begin());
    return F;
  }
  return offloadFix(Ctx, Call);
}

FixSuggestion buildCallOffloadFix(ASTContext &Ctx, const Expr &Call, const FunctionDecl *Owner,
                                  bool InNestedLambda) {
  if (std::string Problem = placementProblem(Ctx, Call, Owner, InNestedLambda); !Problem.empty())
    return noFix(Problem);
  return offloadFix(Ctx, Call);
}

} // namespace asyncguard
