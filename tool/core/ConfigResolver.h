#pragma once
// Which config applies to which file: the nearest .asyncguard.json upward
// from the file's folder (not above the repository root), merged with its
// parents while "inherit_parent" is true, as clang-tidy's
// InheritParentConfig. Results depend on the file alone, never on the order
// of the paths given or the working directory.

#include "core/Config.h"

#include "llvm/Support/Error.h"

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace asyncguard {

class ConfigResolver {
public:
  /// `Forced` (from --config FILE) applies to every file when set.
  /// `Adjust` is applied to every effective config (--select/--ignore).
  explicit ConfigResolver(std::optional<Config> Forced = std::nullopt,
                          std::function<void(Config &)> Adjust = nullptr);

  /// The effective config of a source file (or of the files in a folder).
  /// The pointer stays valid for the resolver's life. Not thread-safe:
  /// resolve before starting workers.
  llvm::Expected<const Config *> forPath(const std::string &Path);
  /// The effective config of a path resolved before (falls back to the
  /// defaults for a path never resolved: a bug, asserted in debug builds).
  const Config &resolved(const std::string &Path) const;

  /// Every config file read, each parsed alone (its own keys), by path.
  const std::map<std::string, Config> &files() const { return Files; }
  /// Notes to show once (a config skipped for its owner), cleared by the call.
  std::vector<std::string> takeNotes();

private:
  llvm::Expected<const Config *> effectiveOf(const std::string &ConfigPath);

  std::optional<Config> Forced;
  std::function<void(Config &)> Adjust;
  Config Defaults;
  std::map<std::string, Config> Files;                        ///< parsed alone
  std::map<std::string, std::unique_ptr<Config>> Effective;   ///< by nearest config file
  std::map<std::string, const Config *> ByFolder;             ///< folder -> effective
  std::vector<std::string> Notes;
  std::set<std::string> NotesSeen;
};

/// Which findings are shown by file: a config's "exclude" globs, and the
/// header filter for files that are not main files of an analysed TU.
struct FileFilter {
  /// Main files of the analysed TUs: never hidden by the header filter.
  std::set<std::string> MainFiles;
  /// Repository root ("" when not in one: nothing counts as outside).
  std::string RepoRoot;
  /// Folder of compile_commands.json ("" when there is none).
  std::string BuildDir;
  /// --header-filter REGEX, which wins over the config's "header_filter".
  std::optional<std::string> HeaderFilter;

  /// True if findings located in `File` (absolute) are reported under `C`.
  bool shows(const std::string &File, const Config &C) const;
};

/// The repository root around `Path` (the nearest folder at or above it
/// holding .git, a folder or a worktree's file), or "".
std::string repositoryRoot(const std::string &Path);

/// Folders whose headers are third-party code by the default header
/// filter, wherever they appear in a path.
inline constexpr const char *VendoredFolders[] = {"_deps", "third_party", "vendor", "external"};

} // namespace asyncguard
