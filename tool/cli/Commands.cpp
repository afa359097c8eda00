#include "cli/Commands.h"
#include "cli/CheckCommand.h"
#include "cli/ConfigCommand.h"
#include "core/Catalogue.h"
#include "core/Config.h"
#include "core/Project.h"
#include "driver/CompileDb.h"
#include "driver/Scheduler.h"
#include "lsp/LspServer.h"
#include "report/Report.h"
#include "rules/Rule.h"

#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Regex.h"
#include "llvm/Support/raw_ostream.h"

#include <CLI/CLI.hpp>
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <thread>

namespace asyncguard {

int fail(const std::string &Message, int Code) {
  llvm::errs() << "asyncguard: error: " << Message << "\n";
  return Code;
}

namespace {

int runRules(const std::string &Format) {
  if (Format == "json") {
    // For editors and scripts: the same ids, levels and doc links as SARIF.
    nlohmann::json List = nlohmann::json::array();
    for (const auto &R : allRules())
      List.push_back({{"id", std::string(R->id())},
                      {"level", std::string(levelName(R->info().DefaultLevel))},
                      {"summary", std::string(R->info().Summary)},
                      {"help_uri", ruleDocUri(R->id())}});
    std::cout << List.dump(2) << "\n";
    return ExitClean;
  }
  for (const auto &R : allRules())
    std::cout << R->id() << std::string(20 - std::min<size_t>(19, R->id().size()), ' ')
              << levelName(R->info().DefaultLevel) << "  " << R->info().Summary << "\n";
  return ExitClean;
}

int runExplain(const std::string &Id) {
  std::string Bare = llvm::StringRef(Id).starts_with("asyncguard-") ? Id.substr(11) : Id;
  if (!findRule(Bare))
    return fail("unknown rule '" + Id + "' (see 'asyncguard rules')");
  std::cout << ruleDoc(Bare);
  return ExitClean;
}

void addReportOptions(CLI::App &Cmd, ReportOptions &O) {
  Cmd.add_option("--format", O.Format, "Output format")
      ->check(CLI::IsMember({"text", "json", "sarif", "fixes-yaml", "github"}));
  Cmd.add_option("-o", O.OutputFile, "Write the report to FILE");
  Cmd.add_option("--config", O.ConfigFile, "Config file (default: .asyncguard.json upward)")
      ->check(CLI::ExistingFile);
  // One value per flag ("--select a,b"), so that a following path is not
  // taken for a rule.
  Cmd.add_option("--select", O.Select, "Rules to run (comma-separated globs)")
      ->delimiter(',')
      ->allow_extra_args(false);
  Cmd.add_option("--ignore", O.Ignore, "Rules to skip (comma-separated globs)")
      ->delimiter(',')
      ->allow_extra_args(false);
  Cmd.add_flag("--report-suppressed", O.ReportSuppressed,
               "Also report NOLINT'd and baselined findings, marked as suppressed");
  Cmd.add_flag("--exit-zero", O.ExitZero, "Exit 0 whenever the report was written");
  Cmd.add_flag("--quiet", O.Quiet, "No notes or summary on stderr");
  Cmd.add_option("--baseline", O.Baseline, "Report only findings not in this baseline")
      ->check(CLI::ExistingFile);
  Cmd.add_option("--write-baseline", O.WriteBaseline, "Record the current findings as a baseline");
  Cmd.add_flag("--report-unused-suppressions", O.ReportUnusedSuppressions,
               "Report NOLINT comments naming asyncguard rules that suppress nothing "
               "(rule unused-nolint)");
  Cmd.add_option_function<std::string>(
         "--header-filter", [&O](const std::string &Regex) { O.HeaderFilter = Regex; },
         "Report findings in headers whose path matches REGEX (default: headers in the "
         "repository, not in the build tree or vendored folders; overrides 'header_filter')")
      ->check(CLI::Validator(
          [](std::string &Regex) {
            std::string Error;
            return llvm::Regex(Regex).isValid(Error) ? std::string()
                                                     : "not a valid regular expression: " + Error;
          },
          "REGEX"));
}

bool isSubcommand(llvm::StringRef Arg) {
  return Arg == "check" || Arg == "merge" || Arg == "lsp" || Arg == "rules" || Arg == "explain" || Arg == "help" ||
         Arg == "config" ||
         Arg.starts_with("-h") || Arg == "--help" || Arg == "--version";
}

/// The candidate nearest to `Typed` when it is near enough to be a typo of
/// it (CLI11 only says "not expected"; git and cargo suggest).
std::optional<std::string> nearest(llvm::StringRef Typed, const std::vector<std::string> &Candidates) {
  std::optional<std::string> Best;
  unsigned BestDistance = std::max<unsigned>(2, Typed.size() / 3) + 1;
  for (const std::string &Candidate : Candidates) {
    unsigned Distance = Typed.edit_distance(Candidate, /*AllowReplacements=*/true, BestDistance);
    if (Distance < BestDistance) {
      BestDistance = Distance;
      Best = Candidate;
    }
  }
  return Best;
}

std::vector<std::string> subcommandNames(const CLI::App &App) {
  std::vector<std::string> Names;
  for (const CLI::App *Sub : App.get_subcommands([](const CLI::App *) { return true; }))
    Names.push_back(Sub->get_name());
  return Names;
}

std::vector<std::string> optionNames(const CLI::App &Cmd) {
  std::vector<std::string> Names;
  for (const CLI::Option *Opt : Cmd.get_options()) {
    for (const std::string &Long : Opt->get_lnames())
      Names.push_back("--" + Long);
    for (const std::string &Short : Opt->get_snames())
      Names.push_back("-" + Short);
  }
  return Names;
}

/// Arguments CLI11 left over (extras are allowed so that we can say more
/// than "not expected"): one error with a suggestion where there is one.
std::optional<std::string> leftoverError(const CLI::App &Cmd) {
  for (const std::string &Arg : Cmd.remaining()) {
    std::string Where = " for '" + Cmd.get_name() + "'";
    std::string See = "see 'asyncguard help " + Cmd.get_name() + "'";
    if (!llvm::StringRef(Arg).starts_with("-"))
      return "unexpected argument '" + Arg + "'" + Where + " (" + See + ")";
    llvm::StringRef Name = llvm::StringRef(Arg).split('=').first;
    if (std::optional<std::string> Near = nearest(Name, optionNames(Cmd)))
      return "unknown option '" + Name.str() + "'" + Where + "; did you mean '" + *Near + "'?";
    return "unknown option '" + Name.str() + "'" + Where + " (" + See + ")";
  }
  return std::nullopt;
}

constexpr const char *CheckFooter = R"(Compiler flags:
  asyncguard check a.cpp -- -std=c++20 -Iinclude
  Everything after '--' is the compiler flags for files that have no
  compile_commands.json entry (as for clang-tidy). Without a database and
  without '--', C++20 defaults apply.

Exit codes:
  0  no findings
  1  findings reported
  2  usage or config error
  3  a file could not be analysed (its error is printed; other files still run)
  With --exit-zero: 0 whenever the report was written.)";

int runHelp(CLI::App &App, const std::string &Command) {
  // App.help() would show the help of the parsed subcommand, 'help' itself.
  if (Command.empty()) {
    std::cout << App.get_formatter()->make_help(&App, App.get_name(), CLI::AppFormatMode::Normal);
    return ExitClean;
  }
  for (CLI::App *Sub : App.get_subcommands([](const CLI::App *) { return true; }))
    if (Sub->get_name() == Command) {
      std::cout << Sub->help(App.get_name()); // "Usage: asyncguard check ...", as --help
      return ExitClean;
    }
  if (std::optional<std::string> Near = nearest(Command, subcommandNames(App)))
    return fail("unknown command '" + Command + "'; did you mean '" + *Near + "'?");
  return fail("unknown command '" + Command + "' (see 'asyncguard help')");
}

} // namespace

int runCommandLine(int Argc, const char *const *Argv) {
  // Everything after "--" is compiler flags, as for clang-tidy.
  std::vector<std::string> Args;
  std::vector<std::string> Flags;
  bool HasFlags = false;
  for (int I = 1; I < Argc; ++I) {
    if (!HasFlags && std::string(Argv[I]) == "--") {
      HasFlags = true;
      continue;
    }
    (HasFlags ? Flags : Args).push_back(Argv[I]);
  }
  // clang-tidy's shape, "asyncguard FILE -- FLAGS" or "asyncguard -p DIR FILE",
  // means "check".
  std::string ImplicitCheckArg;
  if (!Args.empty() && !isSubcommand(Args.front())) {
    ImplicitCheckArg = Args.front();
    Args.insert(Args.begin(), "check");
  }
  if (Args.empty() && HasFlags)
    Args.push_back("check");

  CLI::App App{"asyncguard: finds blocking calls, locks and threads that stall C++20 "
               "coroutine event loops",
               "asyncguard"};
  App.set_version_flag("--version", std::string("asyncguard ") + AG_VERSION);
  App.require_subcommand(1);
  // Inherited by the subcommands: unknown options are left over for
  // leftoverError(), which can suggest the option meant.
  App.allow_extras();
  App.footer("Run 'asyncguard help COMMAND' for the options of a command.");

  CheckOptions Check;
  Check.Selection.FixedFlags = Flags;
  Check.Selection.HasFixedFlags = HasFlags;
  CLI::App *CheckCmd = App.add_subcommand("check", "Analyze files, directories or a compile database");
  CheckCmd->add_option("paths", Check.Selection.Paths,
                       "Source files or directories (default: every TU of the database)");
  CheckCmd->add_option("-p", Check.Selection.BuildDir,
                       "Directory with compile_commands.json (default: searched upward)");
  CheckCmd->add_option("-j", Check.Jobs, "Parallel TUs (default: number of cores)")
      ->check(CLI::Range(1, 1024));
  addReportOptions(*CheckCmd, Check.Report);
  CheckCmd->footer(CheckFooter);
  CheckCmd->add_flag("--fix", Check.Report.Fix, "Apply the fixes to the files");
  CheckCmd->add_flag("--diff", Check.Report.Diff, "Print the fixes as a unified diff; change nothing");
  CheckCmd->add_option("--cache-dir", Check.CacheDir,
                       "Fact cache (default: $XDG_CACHE_HOME/asyncguard or ~/.cache/asyncguard)");
  CheckCmd->add_flag("--no-cache", Check.NoCache, "Neither read nor write the fact cache");
  CheckCmd->add_flag("--changed", Check.Changed,
                     "PATHS are changed files (pre-commit): analyse the whole compile database "
                     "and report only findings in or caused by them");
  CheckCmd->add_option("--shard", Check.Shard, "Analyze the K-th of N deterministic slices (K/N)");
  CheckCmd->add_option("--facts-out", Check.FactsOut, "With --shard: write facts here for 'merge'");

  ReportOptions Merge;
  std::vector<std::string> FactDirs;
  CLI::App *MergeCmd =
      App.add_subcommand("merge", "Report the facts of sharded runs as one run would");
  MergeCmd->add_option("facts", FactDirs, "Directories written by 'check --shard --facts-out'")
      ->required();
  addReportOptions(*MergeCmd, Merge);

  CLI::App *LspCmd = App.add_subcommand("lsp", "Run the Language Server on stdio");
  // Every LSP client may pass it (vscode-languageclient always does for a
  // stdio transport); stdio is the only transport, so it changes nothing.
  bool LspStdio = true;
  LspCmd->add_flag("--stdio", LspStdio,
                   "Talk LSP over stdin/stdout (the default and only transport)");
  std::string RulesFormat = "text";
  CLI::App *RulesCmd = App.add_subcommand("rules", "List the rules");
  RulesCmd->add_option("--format", RulesFormat, "Output format")
      ->check(CLI::IsMember({"text", "json"}));
  std::string HelpTopic;
  CLI::App *HelpCmd = App.add_subcommand("help", "Show the options of asyncguard or of a command");
  HelpCmd->add_option("command", HelpTopic, "A command (check, merge, lsp, ...)");
  ReportOptions ConfigOptions;
  std::string ConfigPath;
  CLI::App *ConfigCmd = App.add_subcommand(
      "config", "Print the effective config for a file or folder as JSON, with where each key "
                "came from");
  ConfigCmd->add_option("path", ConfigPath, "A source file or folder (default: the current folder)");
  ConfigCmd->add_option("--config", ConfigOptions.ConfigFile, "Config file instead of the search")
      ->check(CLI::ExistingFile);
  ConfigCmd->add_option("--select", ConfigOptions.Select, "As for 'check'")
      ->delimiter(',')
      ->allow_extra_args(false);
  ConfigCmd->add_option("--ignore", ConfigOptions.Ignore, "As for 'check'")
      ->delimiter(',')
      ->allow_extra_args(false);
  std::string ExplainId;
  CLI::App *ExplainCmd = App.add_subcommand("explain", "Show a rule's documentation");
  ExplainCmd->add_option("rule", ExplainId, "Rule id")->required();

  // "asyncguard chek": a word that names no file and is one typo away from
  // a command is a mistyped command, not a path for 'check'.
  if (!ImplicitCheckArg.empty() && !llvm::sys::fs::exists(ImplicitCheckArg) &&
      !llvm::StringRef(ImplicitCheckArg).starts_with("-") &&
      llvm::StringRef(ImplicitCheckArg).find_first_of("/.") == llvm::StringRef::npos)
    if (std::optional<std::string> Near = nearest(ImplicitCheckArg, subcommandNames(App)))
      return fail("unknown command '" + ImplicitCheckArg + "'; did you mean '" + *Near + "'?");

  std::vector<const char *> Raw = {"asyncguard"};
  for (const std::string &A : Args)
    Raw.push_back(A.c_str());
  try {
    App.parse(static_cast<int>(Raw.size()), Raw.data());
  } catch (const CLI::CallForHelp &E) {
    return App.exit(E);
  } catch (const CLI::CallForVersion &E) {
    return App.exit(E);
  } catch (const CLI::ParseError &E) {
    App.exit(E);
    return ExitUsage;
  }
  for (const CLI::App *Cmd : App.get_subcommands())
    if (std::optional<std::string> Error = leftoverError(*Cmd))
      return fail(*Error);
  if (std::optional<std::string> Error = leftoverError(App))
    return fail(*Error);
  if (HasFlags && !App.got_subcommand("check"))
    return fail("'-- FLAGS' only applies to 'check'");
  if (App.got_subcommand("help"))
    return runHelp(App, HelpTopic);
  if (App.got_subcommand("lsp"))
    return runLanguageServer();
  if (App.got_subcommand("rules"))
    return runRules(RulesFormat);
  if (App.got_subcommand("explain"))
    return runExplain(ExplainId);
  if (App.got_subcommand("merge"))
    return runMerge(FactDirs, Merge);
  if (App.got_subcommand("config"))
    return runConfig(ConfigPath, ConfigOptions);
  return runCheck(Check);
}

} // namespace asyncguard
