#include "driver/AbsentFiles.h"
#include "core/Files.h"

#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"

namespace asyncguard {

void AbsentFileRecorder::noteIfAbsent(const llvm::Twine &Path, std::error_code EC) {
  // Only "does not exist": a path that exists but is refused (a FIFO, an
  // unreadable file) is an error of the TU, not a dependency.
  if (EC != std::errc::no_such_file_or_directory && EC != std::errc::not_a_directory)
    return;
  llvm::SmallString<256> Abs;
  Path.toVector(Abs);
  if (!llvm::sys::path::is_absolute(Abs)) {
    llvm::SmallString<256> Joined(WorkingDir);
    llvm::sys::path::append(Joined, Abs);
    Abs = Joined;
  }
  Absent.insert(normalizedPath(Abs));
}

llvm::ErrorOr<llvm::vfs::Status> AbsentFileRecorder::status(const llvm::Twine &Path) {
  auto Result = ProxyFileSystem::status(Path);
  if (!Result)
    noteIfAbsent(Path, Result.getError());
  return Result;
}

llvm::ErrorOr<std::unique_ptr<llvm::vfs::File>>
AbsentFileRecorder::openFileForRead(const llvm::Twine &Path) {
  auto Result = ProxyFileSystem::openFileForRead(Path);
  if (!Result)
    noteIfAbsent(Path, Result.getError());
  return Result;
}

bool allStillAbsent(const std::vector<std::string> &Paths) {
  for (const std::string &P : Paths)
    if (llvm::sys::fs::exists(P))
      return false;
  return true;
}

} // namespace asyncguard
