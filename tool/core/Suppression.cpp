#include "core/Suppression.h"
#include "core/Config.h"

#include <algorithm>

namespace asyncguard {
namespace {

enum class Marker { Line, NextLine, Begin, End };

struct Found {
  Marker Kind;
  std::vector<std::string> Patterns;
};

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
    Found F{Kind, {}};
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
  std::vector<std::vector<std::string>> Open; // NOLINTBEGIN stack
  for (size_t I = 0; I < Lines.size(); ++I) {
    for (Found &F : scanLine(Lines[I])) {
      switch (F.Kind) {
      case Marker::Line:
        ByLine[I].insert(ByLine[I].end(), F.Patterns.begin(), F.Patterns.end());
        break;
      case Marker::NextLine:
        ByLine[I + 1].insert(ByLine[I + 1].end(), F.Patterns.begin(), F.Patterns.end());
        break;
      case Marker::Begin:
        Open.push_back(std::move(F.Patterns));
        break;
      case Marker::End:
        if (!Open.empty())
          Open.pop_back();
        break;
      }
    }
    for (const auto &Region : Open)
      ByLine[I].insert(ByLine[I].end(), Region.begin(), Region.end());
  }
}

std::vector<std::string> NolintIndex::patternsForLine(unsigned Line) const {
  if (Line == 0 || Line > ByLine.size())
    return {};
  return ByLine[Line - 1];
}

bool isSuppressed(const std::vector<std::string> &Patterns, std::string_view RuleId) {
  std::string Check = "asyncguard-" + std::string(RuleId);
  return std::any_of(Patterns.begin(), Patterns.end(),
                     [&](const std::string &P) { return globMatch(P, Check); });
}

} // namespace asyncguard
