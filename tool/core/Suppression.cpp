#include "core/Suppression.h"
#include "core/Config.h"
#include "rules/Rule.h"

#include "llvm/Support/ErrorHandling.h"

#include <algorithm>
#include <cstring>

namespace asyncguard {
namespace {

enum class Marker { Line, NextLine, Begin, End };

struct Found {
  Marker Kind;
  std::vector<std::string> Patterns;
  unsigned Column = 0; ///< 1-based column of "NOLINT"
};

const char *kindName(Marker K) {
  switch (K) {
  case Marker::Line:
    return "NOLINT";
  case Marker::NextLine:
    return "NOLINTNEXTLINE";
  case Marker::Begin:
    return "NOLINTBEGIN";
  case Marker::End:
    return "NOLINTEND";
  }
  llvm_unreachable("every marker kind is named");
}

/// Bare markers and markers naming an asyncguard rule; the others belong to
/// other tools, which report their own mistakes.
bool concernsAsyncguard(const std::vector<std::string> &Patterns) {
  for (const auto &R : allRules())
    if (isSuppressed(Patterns, R->id()))
      return true;
  return false;
}

std::string trim(std::string_view S) {
  while (!S.empty() && (S.front() == ' ' || S.front() == '\t'))
    S.remove_prefix(1);
  while (!S.empty() && (S.back() == ' ' || S.back() == '\t'))
    S.remove_suffix(1);
  return std::string(S);
}

// Finds the NOLINT markers in one line of text (only after a comment start,
// so a string literal that merely mentions NOLINT before any "//" is ignored).
std::vector<Found> scanLine(std::string_view Line) {
  std::vector<Found> Out;
  size_t Comment = std::min(Line.find("//"), Line.find("/*"));
  if (Comment == std::string_view::npos)
    return Out;
  for (size_t At = Line.find("NOLINT", Comment); At != std::string_view::npos;
       At = Line.find("NOLINT", At + 6)) {
    std::string_view Rest = Line.substr(At + 6);
    Marker Kind = Marker::Line;
    if (Rest.starts_with("NEXTLINE")) {
      Kind = Marker::NextLine;
      Rest.remove_prefix(8);
    } else if (Rest.starts_with("BEGIN")) {
      Kind = Marker::Begin;
      Rest.remove_prefix(5);
    } else if (Rest.starts_with("END")) {
      Kind = Marker::End;
      Rest.remove_prefix(3);
    } else if (!Rest.empty() && (std::isalnum(static_cast<unsigned char>(Rest[0])) ||
                                 Rest[0] == '_')) {
      continue; // some other word, e.g. NOLINTS
    }
    Found F{Kind, {}, static_cast<unsigned>(At + 1)};
    if (Rest.starts_with("(")) {
      size_t Close = Rest.find(')');
      if (Close == std::string_view::npos)
        continue; // malformed: clang-tidy ignores it too
      std::string_view List = Rest.substr(1, Close - 1);
      for (size_t Start = 0; Start <= List.size();) {
        size_t Comma = List.find(',', Start);
        if (Comma == std::string_view::npos)
          Comma = List.size();
        if (std::string P = trim(List.substr(Start, Comma - Start)); !P.empty())
          F.Patterns.push_back(P);
        Start = Comma + 1;
      }
    } else {
      F.Patterns.push_back("*");
    }
    Out.push_back(std::move(F));
  }
  return Out;
}

} // namespace

NolintIndex::NolintIndex(std::string_view Text) {
  std::vector<std::string_view> Lines;
  for (size_t Start = 0; Start <= Text.size();) {
    size_t End = Text.find('\n', Start);
    if (End == std::string_view::npos)
      End = Text.size();
    Lines.push_back(Text.substr(Start, End - Start));
    Start = End + 1;
  }
  ByLine.resize(Lines.size() + 1);
  auto Cover = [&](unsigned First, unsigned Last, const std::vector<std::string> &Patterns) {
    for (unsigned L = First; L <= Last && L <= ByLine.size(); ++L)
      ByLine[L - 1].insert(ByLine[L - 1].end(), Patterns.begin(), Patterns.end());
  };
  // As clang-tidy: a NOLINTEND closes the latest open NOLINTBEGIN with the
  // same check list; a BEGIN or END left without a partner suppresses
  // nothing and is reported (rule unmatched-nolint).
  std::vector<std::pair<NolintFact, bool>> All; // marker, concerns asyncguard
  std::vector<size_t> Open;                     // indices of open BEGINs
  for (size_t I = 0; I < Lines.size(); ++I) {
    unsigned Line = static_cast<unsigned>(I + 1);
    for (Found &F : scanLine(Lines[I])) {
      NolintFact M;
      M.Range.Begin = {Line, F.Column, 0};
      M.Range.End = {Line, F.Column + static_cast<unsigned>(strlen(kindName(F.Kind))), 0};
      M.Kind = kindName(F.Kind);
      M.Patterns = std::move(F.Patterns);
      bool Ours = concernsAsyncguard(M.Patterns);
      switch (F.Kind) {
      case Marker::Line:
        M.FirstLine = M.LastLine = Line;
        break;
      case Marker::NextLine:
        M.FirstLine = M.LastLine = Line + 1;
        break;
      case Marker::Begin:
        Open.push_back(All.size());
        break;
      case Marker::End: {
        auto Partner = std::find_if(Open.rbegin(), Open.rend(), [&](size_t B) {
          return All[B].first.Patterns == M.Patterns;
        });
        if (Partner == Open.rend()) {
          M.Unmatched = true;
          break;
        }
        NolintFact &Begin = All[*Partner].first;
        Begin.FirstLine = Begin.Range.Begin.Line;
        Begin.LastLine = M.FirstLine = M.LastLine = Line;
        Open.erase(std::next(Partner).base());
        break;
      }
      }
      All.push_back({std::move(M), Ours});
    }
  }
  for (size_t B : Open)
    All[B].first.Unmatched = true;
  for (auto &[M, Ours] : All) {
    // An END's lines are its BEGIN's; covering them once is enough.
    if (M.Kind != "NOLINTEND" && !M.Unmatched)
      Cover(M.FirstLine, M.LastLine, M.Patterns);
    if (Ours)
      Markers.push_back(std::move(M));
  }
}

std::vector<std::string> NolintIndex::patternsForLine(unsigned Line) const {
  if (Line == 0 || Line > ByLine.size())
    return {};
  return ByLine[Line - 1];
}

bool patternCovers(std::string_view Pattern, std::string_view RuleId) {
  return globMatch(Pattern, "asyncguard-" + std::string(RuleId)) || globMatch(Pattern, RuleId);
}

bool isSuppressed(const std::vector<std::string> &Patterns, std::string_view RuleId) {
  return std::any_of(Patterns.begin(), Patterns.end(),
                     [&](const std::string &P) { return patternCovers(P, RuleId); });
}

bool namesAsyncguardRule(std::string_view Pattern) {
  if (Pattern == "*")
    return false;
  for (const auto &R : allRules())
    if (patternCovers(Pattern, R->id()))
      return true;
  return false;
}

} // namespace asyncguard
