#pragma once
// `asyncguard check` and `asyncguard merge`: select TUs, analyse them (or
// read their facts from the cache or from shards), merge, run the rules,
// apply baselines and fixes, and write the report.

#include "driver/CompileDb.h"

#include <chrono>
#include <optional>
#include <string>
#include <vector>

namespace asyncguard {

/// What both `check` and `merge` do with the merged facts.
struct ReportOptions {
  std::string Format = "text";
  std::string OutputFile;
  std::string ConfigFile;
  std::vector<std::string> Select;
  std::vector<std::string> Ignore;
  bool ReportSuppressed = false;
  bool ExitZero = false;
  bool Quiet = false;
  bool Fix = false;
  bool Diff = false;
  std::string Baseline;
  std::string WriteBaseline;
  /// --report-unused-suppressions: NOLINTs naming asyncguard rules that
  /// suppressed nothing are findings (rule unused-nolint).
  bool ReportUnusedSuppressions = false;
  /// --header-filter REGEX: wins over every config's "header_filter".
  std::optional<std::string> HeaderFilter;
  /// Folder of compile_commands.json: its headers are hidden by the default
  /// header filter.
  std::string BuildDir;
  /// --changed: report only findings in these files or caused by them (a
  /// step of the chain is in one); empty = report everything.
  std::vector<std::string> ChangedFiles;
  /// Where the analysed files are (the first path, the compile database):
  /// the git work tree around them is the root that output paths are
  /// relative to, whatever the working directory.
  std::vector<std::string> RootHints;
  /// When the command started, for the summary line and the progress line.
  std::chrono::steady_clock::time_point Started = std::chrono::steady_clock::now();
};

struct CheckOptions {
  SelectionRequest Selection;
  ReportOptions Report;
  unsigned Jobs = 0;
  std::string CacheDir;
  bool NoCache = false;
  bool Changed = false; ///< PATHS are changed files; analyse the whole database
  std::string Shard;    ///< "K/N"
  std::string FactsOut;
};

int runCheck(CheckOptions Options);
int runMerge(const std::vector<std::string> &FactDirs, ReportOptions Options);

} // namespace asyncguard
