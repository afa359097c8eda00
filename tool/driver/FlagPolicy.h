#pragma once
// Which compiler flags from a compile database reach Clang (issue 20). The
// database is untrusted input: a pull request can change it. Flags are an
// allow-list of what changes how a TU parses (language, standard, defines,
// include paths and files inside the project or system directories, target,
// warnings, front-end language options); everything else is dropped, in
// particular whatever writes files (outputs, dependency files, stats, module
// caches), runs programs (GPU architecture detection, tool search paths) or
// loads code (plugins). The driver is always asyncguard's own clang, never
// the database's argv[0].

#include <string>
#include <vector>

namespace asyncguard {

/// Where a command may point include paths, sysroots and included files.
struct FlagContext {
  /// The command's working directory: relative paths are resolved against it.
  std::string Directory;
  /// Absolute folders whose files may be read: the project (the git work
  /// tree around the TU) and the build directory (the compile database's
  /// folder). System directories (/usr, /opt) are always allowed.
  std::vector<std::string> TrustedRoots;
};

/// `Args` (argv of a database command, argv[0] included) with response
/// files expanded (inside the trusted roots only) and only allow-listed
/// flags kept, run by `Driver` (AG_CLANG_DRIVER) in the driver mode and
/// target argv[0] implied. `Dropped` receives "flag (reason)" for each flag
/// dropped for a reason worth telling; the routine build flags that only
/// matter to code generation (-c, -o, -g, -MD/-MF, linker flags) are
/// dropped without a note. Empty when no input is left.
std::vector<std::string> allowedArguments(const std::vector<std::string> &Args,
                                          const FlagContext &Context, const std::string &Driver,
                                          std::vector<std::string> &Dropped);

} // namespace asyncguard
