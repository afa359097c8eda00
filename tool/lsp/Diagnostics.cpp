#include "lsp/Diagnostics.h"

#include "core/Files.h"
#include "rules/Rule.h"

#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"

namespace asyncguard::lsp {

using nlohmann::json;

const std::string *TextCache::get(const std::string &Path) {
  if (const std::string *Buffer = Open(Path))
    return Buffer;
  auto [It, Inserted] = Disk.try_emplace(Path);
  if (Inserted) {
    if (auto File = readBoundedRegularFile(Path, limits::SourceFileBytes, "source"))
      It->second = (*File)->getBuffer().str();
    else
      llvm::consumeError(File.takeError()); // a location without text: no position fix-up
  }
  return It->second ? &*It->second : nullptr;
}

static json toJson(Position P) { return {{"line", P.Line}, {"character", P.Character}}; }

static json toJson(Position Begin, Position End) {
  return {{"start", toJson(Begin)}, {"end", toJson(End)}};
}

json toLspRange(const SourceRange &R, TextCache &Texts) {
  Position Begin = positionOfColumn(R.Begin.Line, R.Begin.Column, R.LineText);
  Position End;
  if (R.End.Line == R.Begin.Line || R.End.Line == 0) {
    End = positionOfColumn(R.Begin.Line, std::max(R.End.Column, R.Begin.Column), R.LineText);
  } else if (const std::string *Text = Texts.get(R.File)) {
    End = positionOfColumn(R.End.Line, R.End.Column, lineAt(*Text, R.End.Line - 1));
  } else {
    End = {R.End.Line - 1, R.End.Column ? R.End.Column - 1 : 0};
  }
  return toJson(Begin, End);
}

static int lspSeverity(Level L) {
  switch (L) {
  case Level::Error:
    return 1;
  case Level::Warning:
    return 2;
  case Level::Note:
    return 3;
  }
  llvm_unreachable("covered switch over Level");
}

json toDiagnostic(const Finding &F, TextCache &Texts) {
  std::string Message = F.Message;
  if (!F.Advice.empty())
    Message += "\n" + F.Advice;
  json Related = json::array();
  for (const std::vector<Note> *Notes : {&F.Context, &F.Chain})
    for (const Note &N : *Notes)
      Related.push_back({{"location",
                          {{"uri", uriOfPath(N.Range.File)}, {"range", toLspRange(N.Range, Texts)}}},
                         {"message", N.Message}});
  json D = {{"range", toLspRange(F.Range, Texts)},
            {"severity", lspSeverity(F.Severity)},
            {"code", F.Rule},
            {"codeDescription", {{"href", ruleDocUri(F.Rule)}}},
            {"source", "asyncguard"},
            {"message", Message}};
  if (!Related.empty())
    D["relatedInformation"] = std::move(Related);
  return D;
}

json failureDiagnostic(const std::string &Path, const AnalysisFailure &Failure,
                       TextCache &Texts) {
  llvm::StringRef First = llvm::StringRef(Failure.FirstError).split('\n').first;
  // "file:line:col: error: message" (see driver/TuRunner.cpp); the file
  // name may itself hold ':', so the numbers are split off from the right.
  Position At{0, 0};
  std::string Message = First.str();
  size_t Marker = First.find(": error: ");
  if (Marker == llvm::StringRef::npos)
    Marker = First.find(": fatal error: ");
  if (Marker != llvm::StringRef::npos) {
    auto [FileAndLine, ColumnText] = First.substr(0, Marker).rsplit(':');
    auto [FileText, LineText] = FileAndLine.rsplit(':');
    unsigned Line = 0, Column = 0;
    llvm::SmallString<256> File(FileText);
    if (!llvm::sys::path::is_absolute(File))
      llvm::sys::fs::make_absolute(Failure.Directory, File);
    if (!LineText.getAsInteger(10, Line) && !ColumnText.getAsInteger(10, Column) && Line > 0 &&
        normalizedPath(File) == Path) {
      const std::string *Text = Texts.get(Path);
      At = positionOfColumn(Line, Column, Text ? lineAt(*Text, Line - 1) : std::string_view());
      Message = First.substr(First.find(' ', Marker + 1) + 1).str();
    }
  }
  return {{"range", toJson(At, At)},
          {"severity", 1},
          {"source", "asyncguard"},
          {"message", "asyncguard could not analyse this file, so its findings are missing: " +
                          Message}};
}

bool findingMatchesText(const Finding &F, std::string_view Text) {
  const SourcePos &B = F.Range.Begin;
  if (B.Line == 0 || B.Column == 0 || B.Offset < B.Column - 1 || B.Offset > Text.size())
    return false;
  size_t LineBegin = B.Offset - (B.Column - 1);
  if (LineBegin > 0 && Text[LineBegin - 1] != '\n')
    return false;
  std::string_view Line = lineAt(Text, B.Line - 1);
  // The line must start where the finding says and read the same.
  if (Line.data() != Text.data() + LineBegin)
    return false;
  std::string_view Expected = F.Range.LineText;
  if (!Expected.empty() && Expected.back() == '\r')
    Expected.remove_suffix(1);
  return Line == Expected;
}

static bool overlaps(Position B1, Position E1, Position B2, Position E2) {
  auto Less = [](Position A, Position B) {
    return A.Line < B.Line || (A.Line == B.Line && A.Character < B.Character);
  };
  return !Less(E1, B2) && !Less(E2, B1);
}

static Position positionFrom(const json &J) {
  return {static_cast<unsigned>(J["line"].get<long long>()),
          static_cast<unsigned>(J["character"].get<long long>())};
}

/// The fix's edits grouped by file URI, or nullopt if a file's text is
/// unknown or no longer matches (applying byte offsets would corrupt it).
static std::optional<json> fixChanges(const Finding &F, const std::string &Path,
                                      TextCache &Texts) {
  json Changes = json::object();
  for (const Edit &E : F.Fix.Edits) {
    const std::string *Text = Texts.get(E.File);
    if (!Text || E.Offset + E.Length > Text->size())
      return std::nullopt;
    if (E.File == Path && !findingMatchesText(F, *Text))
      return std::nullopt;
    json &List = Changes[uriOfPath(E.File)];
    List.push_back({{"range", toJson(positionOfOffset(*Text, E.Offset),
                                     positionOfOffset(*Text, E.Offset + E.Length))},
                    {"newText", E.Replacement}});
  }
  return Changes;
}

json codeActions(const std::vector<Finding> &Findings, const std::string &Path, Position Begin,
                 Position End, const std::vector<std::string> &Only, TextCache &Texts) {
  json Actions = json::array();
  bool WantQuickFix = Only.empty();
  for (const std::string &Kind : Only)
    WantQuickFix = WantQuickFix || Kind == "quickfix" || Kind == "";
  const std::string *Current = Texts.get(Path);
  if (!WantQuickFix || !Current)
    return Actions;
  for (const Finding &F : Findings) {
    json Diagnostic = toDiagnostic(F, Texts);
    Position FBegin = positionFrom(Diagnostic["range"]["start"]);
    Position FEnd = positionFrom(Diagnostic["range"]["end"]);
    if (F.Range.File != Path || !overlaps(Begin, End, FBegin, FEnd) ||
        !findingMatchesText(F, *Current))
      continue;
    if (!F.Fix.empty())
      if (std::optional<json> Changes = fixChanges(F, Path, Texts))
        Actions.push_back({{"title", "asyncguard: " + (F.Fix.Description.empty()
                                                           ? std::string("apply the fix")
                                                           : F.Fix.Description)},
                           {"kind", "quickfix"},
                           {"isPreferred", true},
                           {"diagnostics", json::array({Diagnostic})},
                           {"edit", {{"changes", std::move(*Changes)}}}});
    // The comment goes at the end of the finding's first line, where the
    // suppression index looks for it.
    std::string_view Line = lineAt(*Current, FBegin.Line);
    Position LineEnd{FBegin.Line, utf16Length(Line, Line.size())};
    std::string Comment = " // NOLINT(asyncguard-" + F.Rule + ")";
    Actions.push_back(
        {{"title", "asyncguard: suppress with // NOLINT(asyncguard-" + F.Rule + ")"},
         {"kind", "quickfix"},
         {"diagnostics", json::array({Diagnostic})},
         {"edit",
          {{"changes",
            {{uriOfPath(Path),
              json::array({{{"range", toJson(LineEnd, LineEnd)}, {"newText", Comment}}})}}}}}});
  }
  return Actions;
}

} // namespace asyncguard::lsp
