#include "core/Files.h"
#include "core/Facts.h"

#include "clang/Basic/SourceManager.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/xxhash.h"

#include <cstdio>

namespace asyncguard {

std::string normalizedPath(llvm::StringRef Path) {
  llvm::SmallString<256> Out(Path);
  llvm::sys::fs::make_absolute(Out);
  llvm::sys::path::remove_dots(Out, /*remove_dot_dot=*/true);
  return std::string(Out);
}

std::string filePath(const clang::SourceManager &SM, clang::FileID File) {
  clang::OptionalFileEntryRef Entry = SM.getFileEntryRefForID(File);
  return Entry ? normalizedPath(Entry->getName()) : "<unknown>";
}

std::string contentHash(std::string_view Bytes) {
  char Buf[17];
  snprintf(Buf, sizeof Buf, "%016llx",
           static_cast<unsigned long long>(llvm::xxh3_64bits(llvm::StringRef(Bytes))));
  return Buf;
}

} // namespace asyncguard
