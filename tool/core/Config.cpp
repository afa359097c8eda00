#include "core/Config.h"
#include "core/JsonInput.h"
#include "core/Files.h"
#include "rules/Rule.h"

#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Regex.h"
#include <nlohmann/json.hpp>

#include <algorithm>
#include <unistd.h>

using nlohmann::json;

namespace asyncguard {

/// '*' matches any run, and '?' one character when `QuestionMarks` is set
/// (rule globs, clang-tidy's syntax, have no '?'). Backtracks to the last '*'
/// only: linear, where recursing on every '*' took exponential time on
/// "*****...x" from a config or a NOLINT list.
static bool wildcardMatch(std::string_view Pattern, std::string_view Text, bool QuestionMarks) {
  size_t P = 0, T = 0, Star = std::string_view::npos, StarText = 0;
  while (T < Text.size()) {
    if (P < Pattern.size() && Pattern[P] == '*') {
      Star = P++;
      StarText = T;
      continue;
    }
    if (P < Pattern.size() && (Pattern[P] == Text[T] || (QuestionMarks && Pattern[P] == '?'))) {
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

bool globMatch(std::string_view Pattern, std::string_view Text) {
  return wildcardMatch(Pattern, Text, /*QuestionMarks=*/false);
}

/// One path segment against one glob segment: '*' any run, '?' one character.
static bool segmentMatch(std::string_view Glob, std::string_view Name) {
  return wildcardMatch(Glob, Name, /*QuestionMarks=*/true);
}

static std::vector<std::string_view> segments(std::string_view Path) {
  std::vector<std::string_view> Out;
  for (size_t Start = 0; Start <= Path.size();) {
    size_t Slash = std::min(Path.find('/', Start), Path.size());
    if (Slash > Start)
      Out.push_back(Path.substr(Start, Slash - Start));
    Start = Slash + 1;
  }
  return Out;
}

static bool segmentsMatch(const std::vector<std::string_view> &Glob, size_t G,
                          const std::vector<std::string_view> &Path, size_t P) {
  if (G == Glob.size())
    return P == Path.size();
  if (Glob[G] == "**") {
    for (size_t Skip = P; Skip <= Path.size(); ++Skip)
      if (segmentsMatch(Glob, G + 1, Path, Skip))
        return true;
    return false;
  }
  return P < Path.size() && segmentMatch(Glob[G], Path[P]) &&
         segmentsMatch(Glob, G + 1, Path, P + 1);
}

bool pathGlobMatch(std::string_view Glob, std::string_view RelPath) {
  std::vector<std::string_view> Path = segments(RelPath);
  std::string Anchored(Glob);
  // gitignore: a glob with no '/' (other than a trailing one) matches at any depth.
  if (std::string_view(Glob).substr(0, Glob.size() - (Glob.ends_with('/') ? 1 : 0)).find('/') ==
      std::string_view::npos)
    Anchored = "**/" + Anchored;
  std::vector<std::string_view> Parts = segments(Anchored);
  // "**/**" means what "**" means; collapsing keeps the match polynomial.
  Parts.erase(std::unique(Parts.begin(), Parts.end(),
                          [](std::string_view A, std::string_view B) { return A == "**" && B == "**"; }),
              Parts.end());
  // A glob naming a folder covers everything below it ("build" = "build/**").
  for (size_t Len = Path.size(); Len >= 1; --Len)
    if (segmentsMatch(Parts, 0, std::vector<std::string_view>(Path.begin(), Path.begin() + Len), 0))
      return true;
  return false;
}

bool Config::excludes(std::string_view AbsPath) const {
  for (const ExcludeGlob &E : Exclude) {
    std::string Prefix = E.Base + "/";
    if (!AbsPath.starts_with(Prefix))
      continue;
    if (pathGlobMatch(E.Glob, AbsPath.substr(Prefix.size())))
      return true;
  }
  return false;
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

llvm::Expected<Config> parseConfig(std::string_view Text, std::string_view Origin,
                                   std::string_view Dir) {
  // Before parsing: nlohmann's parser recurses per level (issue 20).
  if (jsonNestsDeeperThan(Text, MaxJsonNesting, /*AllowComments=*/true))
    return configError(Origin, "nested deeper than " + std::to_string(MaxJsonNesting) +
                                   " levels of arrays and objects");
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
  std::string Base(Dir);
  if (Base.empty()) {
    llvm::SmallString<256> Cwd;
    llvm::sys::fs::current_path(Cwd);
    Base = std::string(Cwd);
  }
  while (Base.size() > 1 && Base.back() == '/')
    Base.pop_back();
  for (auto &[Key, Value] : Doc.items()) {
    C.Origins[Key] = {std::string(Origin)};
    if (Key == K::Exclude) {
      auto List = stringList(Value, Key.c_str(), Origin);
      if (!List)
        return List.takeError();
      for (std::string &Glob : *List) {
        if (Glob.empty() || Glob.front() == '/')
          return configError(Origin, "'exclude' globs are relative to the config's folder: '" +
                                         Glob + "'");
        C.Exclude.push_back({Base, std::move(Glob)});
      }
    } else if (Key == K::HeaderFilter) {
      std::string Error;
      if (!Value.is_string() || !llvm::Regex(Value.get<std::string>()).isValid(Error))
        return configError(Origin, "'header_filter' must be a regular expression string" +
                                       (Error.empty() ? std::string() : ": " + Error));
      C.HeaderFilter = Value.get<std::string>();
    } else if (Key == K::InheritParent) {
      if (!Value.is_boolean())
        return configError(Origin, "'inherit_parent' must be true or false");
      C.InheritParent = Value.get<bool>();
    } else if (Key == K::Select || Key == K::Ignore || Key == K::NonBlocking ||
        Key == K::NoReturn || Key == K::AsyncTaskTypes || Key == K::PoolTypes) {
      auto List = stringList(Value, Key.c_str(), Origin);
      if (!List)
        return List.takeError();
      if (Key == K::Select)
        C.Select = std::move(*List);
      else if (Key == K::Ignore)
        C.Ignore = std::move(*List);
      else if (Key == K::NonBlocking)
        C.NonBlocking = std::move(*List);
      else if (Key == K::NoReturn)
        C.NoReturn = std::move(*List);
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
        C.BlockingJson.push_back(E.dump());
      }
    } else if (Key == K::ThreadBudget) {
      if (!Value.is_object())
        return configError(Origin, "'thread_budget' must be an object");
      for (auto &[BKey, BValue] : Value.items()) {
        // Checked as 64 bits: get<unsigned>() of 2^32 + 1 would wrap to 1.
        if (!BValue.is_number_unsigned() || BValue.get<uint64_t>() == 0 ||
            BValue.get<uint64_t>() > MaxThreadBudgetValue)
          return configError(Origin, "'thread_budget." + BKey +
                                         "' must be an integer from 1 to " +
                                         std::to_string(MaxThreadBudgetValue));
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
  auto Buffer = readBoundedRegularFile(Path, limits::ConfigBytes, "config");
  if (!Buffer)
    return Buffer.takeError();
  llvm::SmallString<256> Dir(Path);
  llvm::sys::fs::make_absolute(Dir);
  llvm::sys::path::remove_filename(Dir);
  llvm::sys::path::remove_dots(Dir, /*remove_dot_dot=*/true);
  auto C = parseConfig((*Buffer)->getBuffer(), Path, Dir.str());
  if (C)
    C->Path = Path;
  return C;
}

/// A config another user could have written would let them pick what is
/// reported (and, through fix_style templates, what --fix writes). Root's
/// files are trusted: root can change the user's files anyway.
static bool ownedByUsOrRoot(const llvm::Twine &Path, unsigned &Owner) {
  llvm::sys::fs::file_status Status;
  if (llvm::sys::fs::status(Path, Status))
    return false;
  Owner = Status.getUser();
  return Owner == geteuid() || Owner == 0;
}

std::string findConfig(const std::string &Dir, std::vector<std::string> *Notes) {
  llvm::SmallString<256> Current(Dir);
  llvm::sys::fs::make_absolute(Current);
  llvm::sys::path::remove_dots(Current, /*remove_dot_dot=*/true);
  while (!Current.empty()) {
    llvm::SmallString<256> Candidate(Current);
    llvm::sys::path::append(Candidate, ConfigFileName);
    unsigned Owner = 0;
    if (llvm::sys::fs::is_regular_file(Candidate)) {
      if (ownedByUsOrRoot(Candidate, Owner))
        return std::string(Candidate);
      if (Notes)
        Notes->push_back("skipping config '" + std::string(Candidate) + "': owned by uid " +
                         std::to_string(Owner) + ", not by the current user (uid " +
                         std::to_string(geteuid()) + ")");
    }
    // The repository root is the last folder searched: a config above it
    // belongs to someone else's tree (issue 20).
    if (llvm::sys::fs::exists(Current + "/.git"))
      break;
    llvm::StringRef Parent = llvm::sys::path::parent_path(Current);
    if (Parent == Current)
      break;
    Current = Parent;
  }
  return "";
}

Config mergeConfigs(const Config &Parent, const Config &Child) {
  namespace K = config_key;
  Config M = Parent;
  auto Has = [&](const char *Key) { return Child.Origins.count(Key) != 0; };
  auto Append = [](auto &To, const auto &From) { To.insert(To.end(), From.begin(), From.end()); };
  if (Has(K::Select))
    M.Select = Child.Select;
  if (Has(K::Ignore))
    M.Ignore = Child.Ignore;
  if (Has(K::ThreadBudget)) {
    M.TargetCores = Child.TargetCores;
    M.CoreFactor = Child.CoreFactor;
  }
  if (Has(K::FixStyle))
    M.FixStyle = Child.FixStyle;
  if (Has(K::HeaderFilter))
    M.HeaderFilter = Child.HeaderFilter;
  Append(M.Blocking, Child.Blocking);
  Append(M.BlockingJson, Child.BlockingJson);
  Append(M.NonBlocking, Child.NonBlocking);
  Append(M.NoReturn, Child.NoReturn);
  Append(M.AsyncTaskTypes, Child.AsyncTaskTypes);
  Append(M.PoolTypes, Child.PoolTypes);
  Append(M.Exclude, Child.Exclude);
  for (const auto &[Key, Files] : Child.Origins) {
    bool Extends = Key == K::Blocking || Key == K::NonBlocking || Key == K::NoReturn ||
                   Key == K::AsyncTaskTypes ||
                   Key == K::PoolTypes || Key == K::Exclude;
    std::vector<std::string> &To = M.Origins[Key];
    if (!Extends)
      To.clear();
    Append(To, Files);
  }
  M.InheritParent = Child.InheritParent;
  M.Path = Child.Path;
  M.Text = Parent.Text + "\n" + Child.Text;
  return M;
}

static json configValues(const Config &C) {
  namespace K = config_key;
  json V = json::object();
  V[K::Select] = C.Select;
  V[K::Ignore] = C.Ignore;
  V[K::Blocking] = json::array();
  for (const std::string &E : C.BlockingJson)
    V[K::Blocking].push_back(json::parse(E));
  V[K::NonBlocking] = C.NonBlocking;
  V[K::NoReturn] = C.NoReturn;
  V[K::AsyncTaskTypes] = C.AsyncTaskTypes;
  V[K::ThreadBudget] = {{"target_cores", C.TargetCores}, {"factor", C.CoreFactor}};
  V[K::PoolTypes] = C.PoolTypes;
  V[K::FixStyle] = C.FixStyle.starts_with("{") ? json::parse(C.FixStyle) : json(C.FixStyle);
  V[K::Exclude] = json::array();
  for (const ExcludeGlob &E : C.Exclude)
    V[K::Exclude].push_back(E.Base + "/" + E.Glob);
  V[K::HeaderFilter] = C.HeaderFilter ? json(*C.HeaderFilter) : json(nullptr);
  V[K::InheritParent] = C.InheritParent;
  return V;
}

std::string dumpConfig(const Config &C) {
  json Keys = json::object();
  json Values = configValues(C);
  for (auto &[Key, Value] : Values.items()) {
    auto Origin = C.Origins.find(Key);
    Keys[Key] = {{"value", Value},
                 {"from", Origin == C.Origins.end() ? json("default") : json(Origin->second)}};
  }
  return Keys.dump(2);
}

std::string configCacheKey(const Config &C) { return configValues(C).dump(); }

} // namespace asyncguard
