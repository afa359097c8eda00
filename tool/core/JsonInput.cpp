#include "core/JsonInput.h"

namespace asyncguard {

bool jsonNestsDeeperThan(std::string_view Text, unsigned Max, bool AllowComments) {
  unsigned Depth = 0;
  for (size_t I = 0; I < Text.size(); ++I) {
    char C = Text[I];
    if (C == '"') {
      // Skip the string, escapes included; an unterminated one ends the scan.
      for (++I; I < Text.size() && Text[I] != '"'; ++I)
        if (Text[I] == '\\')
          ++I;
      continue;
    }
    if (AllowComments && C == '/' && I + 1 < Text.size()) {
      if (Text[I + 1] == '/') {
        I = Text.find('\n', I);
        if (I == std::string_view::npos)
          return false;
        continue;
      }
      if (Text[I + 1] == '*') {
        I = Text.find("*/", I + 2);
        if (I == std::string_view::npos)
          return false;
        ++I;
        continue;
      }
    }
    if (C == '[' || C == '{') {
      if (++Depth > Max)
        return true;
    } else if ((C == ']' || C == '}') && Depth > 0) {
      --Depth;
    }
  }
  return false;
}

llvm::Expected<nlohmann::json> parseUntrustedJson(std::string_view Text, std::string_view Origin) {
  if (jsonNestsDeeperThan(Text, MaxJsonNesting))
    return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                   "%.*s: JSON nested deeper than %u levels",
                                   static_cast<int>(Origin.size()), Origin.data(), MaxJsonNesting);
  nlohmann::json J = nlohmann::json::parse(Text, nullptr, /*allow_exceptions=*/false);
  if (J.is_discarded())
    return llvm::createStringError(llvm::inconvertibleErrorCode(), "%.*s: not valid JSON",
                                   static_cast<int>(Origin.size()), Origin.data());
  return J;
}

} // namespace asyncguard
