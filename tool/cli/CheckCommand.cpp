#include "cli/CheckCommand.h"
#include "cli/Commands.h"
#include "cli/ConfigCommand.h"
#include "core/Catalogue.h"
#include "core/Config.h"
#include "core/EmbeddedData.h"
#include "core/FactsJson.h"
#include "core/Files.h"
#include "core/Project.h"
#include "driver/FactCache.h"
#include "driver/Scheduler.h"
#include "fix/ApplyFixes.h"
#include "report/Baseline.h"
#include "report/Report.h"

#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Process.h"
#include "llvm/Support/raw_ostream.h"

#include <chrono>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <mutex>
#include <iostream>
#include <set>
#include <thread>

namespace asyncguard {
namespace {

std::string currentDir() {
  llvm::SmallString<256> Dir;
  llvm::sys::fs::current_path(Dir);
  return std::string(Dir);
}

/// The git work tree (a ".git" directory, or file for worktrees and
/// submodules) around `Path`, or "".
std::string gitWorkTree(const std::string &Path) {
  std::string Start = normalizedPath(Path);
  for (llvm::StringRef Dir = Start; !Dir.empty(); Dir = llvm::sys::path::parent_path(Dir)) {
    if (llvm::sys::fs::exists(Dir + "/.git"))
      return Dir.str();
    if (Dir == llvm::sys::path::parent_path(Dir))
      break;
  }
  return "";
}

/// The root that every output path, fingerprint and baseline is relative
/// to: the git work tree around the analysed files (`Hints`), else the one
/// around the current directory, else the current directory. Anchoring on
/// the files first makes the output the same from any working directory.
std::string sourceRoot(const std::vector<std::string> &Hints) {
  for (const std::string &Hint : Hints)
    if (std::string Root = gitWorkTree(Hint); !Root.empty())
      return Root;
  std::string Cwd = currentDir();
  std::string Root = gitWorkTree(Cwd);
  return Root.empty() ? Cwd : Root;
}

int writeOutput(const std::string &File, const std::string &Text) {
  // A report cut short by a full disk or a closed pipe must not pass for a
  // complete one: CI would upload half a SARIF file and see exit 0 or 1.
  auto WriteError = [](const std::string &Where) {
    std::string Why = errno ? std::string(": ") + std::strerror(errno) : "";
    return fail("cannot write the report to " + Where + Why);
  };
  errno = 0;
  if (File.empty() || File == "-") {
    std::cout << Text << std::flush;
    return std::cout ? ExitClean : WriteError("standard output");
  }
  std::ofstream Out(File, std::ios::binary);
  Out << Text;
  Out.close();
  return Out ? ExitClean : WriteError("'" + File + "'");
}

std::string render(const std::string &Format, const Report &R) {
  if (Format == "github")
    return renderGithub(R);
  if (Format == "json")
    return renderJson(R);
  if (Format == "sarif")
    return renderSarif(R);
  if (Format == "fixes-yaml")
    return renderFixesYaml(R);
  return renderText(R);
}

/// Clang's errors quote source lines and file names of untrusted files:
/// control characters are escaped, and next to a GitHub report no line may
/// read as a workflow command.
void printFailures(const Report &R, bool Github) {
  auto Print = [&](llvm::StringRef Text) {
    llvm::SmallVector<llvm::StringRef> Lines;
    Text.split(Lines, '\n');
    for (llvm::StringRef Line : Lines) {
      std::string Safe = escapeControlCharacters(Line);
      llvm::errs() << (Github ? neutralizeWorkflowCommand(Safe) : Safe) << "\n";
    }
  };
  for (const TuFailure &Failure : R.Failures) {
    for (const std::string &E : Failure.Errors)
      Print(E);
    Print("asyncguard: error: could not analyze '" + R.displayPath(Failure.File) +
          "'; its findings are missing");
  }
}

/// --diff: what --fix would change, as a unified diff.
int showDiff(const ReportOptions &O, const Report &R, const FixPlan &Plan,
             const std::map<std::string, std::string> &Hashes) {
  std::string Out;
  for (const auto &[File, Edits] : Plan.EditsByFile) {
    auto Buffer = llvm::MemoryBuffer::getFile(File, false, false);
    auto Expected = Hashes.find(File);
    if (!Buffer || Expected == Hashes.end() ||
        Expected->second != contentHash((*Buffer)->getBuffer())) {
      llvm::errs() << "asyncguard: warning: '" << R.displayPath(File)
                   << "' changed since it was analyzed; no diff shown\n";
      continue;
    }
    std::string Original((*Buffer)->getBuffer());
    Out += unifiedDiff(R.displayPath(File), Original, applyEdits(Original, Edits));
  }
  if (int Code = writeOutput(O.OutputFile, Out))
    return Code;
  return O.ExitZero ? ExitClean : (Out.empty() ? ExitClean : ExitFindings);
}

/// Everything after the facts exist: shared by `check` and `merge`.
int reportFacts(const std::vector<TuFacts> &Tus, const ReportOptions &O, ConfigResolver &Configs) {
  Report R;
  R.SourceRoot = sourceRoot(O.RootHints);
  R.WorkingDir = currentDir();
  R.IncludeSuppressed = O.ReportSuppressed;
  R.Color = O.Format == "text" && (O.OutputFile.empty() || O.OutputFile == "-") &&
            llvm::sys::Process::StandardOutIsDisplayed() &&
            !llvm::sys::Process::GetEnv("NO_COLOR") &&
            llvm::sys::Process::GetEnv("TERM").value_or("") != "dumb";
  ProjectSummary Summary;
  std::map<std::string, std::string> Hashes;
  for (const TuFacts &Tu : Tus) {
    Summary.add(Tu);
    Hashes.insert(Tu.FileHashes.begin(), Tu.FileHashes.end());
    if (!Tu.Failed)
      continue;
    TuFailure Failure{Tu.MainFile, {}};
    for (const ParseError &E : Tu.Errors)
      Failure.Errors.push_back(E.Text);
    R.Failures.push_back(std::move(Failure));
  }
  // Each finding is judged by its own file's config: resolve them all
  // first (a header's folder may hold a config no TU's folder has).
  FileFilter Shown;
  Shown.RepoRoot = repositoryRoot(R.SourceRoot);
  Shown.BuildDir = O.BuildDir.empty() ? "" : normalizedPath(O.BuildDir);
  Shown.HeaderFilter = O.HeaderFilter;
  std::set<std::string> Files;
  for (const TuFacts &Tu : Tus) {
    Shown.MainFiles.insert(Tu.MainFile);
    Files.insert(Tu.MainFile);
    for (const FunctionFact &F : Tu.Functions) {
      for (const BlockingCall &B : F.Blocking)
        Files.insert(B.Site.Range.File);
      for (const CallEdge &E : F.Calls)
        Files.insert(E.Site.Range.File);
    }
    for (const ShapeFact &S : Tu.Shapes)
      Files.insert(S.Site.Range.File);
    for (const NolintFact &M : Tu.Nolints)
      Files.insert(M.Range.File);
  }
  for (const std::string &File : Files)
    if (auto C = Configs.forPath(File); !C)
      return fail(llvm::toString(C.takeError()));
  if (!O.Quiet)
    for (const std::string &Note : configNotes(Configs, Tus))
      llvm::errs() << "asyncguard: note: " << Note << "\n";
  ProjectOptions Project;
  Project.ConfigFor = [&](const std::string &File) -> const Config & {
    return Configs.resolved(File);
  };
  Project.ReportUnusedSuppressions = O.ReportUnusedSuppressions;
  Project.SourceRoot = R.SourceRoot;
  R.Findings = Summary.findings(Project);
  // "exclude" and the header filter: not reported, not even as suppressed.
  R.Findings.erase(std::remove_if(R.Findings.begin(), R.Findings.end(),
                                  [&](const Finding &F) {
                                    return !Shown.shows(F.Range.File,
                                                        Configs.resolved(F.Range.File));
                                  }),
                   R.Findings.end());
  if (!O.ChangedFiles.empty()) {
    std::set<std::string> Changed(O.ChangedFiles.begin(), O.ChangedFiles.end());
    auto Touches = [&](const Finding &F) {
      if (Changed.count(F.Range.File))
        return true;
      return std::any_of(F.Chain.begin(), F.Chain.end(),
                         [&](const Note &N) { return Changed.count(N.Range.File) != 0; });
    };
    R.Findings.erase(std::remove_if(R.Findings.begin(), R.Findings.end(),
                                    [&](const Finding &F) { return !Touches(F); }),
                     R.Findings.end());
    // Failures elsewhere do not block a commit that did not touch them.
    R.Failures.erase(std::remove_if(R.Failures.begin(), R.Failures.end(),
                                    [&](const TuFailure &F) { return !Changed.count(F.File); }),
                     R.Failures.end());
  }
  printFailures(R, O.Format == "github");
  // Say how paths are anchored when they do not start where the user is.
  if (!O.Quiet && O.Format == "text" && R.SourceRoot != R.WorkingDir &&
      (!R.visible().empty() || !R.Failures.empty()))
    llvm::errs() << "asyncguard: note: paths are relative to '" << R.SourceRoot << "'\n";

  // The files this run vouches for: analysed without error and, under
  // --changed, changed. Baseline entries of other files are neither "gone"
  // nor dropped from a rewritten baseline.
  BaselineScope Scope;
  for (const TuFacts &Tu : Tus)
    if (!Tu.Failed)
      for (const auto &[File, Hash] : Tu.FileHashes)
        if (O.ChangedFiles.empty() ||
            std::find(O.ChangedFiles.begin(), O.ChangedFiles.end(), File) != O.ChangedFiles.end())
          Scope.insert(relativeTo(File, R.SourceRoot));
  if (!O.Baseline.empty()) {
    auto Known = readBaseline(O.Baseline);
    if (!Known)
      return fail(llvm::toString(Known.takeError()));
    std::vector<BaselineEntry> Gone = applyBaseline(*Known, R.Findings, Scope, R.SourceRoot);
    if (!Gone.empty() && !O.Quiet) {
      llvm::errs() << "asyncguard: note: " << Gone.size()
                   << " baselined finding(s) no longer occur; rewrite the baseline with "
                      "--write-baseline to shrink it:\n";
      for (const BaselineEntry &E : Gone)
        llvm::errs() << "  " << E.File << ": [" << E.Rule << "] " << E.Message << "\n";
    }
  }
  if (!O.WriteBaseline.empty()) {
    // Rewriting keeps what this run could not see (other files under
    // --changed, files of TUs that failed), so a partial run never empties
    // the baseline of the rest of the project.
    std::vector<BaselineEntry> Kept;
    if (llvm::sys::fs::exists(O.WriteBaseline)) {
      auto Previous = readBaseline(O.WriteBaseline);
      if (!Previous)
        return fail(llvm::toString(Previous.takeError()) + "; not overwriting it");
      Kept = keptEntries(*Previous, Scope, R.SourceRoot);
    }
    if (llvm::Error E = writeBaseline(O.WriteBaseline, R.Findings, R.SourceRoot, Kept))
      return fail(llvm::toString(std::move(E)));
    if (!O.Quiet)
      llvm::errs() << "asyncguard: wrote baseline '" << O.WriteBaseline << "'\n";
  }

  FixPlan Plan;
  if (O.Fix || O.Diff)
    Plan = planFixes(R.visible());
  if (O.Diff)
    return showDiff(O, R, Plan, Hashes);
  if (O.Fix && std::any_of(Tus.begin(), Tus.end(), [](const TuFacts &T) { return T.Crashed; }))
    return fail("clang crashed on a file (see above); not applying fixes from a damaged run",
                ExitTuFailed);
  if (O.Fix) {
    std::vector<std::string> Written;
    std::set<std::string> Unwritten;
    for (const std::string &Problem : writeFixes(Plan, Hashes, R.SourceRoot, Written))
      llvm::errs() << "asyncguard: warning: " << Problem << "\n";
    std::set<std::string> WrittenSet(Written.begin(), Written.end());
    size_t Fixed = 0;
    std::vector<Finding> Remaining;
    std::set<const Finding *> Applied(Plan.Applied.begin(), Plan.Applied.end());
    for (const Finding &F : R.Findings) {
      bool Done = Applied.count(&F) && std::all_of(F.Fix.Edits.begin(), F.Fix.Edits.end(),
                                                   [&](const Edit &E) { return WrittenSet.count(E.File); });
      Fixed += Done;
      if (!Done)
        Remaining.push_back(F);
    }
    // The remaining findings are reported where they are now, not at their
    // lines before the fixes shifted them.
    std::map<std::string, std::vector<Edit>> WrittenEdits;
    for (const std::string &File : Written)
      WrittenEdits[File] = Plan.EditsByFile.at(File);
    remapAfterFixes(Remaining, WrittenEdits);
    R.Findings = std::move(Remaining);
    if (!O.Quiet)
      for (const std::string &File : Written)
        llvm::errs() << "asyncguard: fixed '" << R.displayPath(File) << "'\n";
    if (!O.Quiet)
      llvm::errs() << "asyncguard: applied " << Fixed << (Fixed == 1 ? " fix" : " fixes") << "\n";
  }

  size_t Reported = 0, Suppressed = 0;
  for (const Finding &F : R.Findings)
    (F.Suppression.empty() ? Reported : Suppressed)++;
  R.ExitCode = !R.Failures.empty() ? ExitTuFailed : Reported ? ExitFindings : ExitClean;
  if (int Code = writeOutput(O.OutputFile, render(O.Format, R)))
    return Code;
  if (!O.Quiet) {
    std::map<std::string, size_t> ByRule;
    for (const Finding &F : R.Findings)
      if (F.Suppression.empty())
        ++ByRule[F.Rule];
    std::string Rules;
    for (const auto &[Rule, Count] : ByRule)
      Rules += (Rules.empty() ? " (" : ", ") + Rule + " " + std::to_string(Count);
    if (!Rules.empty())
      Rules += ")";
    auto Elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - O.Started);
    char Seconds[32];
    snprintf(Seconds, sizeof Seconds, "%.1f s", Elapsed.count());
    llvm::errs() << "asyncguard: " << Reported << (Reported == 1 ? " finding" : " findings") << Rules
                 << (Suppressed ? ", " + std::to_string(Suppressed) + " suppressed" : "") << " in "
                 << Tus.size() << (Tus.size() == 1 ? " file" : " files") << ", " << Seconds << "\n";
  }
  return O.ExitZero ? ExitClean : R.ExitCode;
}

/// "K/N" → (K, N) with 1 <= K <= N.
bool parseShard(const std::string &Text, unsigned &K, unsigned &N) {
  size_t Slash = Text.find('/');
  if (Slash == std::string::npos)
    return false;
  try {
    K = std::stoul(Text.substr(0, Slash));
    N = std::stoul(Text.substr(Slash + 1));
  } catch (...) {
    return false;
  }
  return N >= 1 && K >= 1 && K <= N;
}

} // namespace

int runCheck(CheckOptions O) {
  if (O.Report.Fix && O.Report.Diff)
    return fail("--fix and --diff cannot be combined");
  if (!O.Report.Baseline.empty() && !O.Report.WriteBaseline.empty())
    return fail("--baseline and --write-baseline cannot be combined");
  unsigned ShardK = 1, ShardN = 1;
  if (!O.Shard.empty() && !parseShard(O.Shard, ShardK, ShardN))
    return fail("--shard takes K/N with 1 <= K <= N, not '" + O.Shard + "'");
  if (O.Shard.empty() != O.FactsOut.empty())
    return fail("--shard and --facts-out go together");
  if (!O.FactsOut.empty() && (O.Report.Fix || O.Report.Diff))
    return fail("a shard writes facts; fix after 'asyncguard merge' or in a full run");

  auto Configs = makeConfigResolver(O.Report);
  if (!Configs)
    return fail(llvm::toString(Configs.takeError()));

  if (O.Changed) {
    // The changed files decide what is reported; the whole database is
    // analysed (unchanged TUs come from the cache) so that a changed header
    // or helper is seen through every TU and caller that uses it.
    for (const std::string &P : O.Selection.Paths)
      O.Report.ChangedFiles.push_back(normalizedPath(P));
    SelectionRequest Whole = O.Selection;
    Whole.Paths.clear();
    if (auto Db = selectTus(Whole)) {
      // A changed source the database does not list yet (a new file, before
      // the build is re-configured) is analysed too, with the flags of its
      // nearest neighbour in the database; never silently passed.
      std::set<std::string> Listed;
      for (const TuCommand &Cmd : Db->Commands)
        Listed.insert(Cmd.File);
      std::vector<std::string> Unlisted;
      for (const std::string &P : O.Report.ChangedFiles)
        if (isSourceFile(P) && !Listed.count(P) && llvm::sys::fs::exists(P))
          Unlisted.push_back(P);
      if (!Unlisted.empty()) {
        Whole.Paths.assign(Listed.begin(), Listed.end());
        Whole.Paths.insert(Whole.Paths.end(), Unlisted.begin(), Unlisted.end());
        Whole.BuildDir = Db->DatabaseDir;
      }
      O.Selection = Whole;
    } else {
      llvm::consumeError(Db.takeError()); // no database: analyse the given files
    }
    if (O.Selection.Paths.empty() == false && O.Selection.BuildDir.empty()) {
      // Without a database only sources can be analysed; headers are
      // reached through them.
      std::vector<std::string> Sources;
      for (const std::string &P : O.Selection.Paths)
        if (isSourceFile(P) || isHeaderFile(P))
          Sources.push_back(P);
      O.Selection.Paths = Sources;
      if (Sources.empty())
        return ExitClean;
    }
  }
  auto Selection = selectTus(O.Selection);
  if (!Selection)
    return fail(llvm::toString(Selection.takeError()));
  if (!O.Report.Quiet)
    for (const std::string &Note : Selection->Notes)
      llvm::errs() << "asyncguard: note: " << Note << "\n";
  if (Selection->Commands.empty())
    return fail("no source files to analyze");
  if (!O.Selection.Paths.empty())
    O.Report.RootHints.push_back(O.Selection.Paths.front());
  if (!O.Report.ChangedFiles.empty())
    O.Report.RootHints.push_back(O.Report.ChangedFiles.front());
  if (!Selection->DatabaseDir.empty())
    O.Report.RootHints.push_back(Selection->DatabaseDir);
  std::vector<TuCommand> Commands;
  for (size_t I = 0; I < Selection->Commands.size(); ++I)
    if (I % ShardN == ShardK - 1)
      Commands.push_back(std::move(Selection->Commands[I]));

  O.Report.BuildDir = Selection->DatabaseDir;

  // Each TU is analysed under the config of its main file (catalogue,
  // async task types, thread budget, cache key), resolved here because the
  // resolver is not thread-safe.
  TuSetups Setups(O.NoCache ? "" : O.CacheDir.empty() ? FactCache::defaultDir() : O.CacheDir);
  std::map<std::string, const TuSetup *> SetupOf;
  for (const TuCommand &Cmd : Commands) {
    auto C = (*Configs)->forPath(Cmd.File);
    if (!C)
      return fail(llvm::toString(C.takeError()));
    auto Setup = Setups.forConfig(**C);
    if (!Setup)
      return fail(llvm::toString(Setup.takeError()));
    SetupOf[Cmd.File] = *Setup;
  }
  unsigned Jobs = O.Jobs ? O.Jobs : std::max(1u, std::thread::hardware_concurrency());
  // A progress line on a terminal, for runs that take more than a second.
  bool ShowProgress = !O.Report.Quiet && llvm::sys::Process::StandardErrIsDisplayed();
  std::mutex ProgressLock;
  size_t Done = 0;
  bool Shown = false;
  auto Progress = [&](const TuCommand &Cmd) {
    if (!ShowProgress)
      return;
    std::lock_guard Lock(ProgressLock);
    ++Done;
    if (std::chrono::steady_clock::now() - O.Report.Started < std::chrono::seconds(1))
      return;
    Shown = true;
    llvm::errs() << "\r\033[K[" << Done << "/" << Commands.size() << "] "
                 << llvm::sys::path::filename(Cmd.File);
  };
  std::vector<TuFacts> Tus = runAll(Commands, Jobs, [&](const TuCommand &Cmd) {
    const TuSetup &Setup = *SetupOf.at(Cmd.File);
    const std::optional<FactCache> &Cache = Setup.Cache;
    if (Cache)
      if (std::optional<TuFacts> Hit = Cache->load(Cmd)) {
        Progress(Cmd);
        return std::move(*Hit);
      }
    TuFacts Facts = analyzeTu(Cmd, Setup.Collect);
    if (Cache && !Facts.Crashed)
      Cache->store(Cmd, Facts);
    Progress(Cmd);
    return Facts;
  });
  if (Shown)
    llvm::errs() << "\r\033[K";

  std::set<std::string> Dropped;
  size_t Guessed = 0;
  for (size_t I = 0; I < Tus.size(); ++I) {
    Dropped.insert(Tus[I].DroppedFlags.begin(), Tus[I].DroppedFlags.end());
    Guessed += Commands[I].FlagsGuessed;
  }
  if (!Dropped.empty() && !O.Report.Quiet) {
    llvm::errs() << "asyncguard: note: dropped compiler flags:";
    for (const std::string &D : Dropped)
      llvm::errs() << " " << D << ";";
    llvm::errs() << "\n";
  }
  if (Guessed && !O.Report.Quiet) {
    // Named one by one (a few): a borrowed flag set explains a parse error.
    constexpr size_t NamedAtMost = 5;
    size_t Named = 0;
    for (const TuCommand &Cmd : Commands)
      if (!Cmd.FlagsBorrowedFrom.empty() && Named++ < NamedAtMost)
        llvm::errs() << "asyncguard: note: '" << Cmd.File
                     << "' is not in compile_commands.json; analysed with the flags of '"
                     << Cmd.FlagsBorrowedFrom << "' (re-run the build's configure step to add it)\n";
    if (Named > NamedAtMost)
      llvm::errs() << "asyncguard: note: and " << Named - NamedAtMost
                   << " more file(s) not in compile_commands.json\n";
    if (!Selection->DatabaseDir.empty()) {
      if (Named < Guessed)
        llvm::errs() << "asyncguard: note: " << Guessed - Named
                     << " file(s) have no compile_commands.json entry; their flags were guessed\n";
    } else if (!O.Selection.HasFixedFlags)
      llvm::errs() << "asyncguard: note: no compile_commands.json found; flags were guessed "
                      "(-std=c++20); use -p BUILD_DIR or '-- FLAGS'\n";
  }

  if (O.FactsOut.empty())
    return reportFacts(Tus, O.Report, **Configs);

  // A shard: write the facts for `merge`, report nothing else.
  if (std::error_code EC = llvm::sys::fs::create_directories(O.FactsOut))
    return fail("cannot create '" + O.FactsOut + "': " + EC.message());
  bool Failed = false;
  for (const TuFacts &Tu : Tus) {
    Failed |= Tu.Failed;
    std::ofstream Out(O.FactsOut + "/" + contentHash(Tu.MainFile) + ".json", std::ios::binary);
    // Non-UTF-8 bytes (paths, line text) become U+FFFD rather than abort.
    Out << *writeFactsJson(Tu, /*ReplaceInvalidUtf8=*/true);
    if (!Out)
      return fail("cannot write facts to '" + O.FactsOut + "'");
  }
  if (!O.Report.Quiet)
    llvm::errs() << "asyncguard: shard " << ShardK << "/" << ShardN << ": wrote facts of "
                 << Tus.size() << " TU(s) to '" << O.FactsOut << "'\n";
  for (const TuFacts &Tu : Tus)
    if (Tu.Failed)
      for (const ParseError &E : Tu.Errors)
        llvm::errs() << E.Text << "\n";
  return Failed && !O.Report.ExitZero ? ExitTuFailed : ExitClean;
}

int runMerge(const std::vector<std::string> &FactDirs, ReportOptions O) {
  auto Configs = makeConfigResolver(O);
  if (!Configs)
    return fail(llvm::toString(Configs.takeError()));
  if (O.Fix || O.Diff)
    return fail("'merge' reports; run 'check --fix' to apply fixes");
  std::vector<TuFacts> Tus;
  for (const std::string &Dir : FactDirs) {
    if (!llvm::sys::fs::is_directory(Dir))
      return fail("no such facts directory: '" + Dir + "'");
    std::error_code EC;
    for (llvm::sys::fs::directory_iterator It(Dir, EC), End; It != End && !EC; It.increment(EC)) {
      if (llvm::sys::path::extension(It->path()) != ".json")
        continue;
      auto Buffer = readBoundedRegularFile(It->path(), limits::FactsBytes, "facts file");
      if (!Buffer)
        return fail(llvm::toString(Buffer.takeError()));
      // A shard's facts are another job's artifact: checked like a cache
      // entry, but a bad one is an error (a silent gap would hide findings).
      auto Facts = readFactsJson((*Buffer)->getBuffer(), It->path());
      if (!Facts)
        return fail(llvm::toString(Facts.takeError()));
      Tus.push_back(std::move(*Facts));
    }
  }
  if (Tus.empty())
    return fail("no facts found in the given directories");
  // The order of a single run: by main file.
  std::sort(Tus.begin(), Tus.end(),
            [](const TuFacts &A, const TuFacts &B) { return A.MainFile < B.MainFile; });
  Tus.erase(std::unique(Tus.begin(), Tus.end(),
                        [](const TuFacts &A, const TuFacts &B) { return A.MainFile == B.MainFile; }),
            Tus.end());
  return reportFacts(Tus, O, **Configs);
}

} // namespace asyncguard
