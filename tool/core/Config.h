#pragma once
// .asyncguard.json: one config file, parsed and validated (comments
// allowed). Which file applies to which source, and inheritance, are in
// core/ConfigResolver.h.

#include "core/Catalogue.h"
#include "llvm/Support/Error.h"

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace asyncguard {

/// The config keys, written once (reader, dumper, tests and docs use these).
namespace config_key {
inline constexpr const char *Select = "select";
inline constexpr const char *Ignore = "ignore";
inline constexpr const char *Blocking = "blocking";
inline constexpr const char *NonBlocking = "non_blocking";
inline constexpr const char *NoReturn = "noreturn";
inline constexpr const char *AsyncTaskTypes = "async_task_types";
inline constexpr const char *ThreadBudget = "thread_budget";
inline constexpr const char *PoolTypes = "pool_types";
inline constexpr const char *FixStyle = "fix_style";
inline constexpr const char *Exclude = "exclude";
inline constexpr const char *HeaderFilter = "header_filter";
inline constexpr const char *InheritParent = "inherit_parent";
} // namespace config_key

inline constexpr const char *ConfigFileName = ".asyncguard.json";

/// Largest "thread_budget.target_cores" and "thread_budget.factor": a million
/// cores is far beyond any machine, and a bound keeps the values and the
/// budget (their product) from wrapping around.
inline constexpr uint64_t MaxThreadBudgetValue = uint64_t(1) << 20;

/// An "exclude" glob with the folder it is relative to (its config's).
struct ExcludeGlob {
  std::string Base; ///< absolute folder, no trailing '/'
  std::string Glob; ///< "third_party/**", "*.pb.cc"
};

struct Config {
  std::vector<std::string> Select = {"*"};
  std::vector<std::string> Ignore;
  std::vector<CatalogueEntry> Blocking;
  std::vector<std::string> NonBlocking;
  /// Functions that never return (fatal handlers with no [[noreturn]]):
  /// a blocking call they post-dominate ends the process, it stalls nothing.
  std::vector<std::string> NoReturn;
  std::vector<std::string> AsyncTaskTypes;
  /// Each at most MaxThreadBudgetValue, so their product fits in 64 bits.
  unsigned TargetCores = 8;
  unsigned CoreFactor = 4;
  std::vector<std::string> PoolTypes;
  std::string FixStyle = "asyncguard";
  std::vector<ExcludeGlob> Exclude;
  /// Regex over the absolute path of a header whose findings are reported;
  /// unset = the default filter (core/ConfigResolver.h, FileFilter).
  std::optional<std::string> HeaderFilter;
  /// Merge with the nearest config above this one's folder.
  bool InheritParent = false;
  /// The raw JSON of each "blocking" entry, for `asyncguard config`.
  std::vector<std::string> BlockingJson;
  /// Where it was read from (the nearest file when inherited); empty for defaults.
  std::string Path;
  /// The text of every file merged into it, parent first: part of the fact
  /// cache key.
  std::string Text;
  /// Key -> the files (or "--select"/"--ignore") that gave its value; a key
  /// that is absent has its default.
  std::map<std::string, std::vector<std::string>> Origins;

  /// Applies "blocking" and "non_blocking" to a catalogue.
  void extend(Catalogue &C) const;
  /// True if the rule is enabled by select/ignore (globs, with or without
  /// the "asyncguard-" prefix).
  bool isEnabled(std::string_view RuleId) const;
  /// True if an "exclude" glob matches `AbsPath` (or a folder above it)
  /// relative to the glob's config folder.
  bool excludes(std::string_view AbsPath) const;
};

/// Parses config text; `Origin` names it in error messages. `Dir` anchors
/// "exclude" globs (default: the current directory).
llvm::Expected<Config> parseConfig(std::string_view Text, std::string_view Origin,
                                   std::string_view Dir = "");
/// Reads a config file.
llvm::Expected<Config> loadConfig(const std::string &Path);
/// The nearest .asyncguard.json at or above `Dir`, or "". The search stops
/// at the repository root (the folder holding .git) and skips a file owned
/// by a user other than the current one or root (as git's safe.directory),
/// appending a note to `Notes` when given.
std::string findConfig(const std::string &Dir, std::vector<std::string> *Notes = nullptr);

/// `Child` (with "inherit_parent") over `Parent`: keys the child sets
/// replace the parent's, except the lists that extend the analysis
/// (blocking, non_blocking, noreturn, async_task_types, pool_types, exclude), which
/// are the parent's followed by the child's.
Config mergeConfigs(const Config &Parent, const Config &Child);

/// The effective config as JSON: every key with its value and "from" (the
/// files that set it, or "default").
std::string dumpConfig(const Config &C);
/// The effective values alone, for the fact cache key.
std::string configCacheKey(const Config &C);

/// gitignore-style path glob: "*" and "?" stay within one segment, "**"
/// spans segments, a glob without '/' matches a name at any depth.
bool pathGlobMatch(std::string_view Glob, std::string_view RelPath);

/// clang-tidy style glob ("*", "blocking-*") match.
bool globMatch(std::string_view Pattern, std::string_view Text);

} // namespace asyncguard
