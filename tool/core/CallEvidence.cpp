#include "core/CallEvidence.h"
#include "core/Names.h"

#include "clang/AST/ParentMapContext.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "clang/Basic/SourceManager.h"
#include "clang/Lex/Lexer.h"
#include "llvm/ADT/STLExtras.h"

#include <arpa/inet.h>

using namespace clang;

namespace asyncguard {
namespace {

std::string textOf(const Stmt *S, ASTContext &Ctx) {
  const SourceManager &SM = Ctx.getSourceManager();
  CharSourceRange Range = SM.getExpansionRange(S->getSourceRange());
  return Lexer::getSourceText(Range, SM, Ctx.getLangOpts()).str();
}

/// `Word` as a whole identifier in `Text` (FLAG_A | FLAG_B, not MY_FLAG_AB).
bool mentions(llvm::StringRef Text, llvm::StringRef Word) {
  auto IsIdent = [](char C) { return std::isalnum(static_cast<unsigned char>(C)) || C == '_'; };
  for (size_t At = Text.find(Word); At != llvm::StringRef::npos; At = Text.find(Word, At + 1)) {
    size_t After = At + Word.size();
    if ((At == 0 || !IsIdent(Text[At - 1])) && (After >= Text.size() || !IsIdent(Text[After])))
      return true;
  }
  return false;
}

const ValueDecl *referencedDecl(const Expr *E) {
  E = stripWrappers(E, /*FunctionalCasts=*/true);
  if (const auto *U = dyn_cast<UnaryOperator>(E); U && U->getOpcode() == UO_AddrOf)
    E = stripWrappers(U->getSubExpr(), /*FunctionalCasts=*/true);
  if (const auto *Ref = dyn_cast<DeclRefExpr>(E))
    return dyn_cast<ValueDecl>(Ref->getDecl());
  return nullptr;
}

bool refersTo(const Expr *E, const ValueDecl *D) { return D && referencedDecl(E) == D; }

/// Creation calls whose flags make the new descriptor non-blocking, and the
/// flag that does it.
bool createsNonBlocking(const CallExpr *Call, ASTContext &Ctx) {
  const FunctionDecl *F = Call->getDirectCallee();
  if (!F || !F->getIdentifier())
    return false;
  static const std::pair<const char *, const char *> Creators[] = {
      {"socket", "SOCK_NONBLOCK"},  {"accept4", "SOCK_NONBLOCK"}, {"eventfd", "EFD_NONBLOCK"},
      {"timerfd_create", "TFD_NONBLOCK"}, {"signalfd", "SFD_NONBLOCK"},
      {"inotify_init1", "IN_NONBLOCK"}};
  for (auto [Name, Flag] : Creators)
    if (F->getName() == Name && qualifiedName(F) == Name)
      for (const Expr *Arg : Call->arguments())
        if (mentions(textOf(Arg, Ctx), Flag))
          return true;
  return false;
}

/// `fcntl(fd, F_SETFL, ... O_NONBLOCK ...)` or `ioctl(fd, FIONBIO, &on)` on
/// the descriptor (any descriptor when `D` is null).
bool setsNonBlocking(const CallExpr *Call, const ValueDecl *D, ASTContext &Ctx) {
  const FunctionDecl *F = Call->getDirectCallee();
  if (!F || !F->getIdentifier() || Call->getNumArgs() < 2)
    return false;
  bool Fcntl = qualifiedName(F) == "fcntl" && Call->getNumArgs() >= 3 &&
               mentions(textOf(Call->getArg(2), Ctx), "O_NONBLOCK");
  bool Ioctl = qualifiedName(F) == "ioctl" && mentions(textOf(Call->getArg(1), Ctx), "FIONBIO");
  return (Fcntl || Ioctl) && (!D || refersTo(Call->getArg(0), D));
}

/// Every call in `Body`, lambdas and local classes included (they are code of
/// this function's author, and a helper's fcntl may sit in one).
template <typename Fn> void forEachCall(const Stmt *Body, Fn &&Visit) {
  struct Walker : RecursiveASTVisitor<Walker> {
    Fn *Visit;
    bool VisitCallExpr(CallExpr *C) { return (*Visit)(C); }
  } W;
  W.Visit = &Visit;
  W.TraverseStmt(const_cast<Stmt *>(Body));
}

/// A project helper that makes the descriptor it creates non-blocking:
/// `int make_socket(...) { int fd = socket(..., SOCK_NONBLOCK, ...); return fd; }`.
bool helperMakesNonBlocking(const CallExpr *Call, ASTContext &Ctx) {
  const FunctionDecl *F = Call->getDirectCallee();
  if (!F)
    return false;
  const FunctionDecl *Def = nullptr;
  if (!F->hasBody(Def) || !Def || Ctx.getSourceManager().isInSystemHeader(Def->getLocation()))
    return false;
  bool Found = false;
  forEachCall(Def->getBody(), [&](const CallExpr *C) {
    Found = createsNonBlocking(C, Ctx) || setsNonBlocking(C, nullptr, Ctx);
    return !Found;
  });
  return Found;
}

/// Whether `E`, assigned to the descriptor, gives it a non-blocking socket.
bool nonBlockingSource(const Expr *E, ASTContext &Ctx) {
  const auto *Call = dyn_cast_or_null<CallExpr>(stripWrappers(E, /*FunctionalCasts=*/true));
  return Call && (createsNonBlocking(Call, Ctx) || helperMakesNonBlocking(Call, Ctx));
}

bool madeNonBlocking(const ValueDecl *D, const Stmt *Body, ASTContext &Ctx) {
  if (const auto *Var = dyn_cast<VarDecl>(D); Var && Var->getInit() &&
                                               nonBlockingSource(Var->getInit(), Ctx))
    return true;
  struct Walker : RecursiveASTVisitor<Walker> {
    const ValueDecl *D;
    ASTContext *Ctx;
    bool Found = false;
    bool VisitBinaryOperator(BinaryOperator *B) {
      if (B->getOpcode() == BO_Assign && refersTo(B->getLHS(), D) && nonBlockingSource(B->getRHS(), *Ctx))
        Found = true;
      return !Found;
    }
    bool VisitCallExpr(CallExpr *C) {
      Found = setsNonBlocking(C, D, *Ctx);
      return !Found;
    }
  } W;
  W.D = D;
  W.Ctx = &Ctx;
  W.TraverseStmt(const_cast<Stmt *>(Body));
  return W.Found;
}

/// The code after `Call` in the function checks for the errors only a
/// non-blocking descriptor returns.
bool checkedForWouldBlock(const Expr *Call, const Stmt *Body, ASTContext &Ctx) {
  // Only the rest of the block the call is in (with the statements nested
  // in it): a check at the end of a long coroutine says nothing about a
  // read of a file ten statements earlier in another block.
  const Stmt *Block = Body;
  DynTypedNode Node = DynTypedNode::create(*Call);
  for (int Depth = 0; Depth < 32; ++Depth) {
    DynTypedNodeList Parents = Ctx.getParents(Node);
    if (Parents.empty())
      break;
    Node = Parents[0];
    if (const auto *Compound = Node.get<CompoundStmt>()) {
      Block = Compound;
      break;
    }
  }
  const SourceManager &SM = Ctx.getSourceManager();
  SourceLocation From = SM.getExpansionRange(Call->getEndLoc()).getEnd();
  SourceLocation To = SM.getExpansionRange(Block->getEndLoc()).getEnd();
  if (From.isInvalid() || To.isInvalid() || SM.getFileID(From) != SM.getFileID(To))
    return false;
  llvm::StringRef After = Lexer::getSourceText(CharSourceRange::getCharRange(From, To), SM,
                                               Ctx.getLangOpts());
  return mentions(After, "EAGAIN") || mentions(After, "EWOULDBLOCK") ||
         mentions(After, "EINPROGRESS");
}

} // namespace

bool isNumericHostLiteral(const Expr *Arg) {
  const Expr *E = stripWrappers(Arg, /*FunctionalCasts=*/true);
  // `const char *host = "127.0.0.1";` then `getaddrinfo(host, ...)`. A later
  // assignment of a name would make this a miss, never a false finding.
  if (const auto *Ref = dyn_cast<DeclRefExpr>(E))
    if (const auto *Var = dyn_cast<VarDecl>(Ref->getDecl()); Var && Var->getInit())
      E = stripWrappers(Var->getInit(), /*FunctionalCasts=*/true);
  // std::string("127.0.0.1"), asio's string_view parameters: the literal inside.
  if (const auto *Construct = dyn_cast<CXXConstructExpr>(E); Construct && Construct->getNumArgs() > 0)
    E = stripWrappers(Construct->getArg(0), /*FunctionalCasts=*/true);
  const auto *Literal = dyn_cast<StringLiteral>(E);
  if (!Literal || !Literal->isOrdinary())
    return false;
  std::string Text = Literal->getString().str();
  unsigned char Buf[16];
  return inet_pton(AF_INET, Text.c_str(), Buf) == 1 || inet_pton(AF_INET6, Text.c_str(), Buf) == 1;
}

bool fieldHasFlag(const Expr *Arg, llvm::StringRef Field, llvm::StringRef Flag,
                  const FunctionDecl *Owner, ASTContext &Ctx) {
  const ValueDecl *D = referencedDecl(Arg);
  if (!D || !Owner || !Owner->getBody())
    return false;
  // `addrinfo hints{.ai_flags = AI_NUMERICHOST}` or `= {AI_NUMERICHOST, ...}`.
  if (const auto *Var = dyn_cast<VarDecl>(D); Var && Var->getInit())
    if (const auto *Init = dyn_cast<InitListExpr>(stripWrappers(Var->getInit())))
      if (const auto *Record = Var->getType()->getAsRecordDecl())
        for (const FieldDecl *F : Record->fields())
          if (F->getName() == Field && F->getFieldIndex() < Init->getNumInits() &&
              mentions(textOf(Init->getInit(F->getFieldIndex()), Ctx), Flag))
            return true;
  struct Walker : RecursiveASTVisitor<Walker> {
    const ValueDecl *D;
    llvm::StringRef Field, Flag;
    ASTContext *Ctx;
    bool Found = false;
    bool VisitBinaryOperator(BinaryOperator *B) {
      if (B->getOpcode() != BO_Assign && B->getOpcode() != BO_OrAssign)
        return true;
      const auto *M = dyn_cast<MemberExpr>(stripWrappers(B->getLHS()));
      if (M && M->getMemberDecl()->getName() == Field && refersTo(M->getBase(), D) &&
          mentions(textOf(B->getRHS(), *Ctx), Flag))
        Found = true;
      return !Found;
    }
  } W;
  W.D = D;
  W.Field = Field;
  W.Flag = Flag;
  W.Ctx = &Ctx;
  W.TraverseStmt(Owner->getBody());
  return W.Found;
}

bool isNonBlockingDescriptor(const Expr *Fd, const Expr *Call, const FunctionDecl *Owner,
                             ASTContext &Ctx) {
  if (!Owner || !Owner->getBody())
    return false;
  const Stmt *Body = Owner->getBody();
  if (Call && checkedForWouldBlock(Call, Body, Ctx))
    return true;
  const ValueDecl *D = Fd ? referencedDecl(Fd) : nullptr;
  if (!D)
    return false;
  if (nonBlockingSource(Fd, Ctx))
    return true;
  return madeNonBlocking(D, Body, Ctx);
}

} // namespace asyncguard
