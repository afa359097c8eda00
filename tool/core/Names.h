#pragma once
// Catalogue names for declarations: fully qualified, without inline or
// anonymous namespaces and without template arguments, so that
// "std::__cxx11::basic_string<char>::size" is "std::basic_string::size".

#include "clang/AST/Decl.h"
#include "clang/AST/Expr.h"
#include "clang/AST/Type.h"
#include <string>

namespace asyncguard {

/// Catalogue name of a declaration ("::sleep" is returned as "sleep").
std::string qualifiedName(const clang::NamedDecl *D);
/// Catalogue name of the record or typedef'd record behind a type (through
/// pointers and references), or "" for other types.
std::string recordTypeName(clang::QualType T);
/// `E` without parentheses, implicit casts and temporary materialization
/// (and functional casts, when asked): the expression as written.
const clang::Expr *stripWrappers(const clang::Expr *E, bool FunctionalCasts = false);

/// A readable name for messages: qualified, lambdas as "(lambda in f)".
std::string displayName(const clang::FunctionDecl *F);

} // namespace asyncguard
