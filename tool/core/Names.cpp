#include "core/Names.h"

#include "clang/AST/DeclCXX.h"
#include "clang/AST/DeclTemplate.h"
#include "clang/AST/ExprCXX.h"
#include "llvm/ADT/SmallVector.h"

using namespace clang;

namespace asyncguard {

static std::string unqualifiedName(const NamedDecl *D) {
  if (const auto *Ctor = dyn_cast<CXXConstructorDecl>(D))
    return Ctor->getParent()->getName().str();
  if (const auto *Dtor = dyn_cast<CXXDestructorDecl>(D))
    return "~" + Dtor->getParent()->getName().str();
  if (const auto *R = dyn_cast<CXXRecordDecl>(D); R && R->isLambda())
    return "(lambda)";
  return D->getDeclName().getAsString();
}

std::string qualifiedName(const NamedDecl *D) {
  llvm::SmallVector<std::string, 6> Parts;
  Parts.push_back(unqualifiedName(D));
  for (const DeclContext *C = D->getDeclContext(); C; C = C->getParent()) {
    if (const auto *NS = dyn_cast<NamespaceDecl>(C)) {
      if (NS->isInline() || NS->isAnonymousNamespace())
        continue;
      Parts.push_back(NS->getName().str());
    } else if (const auto *R = dyn_cast<RecordDecl>(C)) {
      Parts.push_back(unqualifiedName(R));
    } else if (const auto *F = dyn_cast<FunctionDecl>(C)) {
      Parts.push_back(unqualifiedName(F));
    }
  }
  std::string Out;
  for (auto It = Parts.rbegin(); It != Parts.rend(); ++It) {
    if (!Out.empty())
      Out += "::";
    Out += *It;
  }
  return Out;
}

std::string recordTypeName(QualType T) {
  if (T.isNull())
    return "";
  T = T.getNonReferenceType();
  if (const auto *P = T->getAs<PointerType>())
    T = P->getPointeeType();
  if (const auto *R = T->getAsRecordDecl())
    return qualifiedName(R);
  // Dependent specializations such as std::future<T> in a template.
  if (const auto *TST = T->getAs<TemplateSpecializationType>())
    if (const TemplateDecl *TD = TST->getTemplateName().getAsTemplateDecl())
      return qualifiedName(TD);
  return "";
}

const Expr *stripWrappers(const Expr *E, bool FunctionalCasts) {
  while (E) {
    E = E->IgnoreParenImpCasts();
    if (const auto *M = dyn_cast<MaterializeTemporaryExpr>(E))
      E = M->getSubExpr();
    else if (const auto *B = dyn_cast<CXXBindTemporaryExpr>(E))
      E = B->getSubExpr();
    else if (const auto *F = dyn_cast<CXXFunctionalCastExpr>(E); F && FunctionalCasts)
      E = F->getSubExpr();
    else
      return E;
  }
  return E;
}

std::string displayName(const FunctionDecl *F) {
  if (const auto *M = dyn_cast<CXXMethodDecl>(F); M && M->getParent()->isLambda()) {
    const DeclContext *Outer = M->getParent()->getDeclContext();
    while (Outer && !isa<FunctionDecl>(Outer) && !isa<NamespaceDecl>(Outer) &&
           !isa<TranslationUnitDecl>(Outer))
      Outer = Outer->getParent();
    if (const auto *OuterF = dyn_cast_or_null<FunctionDecl>(Outer))
      return "(lambda in " + displayName(OuterF) + ")";
    return "(lambda)";
  }
  return qualifiedName(F);
}

} // namespace asyncguard
