#include "lsp/Workspace.h"

#include "core/Project.h"

#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"

#include <algorithm>

namespace asyncguard::lsp {

namespace fs = llvm::sys::fs;
namespace path = llvm::sys::path;

llvm::Expected<std::unique_ptr<AnalysisSetup>>
makeAnalysisSetup(const std::string &ConfigPath, const std::vector<std::string> &Select,
                  const std::vector<std::string> &Ignore) {
  auto Loaded = ConfigPath.empty() ? llvm::Expected<Config>(Config()) : loadConfig(ConfigPath);
  if (!Loaded)
    return Loaded.takeError();
  if (!Select.empty())
    Loaded->Select = Select;
  Loaded->Ignore.insert(Loaded->Ignore.end(), Ignore.begin(), Ignore.end());
  auto Apis = Catalogue::builtin();
  if (!Apis)
    return Apis.takeError();
  auto Setup = std::make_unique<AnalysisSetup>();
  Setup->Settings = std::move(*Loaded);
  Setup->Apis = std::move(*Apis);
  Setup->Settings.extend(Setup->Apis);
  Setup->Collect.Apis = &Setup->Apis;
  Setup->Collect.Settings = &Setup->Settings;
  Setup->Collect.AsyncTaskTypes = Setup->Settings.AsyncTaskTypes;
  auto Style = FixStyle::fromConfig(Setup->Settings.FixStyle);
  if (!Style)
    return Style.takeError();
  Setup->Collect.Style = std::move(*Style);
  return Setup;
}

/// Where clangd would look first: the root and its build folders; else ""
/// (selectTus then searches upward from each file, as clang-tidy does).
static std::string databaseUnder(const std::string &Root) {
  if (Root.empty())
    return "";
  for (const char *Sub : {"", "/build", "/out", "/cmake-build-debug", "/cmake-build-release"})
    if (fs::exists(Root + Sub + "/compile_commands.json"))
      return Root + Sub;
  return "";
}

llvm::Error Workspace::configure(const WorkspaceOptions &NewOptions) {
  std::string NewConfig = NewOptions.ConfigFile;
  if (NewConfig.empty() && !NewOptions.Root.empty())
    NewConfig = findConfig(NewOptions.Root);
  if (NewOptions.DefaultConfig)
    NewConfig.clear();
  auto NewSetup = makeAnalysisSetup(NewConfig, NewOptions.Select, NewOptions.Ignore);
  if (!NewSetup)
    return NewSetup.takeError();
  Options = NewOptions;
  Setup = std::move(*NewSetup);
  ConfigPath = NewConfig;
  DatabaseDir = NewOptions.DatabaseDir.empty() ? databaseUnder(NewOptions.Root)
                                               : NewOptions.DatabaseDir;
  Commands.clear();
  Facts.clear();
  StoreOrder.clear();
  return llvm::Error::success();
}

TuCommand Workspace::commandFor(const std::string &Path) {
  if (auto It = Commands.find(Path); It != Commands.end())
    return It->second;
  SelectionRequest Request;
  Request.Paths = {Path};
  Request.BuildDir = DatabaseDir;
  TuCommand Cmd;
  auto Selection = selectTus(Request);
  if (Selection && !Selection->Commands.empty()) {
    Cmd = Selection->Commands.front();
  } else {
    // A buffer not yet on disk, or a broken database: parse it on its own.
    if (!Selection)
      llvm::consumeError(Selection.takeError());
    Cmd.File = Path;
    Cmd.Directory = std::string(path::parent_path(Path));
    Cmd.Arguments = {"clang++", "-std=c++20"};
    if (isHeaderFile(Path))
      Cmd.Arguments.insert(Cmd.Arguments.end(), {"-x", "c++-header"});
    Cmd.Arguments.push_back(Path);
    Cmd.FlagsGuessed = true;
  }
  Commands[Path] = Cmd;
  return Cmd;
}

std::vector<TuCommand> Workspace::databaseTus(size_t *Skipped) {
  if (Skipped)
    *Skipped = 0;
  if (DatabaseDir.empty())
    return {};
  SelectionRequest Request;
  Request.BuildDir = DatabaseDir;
  auto Selection = selectTus(Request);
  if (!Selection) {
    llvm::consumeError(Selection.takeError());
    return {};
  }
  std::vector<TuCommand> Out = std::move(Selection->Commands);
  if (Out.size() > Options.MaxStoredTus) {
    if (Skipped)
      *Skipped = Out.size() - Options.MaxStoredTus;
    Out.resize(Options.MaxStoredTus);
  }
  for (const TuCommand &Cmd : Out)
    Commands.try_emplace(Cmd.File, Cmd);
  return Out;
}

const TuFacts &Workspace::analyze(const TuCommand &Command, const FileOverlay &Overlay) {
  assert(Setup && "configure() succeeds before the first analysis");
  TuFacts Result = analyzeTu(Command, Setup->Collect, Overlay);
  StoreOrder.erase(std::remove(StoreOrder.begin(), StoreOrder.end(), Command.File),
                   StoreOrder.end());
  StoreOrder.push_back(Command.File);
  // The least recently analysed TUs go first: they are the furthest from
  // what is being edited.
  while (StoreOrder.size() > Options.MaxStoredTus) {
    Facts.erase(StoreOrder.front());
    StoreOrder.erase(StoreOrder.begin());
  }
  return Facts[Command.File] = std::move(Result);
}

void Workspace::forget(const std::string &TuFile) {
  Facts.erase(TuFile);
  StoreOrder.erase(std::remove(StoreOrder.begin(), StoreOrder.end(), TuFile), StoreOrder.end());
  Commands.erase(TuFile);
}

std::map<std::string, std::vector<Finding>> Workspace::findingsByFile() const {
  std::map<std::string, std::vector<Finding>> Out;
  if (!Setup)
    return Out;
  ProjectSummary Summary;
  for (const auto &[File, Tu] : Facts)
    Summary.add(Tu);
  ProjectOptions Project;
  Project.Settings = &Setup->Settings;
  Project.SourceRoot = Options.Root;
  for (Finding &F : Summary.findings(Project))
    if (F.Suppression.empty())
      Out[F.Range.File].push_back(std::move(F));
  return Out;
}

} // namespace asyncguard::lsp
