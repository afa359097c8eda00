#pragma once
// Per-file config for the commands: the resolver built from the flags, the
// collector setup of each distinct config (catalogue, fix style, cache
// key), the notes about a config, and `asyncguard config [PATH]`.

#include "cli/CheckCommand.h"
#include "core/Catalogue.h"
#include "core/ConfigResolver.h"
#include "core/FactCollector.h"
#include "driver/FactCache.h"

#include <map>
#include <memory>
#include <optional>

namespace asyncguard {

/// --config FILE forces one config; else each file finds its own.
/// --select/--ignore go on top of every config (checked like a config's).
llvm::Expected<std::unique_ptr<ConfigResolver>> makeConfigResolver(const ReportOptions &O);

/// What analysing a TU under one effective config needs.
struct TuSetup {
  Catalogue Apis;           ///< built-in catalogue extended by the config
  CollectorOptions Collect; ///< points into Apis and the config
  std::optional<FactCache> Cache;
};

/// One TuSetup per distinct effective config, made on first use.
class TuSetups {
public:
  /// `CacheDir` empty = no cache.
  explicit TuSetups(std::string CacheDir) : CacheDir(std::move(CacheDir)) {}
  llvm::Expected<const TuSetup *> forConfig(const Config &C);

private:
  std::string CacheDir;
  std::map<const Config *, std::unique_ptr<TuSetup>> Setups;
};

/// Config notes for stderr: skipped configs (from the resolver) and every
/// "blocking"/"non_blocking" name of a config that no analysed TU declares.
std::vector<std::string> configNotes(ConfigResolver &Configs, const std::vector<TuFacts> &Tus);

/// `asyncguard config [PATH] [--config FILE]`: the effective config for a
/// file or folder as JSON, with the files each key came from.
int runConfig(const std::string &Path, const ReportOptions &O);

} // namespace asyncguard
