// clang-tidy's --export-fixes format, written with Clang's own YAML traits
// so that clang-apply-replacements reads it.

#include "report/Report.h"

#include "clang/Tooling/DiagnosticsYaml.h"
#include "llvm/Support/YAMLTraits.h"

#include <set>
#include <tuple>

namespace asyncguard {

std::string renderFixesYaml(const Report &R) {
  clang::tooling::TranslationUnitDiagnostics Doc;
  std::set<std::tuple<std::string, unsigned, unsigned, std::string>> Emitted;
  for (const Finding *F : R.visible()) {
    if (Doc.MainSourceFile.empty())
      Doc.MainSourceFile = F->Range.File;
    clang::tooling::Diagnostic D;
    D.DiagnosticName = "asyncguard-" + F->Rule;
    D.Message.Message = F->Message;
    D.Message.FilePath = F->Range.File;
    D.Message.FileOffset = F->Range.Begin.Offset;
    D.DiagLevel = F->Severity == Level::Error ? clang::tooling::Diagnostic::Error
                                              : clang::tooling::Diagnostic::Warning;
    D.BuildDirectory = R.WorkingDir;
    for (const Edit &E : F->Fix.Edits) {
      // Several fixes add the same #include; clang-apply-replacements would
      // insert it once per diagnostic, so only the first carries it.
      if (!Emitted.insert({E.File, E.Offset, E.Length, E.Replacement}).second)
        continue;
      clang::tooling::Replacement Rep(E.File, E.Offset, E.Length, E.Replacement);
      llvm::consumeError(D.Message.Fix[E.File].add(Rep));
    }
    Doc.Diagnostics.push_back(std::move(D));
  }
  std::string Out;
  llvm::raw_string_ostream OS(Out);
  llvm::yaml::Output Yaml(OS);
  Yaml << Doc;
  OS.flush();
  return Out;
}

} // namespace asyncguard
