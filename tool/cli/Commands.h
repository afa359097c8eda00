#pragma once
// The subcommands. Each returns the process exit code (DESIGN.md: 0 no
// findings, 1 findings, 2 usage or config error, 3 a TU failed).

#include <string>
#include <vector>

namespace asyncguard {

enum ExitCode { ExitClean = 0, ExitFindings = 1, ExitUsage = 2, ExitTuFailed = 3 };

/// Prints "asyncguard: error: <Message>" on stderr and returns `Code`.
int fail(const std::string &Message, int Code = ExitUsage);

/// Parses argv (with everything after "--" split off) and runs the command.
int runCommandLine(int Argc, const char *const *Argv);

} // namespace asyncguard
