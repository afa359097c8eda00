#pragma once
// The warm cache: one file of facts per TU, keyed by a hash of everything
// that decides them (DESIGN.md, "Per-TU facts ... keyed by a hash of (file
// contents, included files, flags, tool version, config)").
//
// The key is computed before parsing from what is known then (tool,
// catalogue, config, flags, main file contents); the entry lists every
// header the TU read with its hash, and a hit requires all of them to be
// unchanged. A changed header thus invalidates exactly the TUs that read it.

#include "core/Facts.h"
#include "driver/CompileDb.h"

#include <atomic>
#include <optional>
#include <string>

namespace asyncguard {

class FactCache {
public:
  /// `Dir` is created on first store. `Salt` covers what is the same for all
  /// TUs of a run: tool version, catalogue, config.
  FactCache(std::string Dir, std::string Salt);

  /// $XDG_CACHE_HOME/asyncguard, else ~/.cache/asyncguard.
  static std::string defaultDir();

  std::optional<TuFacts> load(const TuCommand &Command) const;
  /// Atomic (temporary file, rename): concurrent workers never see half a file.
  /// A failed write (full disk, quota) prints one warning and turns storing
  /// off for the rest of the run: a cache only costs speed.
  void store(const TuCommand &Command, const TuFacts &Facts) const;

private:
  std::string keyFor(const TuCommand &Command) const;
  std::string Dir;
  std::string Salt;
  /// Set by the first failed write; store() is called from -j N workers.
  mutable std::atomic<bool> WritesFailed{false};
};

} // namespace asyncguard
