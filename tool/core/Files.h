#pragma once
// File identity shared by locations, fixes, the cache and the CLI: one
// spelling of a path and one content hash, so that an edit's file always
// matches the finding's and the cache's.

#include "clang/Basic/SourceLocation.h"
#include "llvm/ADT/StringRef.h"

#include <string>

namespace clang {
class SourceManager;
}

namespace asyncguard {

/// `Path` made absolute (against the current directory) with "." and ".."
/// removed lexically.
std::string normalizedPath(llvm::StringRef Path);

/// The normalized path of a file of a TU, or "<unknown>" for a buffer
/// without a file.
std::string filePath(const clang::SourceManager &SM, clang::FileID File);

} // namespace asyncguard
