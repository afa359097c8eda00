#include "core/Files.h"
#include "core/Facts.h"

#include "clang/Basic/FileManager.h"
#include "clang/Basic/SourceManager.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/xxhash.h"

#include <cstdio>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace asyncguard {

std::string normalizedPath(llvm::StringRef Path) {
  llvm::SmallString<256> Out(Path);
  llvm::sys::fs::make_absolute(Out);
  llvm::sys::path::remove_dots(Out, /*remove_dot_dot=*/true);
  return std::string(Out);
}

std::string filePath(const clang::SourceManager &SM, clang::FileID File) {
  clang::OptionalFileEntryRef Entry = SM.getFileEntryRefForID(File);
  if (!Entry)
    return "<unknown>";
  // A header found through a relative -I is named relative to the TU's
  // directory (the FileManager's working directory), not the tool's.
  llvm::SmallString<256> Path(Entry->getName());
  SM.getFileManager().makeAbsolutePath(Path);
  return normalizedPath(Path);
}

std::string contentHash(std::string_view Bytes) {
  char Buf[17];
  snprintf(Buf, sizeof Buf, "%016llx",
           static_cast<unsigned long long>(llvm::xxh3_64bits(llvm::StringRef(Bytes))));
  return Buf;
}

namespace {

class FileRefusalCategory : public std::error_category {
public:
  const char *name() const noexcept override { return "asyncguard-file"; }
  std::string message(int Code) const override {
    switch (static_cast<FileRefusal>(Code)) {
    case FileRefusal::NotRegular:
      return "not a regular file (FIFOs, devices and sockets are never read)";
    case FileRefusal::TooLarge:
      return "file too large (over " + std::to_string(limits::SourceFileBytes >> 20) +
             " MiB)";
    }
    return "file refused";
  }
};

std::string fileTypeName(mode_t Mode) {
  if (S_ISDIR(Mode))
    return "a directory";
  if (S_ISFIFO(Mode))
    return "a FIFO";
  if (S_ISCHR(Mode) || S_ISBLK(Mode))
    return "a device";
  if (S_ISSOCK(Mode))
    return "a socket";
  return "not a regular file";
}

} // namespace

std::error_code make_error_code(FileRefusal Refusal) {
  static const FileRefusalCategory Category;
  return {static_cast<int>(Refusal), Category};
}

llvm::Expected<std::unique_ptr<llvm::MemoryBuffer>>
readBoundedRegularFile(llvm::StringRef Path, uint64_t MaxBytes, llvm::StringRef What) {
  auto Fail = [&](const std::string &Why) {
    return llvm::createStringError(llvm::inconvertibleErrorCode(), "cannot read %s '%s': %s",
                                   What.str().c_str(), Path.str().c_str(), Why.c_str());
  };
  std::string PathString = Path.str();
  // stat before open: opening a FIFO for reading blocks until a writer comes.
  struct stat Before;
  if (::stat(PathString.c_str(), &Before) != 0)
    return Fail(std::error_code(errno, std::generic_category()).message());
  if (!S_ISREG(Before.st_mode))
    return Fail("it is " + fileTypeName(Before.st_mode) + ", not a regular file");
  // O_NONBLOCK: should the path have become a FIFO since the stat, the open
  // still returns, and the fstat below refuses it.
  int Fd = ::open(PathString.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK);
  if (Fd < 0)
    return Fail(std::error_code(errno, std::generic_category()).message());
  struct stat Opened;
  if (::fstat(Fd, &Opened) != 0 || !S_ISREG(Opened.st_mode)) {
    ::close(Fd);
    return Fail("it is not a regular file");
  }
  if (static_cast<uint64_t>(Opened.st_size) > MaxBytes) {
    ::close(Fd);
    return Fail("it is " + std::to_string(Opened.st_size) + " bytes, over the limit of " +
                std::to_string(MaxBytes) + " bytes");
  }
  auto Buffer = llvm::MemoryBuffer::getOpenFile(Fd, Path, Opened.st_size,
                                                /*RequiresNullTerminator=*/false);
  ::close(Fd);
  if (!Buffer)
    return Fail(Buffer.getError().message());
  return std::move(*Buffer);
}

} // namespace asyncguard
