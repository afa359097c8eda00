// The compiler's diagnostic format, so that editors and CI problem matchers
// parse it, and GitHub Actions workflow commands.

#include "report/Report.h"

#include <cstdio>
#include <sstream>

namespace asyncguard {

// Clang's colours: bold locations, bold magenta warnings, bold red errors,
// bold black notes.
static const char *const Bold = "\033[1m", *const Reset = "\033[0m";

static void location(std::ostream &OS, const Report &R, const SourceRange &Range) {
  if (R.Color)
    OS << Bold;
  // A file name may hold any byte but '/' and NUL, newlines included.
  std::string Path = escapeControlCharacters(R.displayPath(Range.File));
  for (size_t At = Path.find('\n'); At != std::string::npos; At = Path.find('\n', At))
    Path.replace(At, 1, "<U+000A>");
  OS << Path << ':' << Range.Begin.Line << ':' << Range.Begin.Column << ": ";
  if (R.Color)
    OS << Reset;
}

static void label(std::ostream &OS, const Report &R, std::string_view Text, Level L) {
  if (R.Color)
    OS << (L == Level::Error ? "\033[1;31m" : L == Level::Warning ? "\033[1;35m" : "\033[1;30m");
  OS << Text << ':';
  if (R.Color)
    OS << Reset;
  OS << ' ';
}

/// The length of the control character at `Text[I]` (1, or 2 for a C1
/// control in UTF-8), or 0 when it is not one.
static size_t controlLength(std::string_view Text, size_t I) {
  auto Byte = static_cast<unsigned char>(Text[I]);
  if ((Byte < 0x20 && Byte != '\t' && Byte != '\n') || Byte == 0x7f)
    return 1;
  if (Byte == 0xc2 && I + 1 < Text.size() && static_cast<unsigned char>(Text[I + 1]) >= 0x80 &&
      static_cast<unsigned char>(Text[I + 1]) <= 0x9f)
    return 2;
  return 0;
}

static std::string codePointName(std::string_view Text, size_t I, size_t Length) {
  unsigned CodePoint = Length == 1 ? static_cast<unsigned char>(Text[I])
                                   : static_cast<unsigned char>(Text[I + 1]);
  char Name[16];
  snprintf(Name, sizeof Name, "<U+%04X>", CodePoint);
  return Name;
}

std::string escapeControlCharacters(std::string_view Text) {
  std::string Out;
  Out.reserve(Text.size());
  for (size_t I = 0; I < Text.size();) {
    size_t Length = controlLength(Text, I);
    if (Length == 0) {
      Out += Text[I++];
      continue;
    }
    Out += codePointName(Text, I, Length);
    I += Length;
  }
  return Out;
}

std::string neutralizeWorkflowCommand(std::string_view Line) {
  std::string_view Trimmed = Line.substr(std::min(Line.size(), Line.find_first_not_of(" \t")));
  // GitHub's runner trims leading blanks before it looks for "::".
  if (Trimmed.substr(0, 2) == "::")
    return "| " + std::string(Line);
  return std::string(Line);
}

static void sourceLine(std::ostream &OS, const Report &R, const SourceRange &Range) {
  if (Range.LineText.empty())
    return;
  std::string Number = std::to_string(Range.Begin.Line);
  std::string Gutter(std::max<size_t>(5, Number.size()), ' ');
  const std::string &Line = Range.LineText;
  OS << Gutter.substr(Number.size()) << Number << " | " << escapeControlCharacters(Line) << '\n';
  OS << Gutter << " | ";
  // Keep tabs and the width of escaped characters so the caret lines up
  // under the same text.
  for (size_t I = 0; I + 1 < Range.Begin.Column && I < Line.size();) {
    if (size_t Length = controlLength(Line, I)) {
      OS << std::string(codePointName(Line, I, Length).size(), ' ');
      I += Length;
      continue;
    }
    OS << (Line[I] == '\t' ? '\t' : ' ');
    ++I;
  }
  if (R.Color)
    OS << "\033[1;32m";
  OS << '^';
  if (Range.End.Line == Range.Begin.Line && Range.End.Column > Range.Begin.Column + 1)
    OS << std::string(Range.End.Column - Range.Begin.Column - 1, '~');
  if (R.Color)
    OS << Reset;
  OS << '\n';
}

std::string renderText(const Report &R) {
  std::ostringstream OS;
  for (const Finding *F : R.visible()) {
    location(OS, R, F->Range);
    label(OS, R, levelName(F->Severity), F->Severity);
    OS << escapeControlCharacters(F->Message) << " [asyncguard-" << F->Rule << ']';
    if (!F->Suppression.empty())
      OS << " (suppressed: " << F->Suppression << ')';
    OS << '\n';
    sourceLine(OS, R, F->Range);
    for (const Note &N : F->Chain) {
      location(OS, R, N.Range);
      label(OS, R, "note", Level::Note);
      OS << escapeControlCharacters(N.Message) << '\n';
    }
    for (const Note &N : F->Context) {
      location(OS, R, N.Range);
      label(OS, R, "note", Level::Note);
      OS << escapeControlCharacters(N.Message) << '\n';
    }
    location(OS, R, F->Range);
    label(OS, R, "note", Level::Note);
    OS << escapeControlCharacters(F->Advice);
    if (!F->Fix.empty())
      OS << " (fix available: " << escapeControlCharacters(F->Fix.Description) << ')';
    OS << '\n';
  }
  return OS.str();
}

static std::string escapeData(const std::string &S) {
  std::string Out;
  for (char C : S) {
    if (C == '%')
      Out += "%25";
    else if (C == '\r')
      Out += "%0D";
    else if (C == '\n')
      Out += "%0A";
    else
      Out += C;
  }
  return Out;
}

static std::string escapeProperty(const std::string &S) {
  std::string Out;
  for (char C : escapeData(S)) {
    if (C == ':')
      Out += "%3A";
    else if (C == ',')
      Out += "%2C";
    else
      Out += C;
  }
  return Out;
}

std::string renderGithub(const Report &R) {
  std::ostringstream OS;
  for (const Finding *F : R.visible()) {
    OS << "::" << (F->Severity == Level::Error ? "error" : "warning")
       << " file=" << escapeProperty(R.displayPath(F->Range.File)) << ",line=" << F->Range.Begin.Line
       << ",col=" << F->Range.Begin.Column;
    if (F->Range.End.Line == F->Range.Begin.Line)
      OS << ",endColumn=" << F->Range.End.Column;
    OS << ",title=" << escapeProperty("asyncguard-" + F->Rule) << "::"
       << escapeData(F->Message + "\n" + F->Advice) << '\n';
  }
  for (const TuFailure &Failure : R.Failures)
    OS << "::error file=" << escapeProperty(R.displayPath(Failure.File))
       << ",title=asyncguard::" << escapeData("could not analyze this file; its findings are missing")
       << '\n';
  return OS.str();
}

} // namespace asyncguard
