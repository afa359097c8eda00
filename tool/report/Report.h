#pragma once
// Reporters: findings and failures rendered as text, GitHub workflow
// commands, JSON or SARIF 2.1.0. All take the same Report.

#include "core/Finding.h"

#include <string>
#include <vector>

namespace asyncguard {

struct Report {
  std::vector<Finding> Findings; ///< sorted; suppressed ones have Suppression set
  std::vector<TuFailure> Failures;
  /// Every path in every format is relative to this directory (SARIF
  /// %SRCROOT%; text, JSON, GitHub), so that output does not depend on where
  /// asyncguard was started. Files outside it keep their absolute path.
  std::string SourceRoot;
  /// Where asyncguard was started (the build directory of fixes-yaml).
  std::string WorkingDir;
  bool IncludeSuppressed = false;
  /// ANSI colours in text output (a terminal, and NO_COLOR unset).
  bool Color = false;
  int ExitCode = 0;

  /// Findings that are reported (suppressed ones only when asked).
  std::vector<const Finding *> visible() const;
  /// `File` relative to SourceRoot, or absolute when outside it.
  std::string displayPath(const std::string &File) const;
};

std::string renderText(const Report &R);
/// `Text` with control characters (C0 except tab and newline, DEL, C1)
/// written as Clang writes them, `<U+001B>`: source lines and messages come
/// from untrusted files, and raw escape sequences would drive the terminal.
std::string escapeControlCharacters(std::string_view Text);
/// One line of text for stderr next to a `--format github` report: GitHub
/// reads workflow commands from stderr too, so a line (a source line Clang
/// echoes, a file name) must not start with `::`.
std::string neutralizeWorkflowCommand(std::string_view Line);
std::string renderGithub(const Report &R);
std::string renderJson(const Report &R);
std::string renderSarif(const Report &R);
/// clang-tidy's --export-fixes YAML, for clang-apply-replacements.
std::string renderFixesYaml(const Report &R);

/// 1-based column in Unicode code points for a 1-based byte column of `Line`.
unsigned codePointColumn(const std::string &Line, unsigned ByteColumn);

} // namespace asyncguard
