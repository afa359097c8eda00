#include "cli/ConfigCommand.h"
#include "cli/Commands.h"
#include "core/EmbeddedData.h"
#include "core/Files.h"

#include "llvm/Support/FileSystem.h"
#include <nlohmann/json.hpp>

#include <algorithm>
#include <iostream>
#include <set>

namespace asyncguard {

llvm::Expected<std::unique_ptr<ConfigResolver>> makeConfigResolver(const ReportOptions &O) {
  // Command-line patterns go through the same checks as the config's.
  nlohmann::json Patterns = nlohmann::json::object();
  if (!O.Select.empty())
    Patterns[config_key::Select] = O.Select;
  if (!O.Ignore.empty())
    Patterns[config_key::Ignore] = O.Ignore;
  if (auto FromFlags = parseConfig(Patterns.dump(), "--select/--ignore"); !FromFlags)
    return FromFlags.takeError();
  std::optional<Config> Forced;
  if (!O.ConfigFile.empty()) {
    auto Loaded = loadConfig(O.ConfigFile);
    if (!Loaded)
      return Loaded.takeError();
    Forced = std::move(*Loaded);
  }
  auto Adjust = [Select = O.Select, Ignore = O.Ignore](Config &C) {
    if (!Select.empty()) {
      C.Select = Select;
      C.Origins[config_key::Select] = {"--select"};
    }
    if (!Ignore.empty()) {
      C.Ignore.insert(C.Ignore.end(), Ignore.begin(), Ignore.end());
      C.Origins[config_key::Ignore].push_back("--ignore");
    }
  };
  return std::make_unique<ConfigResolver>(std::move(Forced), Adjust);
}

llvm::Expected<const TuSetup *> TuSetups::forConfig(const Config &C) {
  if (auto It = Setups.find(&C); It != Setups.end())
    return It->second.get();
  auto Apis = Catalogue::builtin();
  if (!Apis)
    return llvm::createStringError(llvm::inconvertibleErrorCode(), "built-in catalogue: %s",
                                   llvm::toString(Apis.takeError()).c_str());
  auto Setup = std::make_unique<TuSetup>();
  Setup->Apis = std::move(*Apis);
  C.extend(Setup->Apis);
  Setup->Collect.Apis = &Setup->Apis;
  Setup->Collect.Settings = &C;
  Setup->Collect.AsyncTaskTypes = C.AsyncTaskTypes;
  auto Style = FixStyle::fromConfig(C.FixStyle);
  if (!Style)
    return llvm::createStringError(llvm::inconvertibleErrorCode(), "%s: %s",
                                   (C.Path.empty() ? "config" : C.Path).c_str(),
                                   llvm::toString(Style.takeError()).c_str());
  Setup->Collect.Style = std::move(*Style);
  if (!CacheDir.empty()) {
    // The effective config decides the facts (catalogue, async task types,
    // thread budget, enabled structural rules): it is part of the key.
    std::string Salt = configCacheKey(C);
    for (const EmbeddedFile &F : embeddedCatalogue())
      Salt += F.Content;
    Setup->Cache.emplace(CacheDir, Salt);
  }
  const TuSetup *Out = Setup.get();
  Setups[&C] = std::move(Setup);
  return Out;
}

std::vector<std::string> configNotes(ConfigResolver &Configs, const std::vector<TuFacts> &Tus) {
  std::vector<std::string> Notes = Configs.takeNotes();
  std::set<std::string> Found;
  for (const TuFacts &Tu : Tus)
    Found.insert(Tu.ConfigNamesFound.begin(), Tu.ConfigNamesFound.end());
  for (const auto &[Path, C] : Configs.files()) {
    auto Check = [&, &Path = Path](const std::string &Name, const char *Key) {
      if (!Found.count(Name))
        Notes.push_back(Path + ": '" + Key + "' name '" + Name +
                        "' matches no declaration in the analysed files (a typo, or a "
                        "namespace missing?)");
    };
    for (const CatalogueEntry &E : C.Blocking)
      Check(E.Name, config_key::Blocking);
    for (const std::string &N : C.NonBlocking)
      Check(N, config_key::NonBlocking);
  }
  return Notes;
}

int runConfig(const std::string &Path, const ReportOptions &O) {
  std::string Target = Path.empty() ? "." : Path;
  if (!llvm::sys::fs::exists(Target))
    return fail("no such file or folder: '" + Target + "'");
  auto Configs = makeConfigResolver(O);
  if (!Configs)
    return fail(llvm::toString(Configs.takeError()));
  auto C = (*Configs)->forPath(Target);
  if (!C)
    return fail(llvm::toString(C.takeError()));
  for (const std::string &Note : (*Configs)->takeNotes())
    llvm::errs() << "asyncguard: note: " << Note << "\n";
  nlohmann::json Out;
  Out["path"] = normalizedPath(Target);
  // Only this path was resolved: the files read are its chain. A parent's
  // folder is a prefix of its child's, so shorter paths come first.
  std::vector<std::string> Chain;
  if (!O.ConfigFile.empty())
    Chain.push_back(normalizedPath(O.ConfigFile));
  for (const auto &Entry : (*Configs)->files())
    Chain.push_back(Entry.first);
  std::stable_sort(Chain.begin(), Chain.end(), [](const std::string &A, const std::string &B) {
    return A.size() < B.size();
  });
  Out["config_files"] = Chain;
  Out["config"] = nlohmann::json::parse(dumpConfig(**C));
  std::cout << Out.dump(2) << "\n";
  return ExitClean;
}

} // namespace asyncguard
