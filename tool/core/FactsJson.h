#pragma once
// The on-disk form of TuFacts: cache entries (driver/FactCache) and shard
// files (`check --facts-out`, read by `merge`). Both are data another party
// may have written (a CI cache restored from a pull request, a shard's
// artifact), so reading checks the format name and version, the exact
// schema and the ranges of positions before anything uses the facts.

#include "core/Facts.h"

#include "llvm/Support/Error.h"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace asyncguard {

/// Names the document kind; "format" in the file.
inline constexpr const char *FactsFormatName = "asyncguard-facts";
/// Bump when TuFacts' shape or meaning changes: files of another version
/// are refused by `merge` and are misses for the cache.
inline constexpr unsigned FactsFormatVersion = 3;
/// Largest line, column, byte offset or edit length a fact may hold: no
/// source file asyncguard reads is larger (limits::SourceFileBytes), and a
/// bound keeps a tampered file from making a report allocate gigabytes (a
/// 4-billion column) or an edit's offset + length wrap around.
inline constexpr uint64_t MaxSourcePosition = uint64_t(256) << 20;

/// {"format": FactsFormatName, "version": FactsFormatVersion, "facts": {...}}.
/// Invalid UTF-8 (in paths or line text) becomes U+FFFD when
/// `ReplaceInvalidUtf8`; otherwise such facts have no JSON form (nullopt).
std::optional<std::string> writeFactsJson(const TuFacts &Facts, bool ReplaceInvalidUtf8);

/// Facts from a document written by writeFactsJson of this version. Refused
/// with an error naming `Origin`: JSON nested too deep or invalid, another
/// format or version, a missing, renamed, extra or mistyped key anywhere
/// (`{}` included), a position above MaxSourcePosition, or a fix edit of a
/// file the TU did not read (not in its FileHashes).
llvm::Expected<TuFacts> readFactsJson(std::string_view Text, std::string_view Origin);

} // namespace asyncguard
