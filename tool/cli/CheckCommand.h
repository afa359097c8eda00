#pragma once
// `asyncguard check`: select TUs, analyse them (or read their facts from the
// cache), merge, run the rules and write the report.

#include "driver/CompileDb.h"

#include <string>
#include <vector>

namespace asyncguard {

struct CheckOptions {
  SelectionRequest Selection;
  unsigned Jobs = 0;
  std::string Format = "text";
  std::string OutputFile;
  std::string ConfigFile;
  std::vector<std::string> Select;
  std::vector<std::string> Ignore;
  bool ReportSuppressed = false;
  bool ExitZero = false;
  bool Quiet = false;
};

int runCheck(const CheckOptions &Options);

} // namespace asyncguard
