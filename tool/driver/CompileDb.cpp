#include "driver/CompileDb.h"
#include "core/Files.h"
#include "core/ConfigResolver.h"

#include "clang/Driver/Driver.h"
#include "clang/Driver/Options.h"
#include "clang/Tooling/ArgumentsAdjusters.h"
#include "clang/Tooling/CompilationDatabase.h"
#include "clang/Tooling/JSONCompilationDatabase.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/Option/ArgList.h"
#include "llvm/Option/OptTable.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Config/llvm-config.h"

#include <map>
#include <unistd.h>
#include <set>

namespace asyncguard {

namespace fs = llvm::sys::fs;
namespace path = llvm::sys::path;

static llvm::Error usageError(const llvm::Twine &Message) {
  return llvm::createStringError(llvm::inconvertibleErrorCode(), Message);
}

bool isSourceFile(llvm::StringRef Path) {
  llvm::StringRef Ext = path::extension(Path);
  return Ext == ".cpp" || Ext == ".cc" || Ext == ".cxx" || Ext == ".c++" || Ext == ".C" ||
         Ext == ".cp" || Ext == ".c";
}

bool isHeaderFile(llvm::StringRef Path) {
  llvm::StringRef Ext = path::extension(Path);
  return Ext == ".h" || Ext == ".hpp" || Ext == ".hh" || Ext == ".hxx" || Ext == ".h++" ||
         Ext == ".ipp" || Ext == ".inl";
}

const std::string &clangResourceDir() {
  static const std::string Dir = [] {
    // The directory this build was configured with, else one next to the
    // binary's install prefix (a relocated install).
    std::string Configured = AG_CLANG_RESOURCE_DIR;
    if (fs::is_directory(Configured + "/include"))
      return Configured;
    std::string Exe = fs::getMainExecutable(nullptr, nullptr);
    llvm::SmallString<256> Local(path::parent_path(path::parent_path(Exe)));
    path::append(Local, "lib", "clang", std::to_string(LLVM_VERSION_MAJOR));
    return fs::is_directory(Local + "/include") ? std::string(Local) : Configured;
  }();
  return Dir;
}

static std::string absolutePath(llvm::StringRef P, llvm::StringRef Base = "") {
  llvm::SmallString<256> Out(P);
  if (!path::is_absolute(Out) && !Base.empty()) {
    Out = Base;
    path::append(Out, P);
  }
  return normalizedPath(Out);
}

static llvm::Expected<std::unique_ptr<clang::tooling::CompilationDatabase>>
loadDatabase(const std::string &Dir) {
  std::string File = Dir + "/compile_commands.json";
  auto Text = readBoundedRegularFile(File, limits::DatabaseBytes, "compile database");
  if (!Text)
    return usageError(llvm::toString(Text.takeError()));
  std::string Error;
  auto Db = clang::tooling::JSONCompilationDatabase::loadFromBuffer(
      (*Text)->getBuffer(), Error, clang::tooling::JSONCommandLineSyntax::AutoDetect);
  if (!Db)
    return usageError("cannot use " + File + ": " + Error);
  return std::move(Db);
}

/// The directory holding compile_commands.json: -p as given, else the first
/// path's directory and its parents (as clang-tidy does), else the current
/// directory and its parents.
static llvm::Expected<std::string> findDatabaseDir(const SelectionRequest &R,
                                                   std::vector<std::string> &Notes) {
  if (!R.BuildDir.empty()) {
    std::string Dir = absolutePath(R.BuildDir);
    if (path::filename(Dir) == "compile_commands.json")
      Dir = std::string(path::parent_path(Dir));
    if (!fs::exists(Dir + "/compile_commands.json"))
      return usageError("no compile_commands.json in '" + R.BuildDir + "' (given with -p)");
    return Dir;
  }
  std::string Start = R.Paths.empty() ? absolutePath(".") : absolutePath(R.Paths.front());
  if (!fs::is_directory(Start))
    Start = std::string(path::parent_path(Start));
  // Searched up to the repository root and no further, and only databases
  // the current user (or root) owns are used, as git's safe.directory rule:
  // anyone who can write a parent folder (/tmp, a shared home) could
  // otherwise pick the flags (issue 20).
  for (llvm::StringRef Dir = Start; !Dir.empty(); Dir = path::parent_path(Dir)) {
    std::string File = (Dir + "/compile_commands.json").str();
    fs::file_status Status;
    if (!fs::status(File, Status) && fs::exists(Status)) {
      if (Status.getUser() == ::geteuid() || Status.getUser() == 0)
        return Dir.str();
      Notes.push_back("skipping '" + File + "': owned by uid " +
                      std::to_string(Status.getUser()) + ", not by the current user (uid " +
                      std::to_string(::geteuid()) + "); use -p to choose it");
    }
    if (fs::exists(Dir + "/.git") || Dir == path::parent_path(Dir))
      break;
  }
  return "";
}

static std::vector<std::string> sourcesUnder(const std::string &Dir) {
  std::vector<std::string> Out;
  // Symlinks are followed (a linked source folder is part of the project),
  // so each directory and file is taken once, by real path: a link back to
  // an ancestor would otherwise be walked until paths grow too long (each
  // file found again at every level), and two such links never end.
  llvm::StringSet<> SeenDirs, SeenFiles;
  auto FirstVisit = [](llvm::StringSet<> &Seen, llvm::StringRef Path) {
    llvm::SmallString<256> Real;
    return !fs::real_path(Path, Real) && Seen.insert(Real).second;
  };
  FirstVisit(SeenDirs, Dir);
  std::error_code EC;
  for (fs::recursive_directory_iterator It(Dir, EC), End; It != End && !EC; It.increment(EC)) {
    llvm::StringRef Name = path::filename(It->path());
    if (Name.starts_with(".") || Name == "build" || Name.starts_with("build-")) {
      It.no_push();
      continue;
    }
    llvm::ErrorOr<fs::basic_file_status> Status = It->status(); // through links
    if (Status && Status->type() == fs::file_type::directory_file) {
      if (!FirstVisit(SeenDirs, It->path()))
        It.no_push();
      continue;
    }
    if (It->type() == fs::file_type::regular_file && isSourceFile(It->path()) &&
        FirstVisit(SeenFiles, It->path()))
      Out.push_back(absolutePath(It->path()));
  }
  return Out;
}

/// A TU of the database that includes `Header` (by file name), so that a
/// header is analysed with real flags, as clangd does.
static std::string includingTu(const clang::tooling::CompilationDatabase &Db,
                               const std::string &Header) {
  std::string Name = std::string(path::filename(Header));
  for (const std::string &File : Db.getAllFiles()) {
    auto Buffer = readBoundedRegularFile(File, limits::SourceFileBytes, "source");
    if (!Buffer) {
      llvm::consumeError(Buffer.takeError()); // it fails later as that TU's error
      continue;
    }
    llvm::StringRef Text = (*Buffer)->getBuffer();
    for (size_t At = Text.find("#include"); At != llvm::StringRef::npos;
         At = Text.find("#include", At + 8)) {
      llvm::StringRef Line = Text.substr(At, Text.find('\n', At) - At);
      if (Line.contains("/" + Name) || Line.contains("\"" + Name) || Line.contains("<" + Name))
        return File;
    }
  }
  return "";
}

/// Whether the database lists `File` itself (an inferred command, see
/// inferMissingCompileCommands, does not count).
static bool hasOwnEntry(const clang::tooling::CompilationDatabase &Db, const std::string &File) {
  std::vector<clang::tooling::CompileCommand> Found = Db.getCompileCommands(File);
  return !Found.empty() && Found.front().Heuristic.empty();
}

FlagContext flagContext(const TuCommand &Command) {
  FlagContext Context;
  Context.Directory = Command.Directory;
  // The project is the git work tree around the file (else its folder).
  std::string Project = repositoryRoot(Command.File);
  Context.TrustedRoots.push_back(Project.empty()
                                     ? std::string(path::parent_path(Command.File))
                                     : Project);
  // Out-of-tree builds generate headers next to the database.
  if (!Command.DatabaseDir.empty())
    Context.TrustedRoots.push_back(Command.DatabaseDir);
  // Flags the user typed after "--" (or our defaults) are not the
  // database's: their paths may point anywhere.
  if (Command.FlagsGuessed && Command.FlagsBorrowedFrom.empty())
    Context.TrustedRoots.push_back("/");
  return Context;
}

llvm::Expected<TuSelection> selectTus(const SelectionRequest &R) {
  TuSelection Out;
  auto DbDir = findDatabaseDir(R, Out.Notes);
  if (!DbDir)
    return DbDir.takeError();
  std::unique_ptr<clang::tooling::CompilationDatabase> Db;
  if (!DbDir->empty()) {
    auto Loaded = loadDatabase(*DbDir);
    if (!Loaded)
      return Loaded.takeError();
    // A file the database does not list yet (added since the build was
    // configured) gets the flags of its nearest neighbour (same directory,
    // similar name), as clangd guesses, rather than bare defaults.
    Db = clang::tooling::inferMissingCompileCommands(std::move(*Loaded));
    Out.DatabaseDir = *DbDir;
  }

  std::vector<std::string> Files;
  if (R.Paths.empty()) {
    if (!Db) {
      // The skipped databases explain why none was found.
      std::string Skipped;
      for (const std::string &Note : Out.Notes)
        Skipped += "; " + Note;
      return usageError("no paths given and no compile_commands.json found (use -p BUILD_DIR "
                        "or give files)" + Skipped);
    }
    for (const std::string &F : Db->getAllFiles())
      Files.push_back(absolutePath(F));
  }
  for (const std::string &P : R.Paths) {
    std::string Abs = absolutePath(P);
    if (!fs::exists(Abs))
      return usageError("no such file or directory: '" + P + "'");
    if (fs::is_directory(Abs)) {
      size_t Before = Files.size();
      if (Db)
        for (const std::string &F : Db->getAllFiles())
          if (llvm::StringRef(absolutePath(F)).starts_with(Abs + "/"))
            Files.push_back(absolutePath(F));
      if (Files.size() == Before)
        for (std::string &F : sourcesUnder(Abs))
          Files.push_back(std::move(F));
      continue;
    }
    if (isHeaderFile(Abs) && Db && !hasOwnEntry(*Db, Abs))
      if (std::string Tu = includingTu(*Db, Abs); !Tu.empty()) {
        Files.push_back(absolutePath(Tu));
        continue;
      }
    Files.push_back(Abs);
  }
  std::sort(Files.begin(), Files.end());
  Files.erase(std::unique(Files.begin(), Files.end()), Files.end());

  for (const std::string &File : Files) {
    TuCommand Cmd;
    Cmd.File = File;
    std::vector<clang::tooling::CompileCommand> Found;
    if (Db)
      Found = Db->getCompileCommands(File);
    Cmd.DatabaseDir = Out.DatabaseDir;
    if (!Found.empty()) {
      Cmd.Directory = Found.front().Directory;
      Cmd.Arguments = Found.front().CommandLine;
      llvm::StringRef Heuristic = Found.front().Heuristic;
      if (Heuristic.consume_front("inferred from ")) {
        Cmd.FlagsGuessed = true;
        Cmd.FlagsBorrowedFrom = absolutePath(Heuristic, Cmd.Directory);
      }
    } else {
      Cmd.FlagsGuessed = true;
      // Relative paths in "-- FLAGS" are relative to where the user typed them.
      Cmd.Directory = absolutePath(".");
      // A full driver path: Clang finds the GCC installation (libstdc++)
      // relative to it.
      Cmd.Arguments = {AG_CLANG_DRIVER};
      if (R.HasFixedFlags)
        Cmd.Arguments.insert(Cmd.Arguments.end(), R.FixedFlags.begin(), R.FixedFlags.end());
      else
        Cmd.Arguments.push_back("-std=c++20");
      if (isHeaderFile(File)) {
        Cmd.Arguments.push_back("-x");
        Cmd.Arguments.push_back("c++-header");
      }
      Cmd.Arguments.push_back(File);
    }
    Out.Commands.push_back(std::move(Cmd));
  }
  return Out;
}

/// Flags that make the compiler load and run code: never from a database.
static size_t pluginFlagLength(const std::vector<std::string> &Args, size_t I) {
  llvm::StringRef A = Args[I];
  if (A.starts_with("-fplugin") || A.starts_with("-fpass-plugin"))
    return 1;
  if (A == "-Xclang" && I + 1 < Args.size()) {
    llvm::StringRef Next = Args[I + 1];
    if (Next == "-load" || Next == "-plugin" || Next == "-add-plugin" ||
        Next.starts_with("-plugin-arg")) {
      bool HasValue = I + 3 < Args.size() && Args[I + 2] == "-Xclang";
      return HasValue ? 4 : 2;
    }
    if (Next.starts_with("-load=") || Next.starts_with("-plugin=") ||
        Next.starts_with("-add-plugin="))
      return 2;
  }
  return 0;
}

std::vector<std::string> adjustArguments(const std::vector<std::string> &Input,
                                         std::vector<std::string> &Dropped,
                                         const FlagContext &Context) {
  using namespace clang::tooling;
  std::vector<std::string> Args = Input;
  Args = getClangStripOutputAdjuster()(Args, "");
  // Empty, or only "-o" and the like (the adjuster strips from argv[0] on).
  if (Args.empty())
    return Args;

  std::vector<std::string> Kept = {Args.front()};
  for (size_t I = 1; I < Args.size();) {
    if (size_t N = pluginFlagLength(Args, I)) {
      std::string Flag;
      for (size_t K = 0; K < N; ++K)
        Flag += (K ? " " : "") + Args[I + K];
      Dropped.push_back(Flag + " (loads code into the analyzer)");
      I += N;
      continue;
    }
    Kept.push_back(Args[I++]);
  }

  // Only what changes how the TU parses, run by our own clang (FlagPolicy.h).
  std::vector<std::string> Out = allowedArguments(Kept, Context, AG_CLANG_DRIVER, Dropped);
  if (Out.empty())
    return Out;
  bool HasStd = false, IsC = false;
  for (const std::string &A : Out) {
    HasStd |= llvm::StringRef(A).starts_with("-std=") || A == "-std";
    IsC |= llvm::StringRef(A).ends_with(".c");
  }
  // Inserted before the input file so that they apply to it.
  std::vector<std::string> Extra = {
      "-fsyntax-only", "-w", "-ferror-limit=20", "-fno-caret-diagnostics", "-resource-dir=" + clangResourceDir(),
      // Asio gates its coroutine support per compiler; without these every
      // asio::awaitable fails to parse under Clang (DESIGN.md, issue 3).
      "-DASIO_HAS_CO_AWAIT", "-DASIO_HAS_STD_COROUTINE", "-DBOOST_ASIO_HAS_CO_AWAIT",
      "-DBOOST_ASIO_HAS_STD_COROUTINE"};
  if (!HasStd && !IsC)
    Extra.push_back("-std=c++20");
  Out.insert(Out.begin() + 1, Extra.begin(), Extra.end());
  return Out;
}

} // namespace asyncguard
