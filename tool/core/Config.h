#pragma once
// .asyncguard.json: found from the analyzed path's folder upward, comments allowed.

#include "core/Catalogue.h"
#include "llvm/Support/Error.h"

#include <string>
#include <vector>

namespace asyncguard {

/// The config keys, written once (reader, dumper, tests and docs use these).
namespace config_key {
inline constexpr const char *Select = "select";
inline constexpr const char *Ignore = "ignore";
inline constexpr const char *Blocking = "blocking";
inline constexpr const char *NonBlocking = "non_blocking";
inline constexpr const char *AsyncTaskTypes = "async_task_types";
inline constexpr const char *ThreadBudget = "thread_budget";
inline constexpr const char *PoolTypes = "pool_types";
inline constexpr const char *FixStyle = "fix_style";
} // namespace config_key

inline constexpr const char *ConfigFileName = ".asyncguard.json";

struct Config {
  std::vector<std::string> Select = {"*"};
  std::vector<std::string> Ignore;
  std::vector<CatalogueEntry> Blocking;
  std::vector<std::string> NonBlocking;
  std::vector<std::string> AsyncTaskTypes;
  unsigned TargetCores = 8;
  unsigned CoreFactor = 4;
  std::vector<std::string> PoolTypes;
  std::string FixStyle = "asyncguard";
  /// Where it was read from; empty for defaults.
  std::string Path;
  /// The file's text, part of the fact cache key.
  std::string Text;

  /// Applies "blocking" and "non_blocking" to a catalogue.
  void extend(Catalogue &C) const;
  /// True if the rule is enabled by select/ignore (globs, with or without
  /// the "asyncguard-" prefix).
  bool isEnabled(std::string_view RuleId) const;
};

/// Parses config text; `Origin` names it in error messages.
llvm::Expected<Config> parseConfig(std::string_view Text, std::string_view Origin);
/// Reads a config file.
llvm::Expected<Config> loadConfig(const std::string &Path);
/// The nearest .asyncguard.json at or above `Dir`, or "".
std::string findConfig(const std::string &Dir);

/// clang-tidy style glob ("*", "blocking-*") match.
bool globMatch(std::string_view Pattern, std::string_view Text);

} // namespace asyncguard
