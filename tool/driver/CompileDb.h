#pragma once
// Which TUs to analyse and with which flags: compile_commands.json found as
// clang-tidy finds it, fixed flags after "--", or C++20 defaults.

#include "driver/FlagPolicy.h"
#include "llvm/Support/Error.h"
#include <memory>
#include <string>
#include <vector>

namespace clang::tooling {
class CompilationDatabase;
}

namespace asyncguard {

/// One TU to parse: the compiler command line as the build runs it.
struct TuCommand {
  std::string Directory;
  std::string File; ///< absolute
  std::vector<std::string> Arguments; ///< argv, including argv[0] and the file
  bool FlagsGuessed = false; ///< no database entry: borrowed, default or fixed flags
  /// A file with no entry in a database that has others (a new file before
  /// the build is re-configured): the entry whose flags it borrowed, as
  /// clangd does. Empty otherwise.
  std::string FlagsBorrowedFrom;
  /// The folder of the compile database it came from, or "": a trusted
  /// place for include paths (generated headers of out-of-tree builds).
  std::string DatabaseDir;
};

struct TuSelection {
  std::vector<TuCommand> Commands;
  std::string DatabaseDir; ///< where compile_commands.json was found, or ""
  /// For stderr: databases skipped during the search (another user's).
  std::vector<std::string> Notes;
};

struct SelectionRequest {
  std::vector<std::string> Paths; ///< files or directories; empty = the whole database
  std::string BuildDir;           ///< -p
  std::vector<std::string> FixedFlags;
  bool HasFixedFlags = false; ///< "--" was given (possibly with no flags)
};

/// Resolves paths and the compile database into TU commands.
llvm::Expected<TuSelection> selectTus(const SelectionRequest &Request);

/// Where `Command`'s flags may point (FlagPolicy.h): the git work tree
/// around its file (else the file's folder) and its database's folder.
FlagContext flagContext(const TuCommand &Command);

/// Turns a build's command line into one that Clang 19 can parse for
/// analysis, run by asyncguard's own clang: keeps only the allow-listed
/// flags of FlagPolicy.h (response files expanded inside `Context`'s
/// roots), so nothing loads code, runs programs or writes files; adds the
/// resource directory and the defines that switch on coroutine support in
/// libraries that gate it per compiler. `Dropped` receives "flag (reason)".
std::vector<std::string> adjustArguments(const std::vector<std::string> &Args,
                                         std::vector<std::string> &Dropped,
                                         const FlagContext &Context);

/// Clang's resource directory (builtin headers such as stddef.h).
const std::string &clangResourceDir();

bool isSourceFile(llvm::StringRef Path);
bool isHeaderFile(llvm::StringRef Path);

} // namespace asyncguard
