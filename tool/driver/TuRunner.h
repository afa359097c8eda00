#pragma once
// Parses one TU with Clang and returns its facts. Thread-safe: each call
// builds its own compiler instance, so -j N runs N of these at once.

#include "core/FactCollector.h"
#include "driver/CompileDb.h"

#include <map>
#include <string>

namespace asyncguard {

/// File contents that replace what is on disk (unsaved editor buffers).
using FileOverlay = std::map<std::string, std::string>;

TuFacts analyzeTu(const TuCommand &Command, const CollectorOptions &Options,
                  const FileOverlay &Overlay = {});

} // namespace asyncguard
