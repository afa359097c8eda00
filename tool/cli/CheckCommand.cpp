#include "cli/CheckCommand.h"
#include "cli/Commands.h"
#include "core/Catalogue.h"
#include "core/Config.h"
#include "core/Project.h"
#include "driver/Scheduler.h"
#include "report/Report.h"

#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/raw_ostream.h"

#include <fstream>
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

/// The root that SARIF URIs and fingerprints are relative to: the git
/// work tree around the current directory, else the current directory.
std::string sourceRoot() {
  std::string Cwd = currentDir();
  for (llvm::StringRef Dir = Cwd; !Dir.empty(); Dir = llvm::sys::path::parent_path(Dir)) {
    if (llvm::sys::fs::exists(Dir + "/.git"))
      return Dir.str();
    if (Dir == llvm::sys::path::parent_path(Dir))
      break;
  }
  return Cwd;
}

llvm::Expected<Config> resolveConfig(const CheckOptions &O) {
  std::string Path = O.ConfigFile;
  if (Path.empty()) {
    std::string Start = O.Selection.Paths.empty() ? currentDir() : O.Selection.Paths.front();
    if (!llvm::sys::fs::is_directory(Start))
      Start = std::string(llvm::sys::path::parent_path(Start));
    Path = findConfig(Start.empty() ? currentDir() : Start);
  }
  llvm::Expected<Config> C = Path.empty() ? Config() : loadConfig(Path);
  if (!C)
    return C;
  // Command-line select/ignore narrow the config's.
  if (!O.Select.empty())
    C->Select = O.Select;
  C->Ignore.insert(C->Ignore.end(), O.Ignore.begin(), O.Ignore.end());
  return C;
}

int writeOutput(const CheckOptions &O, const std::string &Text) {
  if (O.OutputFile.empty() || O.OutputFile == "-") {
    std::cout << Text << std::flush;
    return ExitClean;
  }
  std::ofstream Out(O.OutputFile, std::ios::binary);
  Out << Text;
  Out.close();
  if (!Out)
    return fail("cannot write '" + O.OutputFile + "'");
  return ExitClean;
}

} // namespace

int runCheck(const CheckOptions &O) {
  auto Settings = resolveConfig(O);
  if (!Settings)
    return fail(llvm::toString(Settings.takeError()));
  for (const auto &[Key, Patterns] : {std::pair{"--select", &Settings->Select},
                                      std::pair{"--ignore", &Settings->Ignore}}) {
    // Validate command-line rule patterns the same way as the config's.
    std::string Text = std::string("{\"") + (Key[2] == 's' ? "select" : "ignore") + "\": [";
    for (size_t I = 0; I < Patterns->size(); ++I)
      Text += (I ? ",\"" : "\"") + (*Patterns)[I] + "\"";
    if (auto Checked = parseConfig(Text + "]}", Key); !Checked)
      return fail(llvm::toString(Checked.takeError()));
  }
  auto Apis = Catalogue::builtin();
  if (!Apis)
    return fail("built-in catalogue: " + llvm::toString(Apis.takeError()));
  Settings->extend(*Apis);

  auto Selection = selectTus(O.Selection);
  if (!Selection)
    return fail(llvm::toString(Selection.takeError()));
  if (Selection->Commands.empty())
    return fail("no source files to analyze");

  CollectorOptions Collect;
  Collect.Apis = &*Apis;
  Collect.Settings = &*Settings;
  Collect.AsyncTaskTypes = Settings->AsyncTaskTypes;
  unsigned Jobs = O.Jobs ? O.Jobs : std::max(1u, std::thread::hardware_concurrency());
  std::vector<TuFacts> Tus = runAll(Selection->Commands, Jobs, [&](const TuCommand &Cmd) {
    return analyzeTu(Cmd, Collect);
  });

  Report R;
  R.SourceRoot = sourceRoot();
  R.WorkingDir = currentDir();
  R.IncludeSuppressed = O.ReportSuppressed;
  ProjectSummary Summary;
  std::set<std::string> Dropped;
  size_t Guessed = 0;
  for (size_t I = 0; I < Tus.size(); ++I) {
    Summary.add(Tus[I]);
    Dropped.insert(Tus[I].DroppedFlags.begin(), Tus[I].DroppedFlags.end());
    Guessed += Selection->Commands[I].FlagsGuessed;
    if (!Tus[I].Failed)
      continue;
    TuFailure Failure{Tus[I].MainFile, {}};
    for (const ParseError &E : Tus[I].Errors)
      Failure.Errors.push_back(E.Text);
    R.Failures.push_back(std::move(Failure));
  }
  ProjectOptions Project;
  Project.Settings = &*Settings;
  Project.SourceRoot = R.SourceRoot;
  R.Findings = Summary.findings(Project);

  size_t Reported = 0, Suppressed = 0;
  for (const Finding &F : R.Findings)
    (F.Suppression.empty() ? Reported : Suppressed)++;
  R.ExitCode = !R.Failures.empty() ? ExitTuFailed : Reported ? ExitFindings : ExitClean;

  // Clang's own errors first, on stderr: they explain missing findings.
  for (const TuFailure &Failure : R.Failures) {
    for (const std::string &E : Failure.Errors)
      llvm::errs() << E << "\n";
    llvm::errs() << "asyncguard: error: could not analyze '" << R.displayPath(Failure.File)
                 << "'; its findings are missing\n";
  }
  if (!Dropped.empty() && !O.Quiet) {
    llvm::errs() << "asyncguard: note: dropped compiler flags:";
    for (const std::string &D : Dropped)
      llvm::errs() << " " << D << ";";
    llvm::errs() << "\n";
  }
  if (Guessed && !Selection->DatabaseDir.empty() && !O.Quiet)
    llvm::errs() << "asyncguard: note: " << Guessed
                 << " file(s) have no compile_commands.json entry; their flags were guessed\n";
  else if (Guessed && !O.Selection.HasFixedFlags && !O.Quiet)
    llvm::errs() << "asyncguard: note: no compile_commands.json found; flags were guessed "
                    "(-std=c++20); use -p BUILD_DIR or '-- FLAGS'\n";

  std::string Text;
  if (O.Format == "text")
    Text = renderText(R);
  else if (O.Format == "github")
    Text = renderGithub(R);
  else if (O.Format == "json")
    Text = renderJson(R);
  else if (O.Format == "sarif")
    Text = renderSarif(R);
  else
    Text = renderFixesYaml(R);
  if (int Code = writeOutput(O, Text))
    return Code;
  if (!O.Quiet)
    llvm::errs() << "asyncguard: " << Reported << (Reported == 1 ? " finding" : " findings")
                 << (Suppressed ? " (" + std::to_string(Suppressed) + " suppressed)" : "")
                 << " in " << Tus.size() << (Tus.size() == 1 ? " file" : " files") << "\n";
  return O.ExitZero ? ExitClean : R.ExitCode;
}


} // namespace asyncguard
