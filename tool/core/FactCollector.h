#pragma once
// Turns one parsed TU into facts: every project function, whether it is an
// async context, its calls to catalogued blocking APIs and its calls to other
// functions (for the project-wide propagation).

#include "core/Catalogue.h"
#include "core/Facts.h"
#include "fix/FixBuilder.h"

#include "clang/AST/ASTConsumer.h"
#include <memory>

namespace asyncguard {

struct Config;

struct CollectorOptions {
  const Catalogue *Apis = nullptr;
  const Config *Settings = nullptr; ///< for structural rules
  FixStyle Style;                   ///< config "fix_style"
  std::vector<std::string> AsyncTaskTypes; ///< from config, beyond the defaults
};

/// An AST consumer that appends the TU's functions to `Out.Functions`.
std::unique_ptr<clang::ASTConsumer> makeFactCollector(const CollectorOptions &Options,
                                                      TuFacts &Out);

} // namespace asyncguard
