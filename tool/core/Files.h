#pragma once
// File identity shared by locations, fixes, the cache and the CLI: one
// spelling of a path and one content hash, so that an edit's file always
// matches the finding's and the cache's.

#include "clang/Basic/SourceLocation.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"
#include "llvm/Support/MemoryBuffer.h"

#include <cstdint>
#include <memory>
#include <string>
#include <system_error>

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

/// Size limits of what asyncguard reads (docs/security.md, "Bounded
/// inputs"): far above real files of each kind, far below what would
/// exhaust memory.
namespace limits {
/// A source file or header; the largest generated sources (amalgamations,
/// embedded data) are tens of MiB.
inline constexpr uint64_t SourceFileBytes = uint64_t(256) << 20;
/// compile_commands.json: about 2 KiB per TU, so 1 GiB is 500 000 TUs.
inline constexpr uint64_t DatabaseBytes = uint64_t(1) << 30;
inline constexpr uint64_t ConfigBytes = uint64_t(16) << 20;
inline constexpr uint64_t BaselineBytes = uint64_t(256) << 20;
/// One TU's facts (a cache entry or a shard's facts file).
inline constexpr uint64_t FactsBytes = uint64_t(256) << 20;
} // namespace limits

/// Why a file is not read: the std::error_code form of the errors of
/// readBoundedRegularFile, for interfaces that only carry an error_code
/// (llvm::vfs::FileSystem, so Clang prints the message on the TU).
enum class FileRefusal { NotRegular = 1, TooLarge };
std::error_code make_error_code(FileRefusal Refusal);

/// The contents of `Path` (symlinks followed) if it is a regular file of at
/// most `MaxBytes`. A FIFO, device, socket or directory is refused without
/// being opened for reading (opening a FIFO blocks; /dev/stdin is the
/// tool's own input; /dev/zero never ends). `What` names the file in the
/// error ("config", "baseline").
llvm::Expected<std::unique_ptr<llvm::MemoryBuffer>>
readBoundedRegularFile(llvm::StringRef Path, uint64_t MaxBytes, llvm::StringRef What);

} // namespace asyncguard

template <> struct std::is_error_code_enum<asyncguard::FileRefusal> : std::true_type {};
