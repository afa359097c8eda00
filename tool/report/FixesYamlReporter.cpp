// clang-tidy's --export-fixes format, written with Clang's own YAML traits
// so that clang-apply-replacements reads it.

#include "report/Report.h"

#include "clang/Tooling/DiagnosticsYaml.h"
#include "llvm/Support/YAMLTraits.h"

namespace asyncguard {

std::string renderFixesYaml(const Report &R) {
  clang::tooling::TranslationUnitDiagnostics Doc;
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
      clang::tooling::Replacement Rep(E.File, E.Offset, E.Length, E.Replacement);
      // Edits of one fix never overlap; an identical include edit may repeat.
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
