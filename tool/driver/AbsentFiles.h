#pragma once
// The negative half of a TU's dependencies: every path Clang looked up and
// did not find. A header found in the third -I directory was first looked
// up in the first two; `__has_include(<x>)` that was false looked in all of
// them. If any of those paths exists later, the TU may parse differently
// (a new header shadows the old one), so its cache entry is stale.

#include "llvm/Support/VirtualFileSystem.h"

#include <set>
#include <string>

namespace asyncguard {

/// Passes every call through to the underlying file system and records, as
/// absolute paths, those that `status` or `openFileForRead` reported as not
/// existing. One per TU (not thread-safe, like Clang's FileManager).
class AbsentFileRecorder : public llvm::vfs::ProxyFileSystem {
public:
  AbsentFileRecorder(llvm::IntrusiveRefCntPtr<llvm::vfs::FileSystem> FS, std::string WorkingDir)
      : ProxyFileSystem(std::move(FS)), WorkingDir(std::move(WorkingDir)) {}

  llvm::ErrorOr<llvm::vfs::Status> status(const llvm::Twine &Path) override;
  llvm::ErrorOr<std::unique_ptr<llvm::vfs::File>> openFileForRead(const llvm::Twine &Path) override;

  /// The absent paths seen so far, sorted.
  const std::set<std::string> &absent() const { return Absent; }

private:
  void noteIfAbsent(const llvm::Twine &Path, std::error_code EC);
  std::string WorkingDir;
  std::set<std::string> Absent;
};

/// Whether every path in `Paths` is still absent (a cache entry's negative
/// dependencies still hold).
bool allStillAbsent(const std::vector<std::string> &Paths);

} // namespace asyncguard
