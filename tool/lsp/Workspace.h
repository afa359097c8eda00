#pragma once
// The language server's view of the project: compile database, config,
// catalogue and the facts of every analysed TU, merged into findings.
// Used by the analysis thread only (not thread-safe).

#include "core/Catalogue.h"
#include "core/Config.h"
#include "core/FactCollector.h"
#include "core/Finding.h"
#include "driver/CompileDb.h"
#include "driver/TuRunner.h"

#include "llvm/Support/Error.h"

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace asyncguard::lsp {

/// What `check` builds before it parses: the config (with select/ignore
/// overrides), the built-in catalogue extended by it, and the collector
/// options pointing at both. Heap-allocated so those pointers stay valid.
/// (A twin of the setup in cli/CheckCommand.cpp; a candidate to share.)
struct AnalysisSetup {
  Config Settings;
  Catalogue Apis;
  CollectorOptions Collect;
};

/// Loads `ConfigPath` ("" = defaults), applies `Select` (replaces, if not
/// empty) and `Ignore` (appended), and builds the catalogue.
llvm::Expected<std::unique_ptr<AnalysisSetup>>
makeAnalysisSetup(const std::string &ConfigPath, const std::vector<std::string> &Select,
                  const std::vector<std::string> &Ignore);

/// Settings the client can change at run time.
struct WorkspaceOptions {
  std::string Root;          ///< workspace folder ("" = none)
  std::string DatabaseDir;   ///< explicit compile_commands.json folder, or ""
  std::string ConfigFile;    ///< explicit .asyncguard.json, or "" (found from Root)
  std::vector<std::string> Select, Ignore;
  /// At most this many TUs' facts are kept (memory bound over long sessions).
  size_t MaxStoredTus = 5000;
  /// Ignore config files (the found one is broken and nothing was loaded).
  bool DefaultConfig = false;
};

class Workspace {
public:
  /// (Re)loads config, catalogue and compile database; forgets all facts
  /// (they depend on the config). On error the previous setup stays.
  llvm::Error configure(const WorkspaceOptions &Options);
  bool configured() const { return Setup != nullptr; }
  const std::string &configPath() const { return ConfigPath; }
  const std::string &databaseDir() const { return DatabaseDir; }

  /// The TU that analyses `Path`: its own database entry, a TU that includes
  /// it (headers), or default C++20 flags.
  TuCommand commandFor(const std::string &Path);
  /// Every TU of the compile database (empty without one), capped at
  /// MaxStoredTus.
  std::vector<TuCommand> databaseTus(size_t *Skipped = nullptr);

  /// Parses one TU with unsaved buffers and keeps its facts (replacing the
  /// previous facts of that TU).
  const TuFacts &analyze(const TuCommand &Command, const FileOverlay &Overlay);
  /// Forgets a TU's facts (file deleted).
  void forget(const std::string &TuFile);
  size_t storedTus() const { return Facts.size(); }
  bool hasFacts(const std::string &TuFile) const { return Facts.count(TuFile) != 0; }

  /// Findings of the merged project, unsuppressed only, grouped by file.
  std::map<std::string, std::vector<Finding>> findingsByFile() const;

private:
  WorkspaceOptions Options;
  std::unique_ptr<AnalysisSetup> Setup;
  std::string ConfigPath;
  std::string DatabaseDir;
  std::map<std::string, TuCommand> Commands; ///< by analysed path
  std::map<std::string, TuFacts> Facts;      ///< by TU main file
  std::vector<std::string> StoreOrder;       ///< oldest first, for the cap
};

} // namespace asyncguard::lsp
