#include "core/Config.h"
#include "rules/Rule.h"

#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include <nlohmann/json.hpp>

#include <algorithm>

using nlohmann::json;

namespace asyncguard {

bool globMatch(std::string_view Pattern, std::string_view Text) {
  // Backtracks to the last '*' only: linear, where recursing on every '*'
  // took exponential time on "*****...x" from a config or a NOLINT list.
  size_t P = 0, T = 0, Star = std::string_view::npos, StarText = 0;
  while (T < Text.size()) {
    if (P < Pattern.size() && Pattern[P] == '*') {
      Star = P++;
      StarText = T;
      continue;
    }
    if (P < Pattern.size() && Pattern[P] == Text[T]) {
      ++P;
      ++T;
      continue;
    }
    if (Star == std::string_view::npos)
      return false;
    P = Star + 1;
    T = ++StarText;
  }
  while (P < Pattern.size() && Pattern[P] == '*')
    ++P;
  return P == Pattern.size();
}

static bool matchesAny(const std::vector<std::string> &Patterns, std::string_view RuleId) {
  for (std::string_view P : Patterns) {
    if (P.starts_with("asyncguard-"))
      P.remove_prefix(11);
    if (globMatch(P, RuleId))
      return true;
  }
  return false;
}

bool Config::isEnabled(std::string_view RuleId) const {
  return matchesAny(Select, RuleId) && !matchesAny(Ignore, RuleId);
}

void Config::extend(Catalogue &C) const {
  for (const CatalogueEntry &E : Blocking)
    C.add(E);
  for (const std::string &N : NonBlocking)
    C.markNonBlocking(N);
}

static llvm::Error configError(std::string_view Origin, const std::string &What) {
  return llvm::createStringError(llvm::inconvertibleErrorCode(), "%s: %s",
                                 std::string(Origin).c_str(), What.c_str());
}

static llvm::Expected<std::vector<std::string>> stringList(const json &V, const char *Key,
                                                           std::string_view Origin) {
  std::vector<std::string> Out;
  if (!V.is_array())
    return configError(Origin, std::string("'") + Key + "' must be an array of strings");
  for (const json &S : V) {
    if (!S.is_string())
      return configError(Origin, std::string("'") + Key + "' must be an array of strings");
    Out.push_back(S.get<std::string>());
  }
  return Out;
}

static llvm::Error checkRulePatterns(const std::vector<std::string> &Patterns, const char *Key,
                                     std::string_view Origin) {
  for (std::string_view P : Patterns) {
    std::string_view Bare = P.starts_with("asyncguard-") ? P.substr(11) : P;
    bool Any = false;
    for (const auto &R : allRules())
      Any |= globMatch(Bare, R->id());
    if (!Any)
      return configError(Origin, std::string("'") + Key + "' names no rule: '" +
                                     std::string(P) + "' (see 'asyncguard rules')");
  }
  return llvm::Error::success();
}

llvm::Expected<Config> parseConfig(std::string_view Text, std::string_view Origin) {
  json Doc;
  try {
    Doc = json::parse(Text, nullptr, /*allow_exceptions=*/true, /*ignore_comments=*/true);
  } catch (const json::parse_error &E) {
    // nlohmann reports a byte offset; editors want line:column.
    size_t Byte = std::min<size_t>(E.byte ? E.byte - 1 : 0, Text.size());
    size_t Line = 1 + std::count(Text.begin(), Text.begin() + Byte, '\n');
    size_t LineStart = Text.rfind('\n', Byte ? Byte - 1 : 0);
    size_t Column = LineStart == std::string_view::npos || Byte == 0 ? Byte + 1 : Byte - LineStart;
    std::string What = E.what();
    if (size_t Colon = What.rfind(": "); Colon != std::string::npos)
      What = What.substr(Colon + 2);
    return configError(std::string(Origin) + ":" + std::to_string(Line) + ":" +
                           std::to_string(Column),
                       "not valid JSON (comments are allowed, trailing commas are not): " + What);
  } catch (const json::exception &E) {
    // A number too large for a double (out_of_range.406) has no position.
    std::string What = E.what();
    return configError(Origin, "not valid JSON: " + What.substr(What.find("] ") + 2));
  }
  if (!Doc.is_object())
    return configError(Origin, "the config must be a JSON object");
  Config C;
  C.Text = std::string(Text);
  namespace K = config_key;
  for (auto &[Key, Value] : Doc.items()) {
    if (Key == K::Select || Key == K::Ignore || Key == K::NonBlocking ||
        Key == K::AsyncTaskTypes || Key == K::PoolTypes) {
      auto List = stringList(Value, Key.c_str(), Origin);
      if (!List)
        return List.takeError();
      if (Key == K::Select)
        C.Select = std::move(*List);
      else if (Key == K::Ignore)
        C.Ignore = std::move(*List);
      else if (Key == K::NonBlocking)
        C.NonBlocking = std::move(*List);
      else if (Key == K::AsyncTaskTypes)
        C.AsyncTaskTypes = std::move(*List);
      else
        C.PoolTypes = std::move(*List);
    } else if (Key == K::Blocking) {
      if (!Value.is_array())
        return configError(Origin, "'blocking' must be an array of {\"name\", \"rule\"} objects");
      for (const json &E : Value) {
        auto Entry = Catalogue::parseEntry(&E, Origin);
        if (!Entry)
          return Entry.takeError();
        C.Blocking.push_back(std::move(*Entry));
      }
    } else if (Key == K::ThreadBudget) {
      if (!Value.is_object())
        return configError(Origin, "'thread_budget' must be an object");
      for (auto &[BKey, BValue] : Value.items()) {
        if (!BValue.is_number_unsigned() || BValue.get<unsigned>() == 0)
          return configError(Origin, "'thread_budget." + BKey + "' must be a positive integer");
        if (BKey == "target_cores")
          C.TargetCores = BValue.get<unsigned>();
        else if (BKey == "factor")
          C.CoreFactor = BValue.get<unsigned>();
        else
          return configError(Origin, "unknown key 'thread_budget." + BKey + "'");
      }
    } else if (Key == K::FixStyle) {
      static const char *const Styles[] = {"asyncguard", "asio", "folly", "cppcoro"};
      if (Value.is_string() &&
          std::find(std::begin(Styles), std::end(Styles), Value.get<std::string>()) !=
              std::end(Styles))
        C.FixStyle = Value.get<std::string>();
      else if (Value.is_object())
        C.FixStyle = Value.dump();
      else
        return configError(Origin, "'fix_style' must be \"asyncguard\", \"asio\", \"folly\", "
                                   "\"cppcoro\" or a template object");
    } else {
      return configError(Origin, "unknown key '" + Key + "'");
    }
  }
  if (auto E = checkRulePatterns(C.Select, K::Select, Origin))
    return std::move(E);
  if (auto E = checkRulePatterns(C.Ignore, K::Ignore, Origin))
    return std::move(E);
  return C;
}

llvm::Expected<Config> loadConfig(const std::string &Path) {
  auto Buffer = llvm::MemoryBuffer::getFile(Path);
  if (!Buffer)
    return configError(Path, "cannot read config: " + Buffer.getError().message());
  auto C = parseConfig((*Buffer)->getBuffer(), Path);
  if (C)
    C->Path = Path;
  return C;
}

std::string findConfig(const std::string &Dir) {
  llvm::SmallString<256> Current(Dir);
  llvm::sys::fs::make_absolute(Current);
  while (!Current.empty()) {
    llvm::SmallString<256> Candidate(Current);
    llvm::sys::path::append(Candidate, ConfigFileName);
    if (llvm::sys::fs::is_regular_file(Candidate))
      return std::string(Candidate);
    llvm::StringRef Parent = llvm::sys::path::parent_path(Current);
    if (Parent == Current)
      break;
    Current = Parent;
  }
  return "";
}

} // namespace asyncguard
