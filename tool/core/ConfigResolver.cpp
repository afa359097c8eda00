#include "core/ConfigResolver.h"
#include "core/Files.h"

#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Regex.h"

#include <cassert>

namespace asyncguard {

namespace fs = llvm::sys::fs;
namespace path = llvm::sys::path;

ConfigResolver::ConfigResolver(std::optional<Config> Forced, std::function<void(Config &)> Adjust)
    : Forced(std::move(Forced)), Adjust(std::move(Adjust)) {
  if (this->Adjust) {
    this->Adjust(Defaults);
    if (this->Forced)
      this->Adjust(*this->Forced);
  }
}

std::vector<std::string> ConfigResolver::takeNotes() { return std::exchange(Notes, {}); }

llvm::Expected<const Config *> ConfigResolver::effectiveOf(const std::string &ConfigPath) {
  if (auto It = Effective.find(ConfigPath); It != Effective.end())
    return It->second.get();
  auto Own = Files.find(ConfigPath);
  if (Own == Files.end()) {
    auto Loaded = loadConfig(ConfigPath);
    if (!Loaded)
      return Loaded.takeError();
    Own = Files.emplace(ConfigPath, std::move(*Loaded)).first;
  }
  auto Result = std::make_unique<Config>(Own->second);
  if (Own->second.InheritParent) {
    // The parent is searched from the folder above this config's, with the
    // same repository-root bound (a config at the root has no parent).
    std::string Folder = std::string(path::parent_path(ConfigPath));
    std::string Parent;
    if (!fs::exists(Folder + "/.git") && path::parent_path(Folder) != Folder) {
      std::vector<std::string> Found;
      Parent = findConfig(std::string(path::parent_path(Folder)), &Found);
      for (std::string &N : Found)
        if (NotesSeen.insert(N).second)
          Notes.push_back(std::move(N));
    }
    if (!Parent.empty()) {
      auto Base = effectiveOf(Parent);
      if (!Base)
        return Base.takeError();
      *Result = mergeConfigs(**Base, Own->second);
    }
  }
  // The command line goes on top of the whole chain, once.
  if (Adjust)
    Adjust(*Result);
  const Config *Out = Result.get();
  Effective[ConfigPath] = std::move(Result);
  return Out;
}

llvm::Expected<const Config *> ConfigResolver::forPath(const std::string &Path) {
  if (Forced)
    return &*Forced;
  std::string Folder = normalizedPath(Path);
  if (!fs::is_directory(Folder))
    Folder = std::string(path::parent_path(Folder));
  if (auto It = ByFolder.find(Folder); It != ByFolder.end())
    return It->second;
  std::vector<std::string> Found;
  std::string Nearest = findConfig(Folder, &Found);
  for (std::string &N : Found)
    if (NotesSeen.insert(N).second)
      Notes.push_back(std::move(N));
  const Config *C = &Defaults;
  if (!Nearest.empty()) {
    auto E = effectiveOf(Nearest);
    if (!E)
      return E.takeError();
    C = *E;
  }
  ByFolder[Folder] = C;
  return C;
}

const Config &ConfigResolver::resolved(const std::string &Path) const {
  if (Forced)
    return *Forced;
  std::string Folder = normalizedPath(Path);
  auto It = ByFolder.find(Folder);
  if (It == ByFolder.end())
    It = ByFolder.find(std::string(path::parent_path(Folder)));
  assert(It != ByFolder.end() && "every reported file's config is resolved first");
  return It == ByFolder.end() ? Defaults : *It->second;
}

std::string repositoryRoot(const std::string &Path) {
  std::string Start = normalizedPath(Path);
  for (llvm::StringRef Dir = Start; !Dir.empty(); Dir = path::parent_path(Dir)) {
    if (fs::exists(Dir + "/.git"))
      return Dir.str();
    if (Dir == path::parent_path(Dir))
      break;
  }
  return "";
}

static bool isUnder(llvm::StringRef File, llvm::StringRef Dir) {
  return !Dir.empty() && File.starts_with(Dir) &&
         (File.size() == Dir.size() || File[Dir.size()] == '/' || Dir.ends_with("/"));
}

bool FileFilter::shows(const std::string &File, const Config &C) const {
  if (C.excludes(File))
    return false;
  if (MainFiles.count(File))
    return true;
  // A header: an explicit filter decides alone, as clang-tidy's
  // --header-filter (a search, so ".*" shows every header).
  if (const std::optional<std::string> &Filter = HeaderFilter ? HeaderFilter : C.HeaderFilter)
    return llvm::Regex(*Filter).match(File);
  if (!RepoRoot.empty() && !isUnder(File, RepoRoot))
    return false;
  // Generated and fetched headers live in the build tree; an in-source
  // build (database at or above the root) has no separate tree to hide.
  if (isUnder(File, BuildDir) && !isUnder(RepoRoot, BuildDir))
    return false;
  llvm::StringRef Rel = path::parent_path(File);
  if (!RepoRoot.empty())
    Rel = Rel.drop_front(std::min(Rel.size(), RepoRoot.size()));
  for (auto It = path::begin(Rel), End = path::end(Rel); It != End; ++It)
    for (const char *Vendored : VendoredFolders)
      if (*It == Vendored)
        return false;
  return true;
}

} // namespace asyncguard
