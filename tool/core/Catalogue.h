#pragma once
// The blocking-API catalogue: data from rules/catalogue/*.jsonc plus the
// user's config, looked up by fully qualified name.

#include "llvm/Support/Error.h"
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace asyncguard {

/// A condition on a call's arguments that decides whether it blocks.
struct ArgCondition {
  /// HasFlag, IsZero, RefersTo, ObjectIs: the argument's text or value.
  /// NumericHost: a numeric IP address literal (no DNS lookup).
  /// FieldHasFlag: the struct the argument points to has `Field` set to a
  ///   value naming `Flag` in the calling function (hints.ai_flags).
  /// NonBlockingFd: the descriptor argument was made non-blocking, or the
  ///   caller checks for EAGAIN/EINPROGRESS (core/CallEvidence.h).
  /// MinArgs: the call has at least `Count` explicit arguments.
  /// AnyOf: one of `Alternatives` holds.
  enum class Kind { HasFlag, IsZero, RefersTo, ObjectIs, NumericHost, FieldHasFlag, NonBlockingFd,
                    MinArgs, AnyOf };
  Kind K = Kind::HasFlag;
  int Arg = -1; ///< 0-based explicit argument; -1 for ObjectIs, MinArgs, AnyOf
  std::string Flag;
  std::string Field;
  unsigned Count = 0;
  std::vector<std::string> Names;
  std::vector<ArgCondition> Alternatives;
};

/// One blocking API.
struct CatalogueEntry {
  std::string Name; ///< qualified name without leading "::", or "*" (signature entry)
  std::string Rule;
  std::string Why;
  std::string Instead;
  std::string Fix = "offload"; ///< sleep_for, sleep_until, sleep_seconds, sleep_micros, await_arg, offload, none
  std::optional<ArgCondition> Unless; ///< does not block when this holds
  std::optional<ArgCondition> When;   ///< blocks only when this holds
  std::string Returns;                ///< signature entries: return type name
  std::string FirstParam;             ///< signature entries: first parameter's type name
  std::string Origin;                 ///< catalogue file or config that declared it
};

/// Normalizes "::sleep" and "sleep" to one key: no leading "::".
std::string_view canonicalName(std::string_view Name);

class Catalogue {
public:
  /// The catalogue compiled into the binary.
  static llvm::Expected<Catalogue> builtin();

  /// Parses one catalogue file (JSON with comments: an array of entries).
  llvm::Error addFile(std::string_view Origin, std::string_view Text);
  /// Adds or replaces an entry (config "blocking").
  void add(CatalogueEntry Entry);
  /// Marks a name as never blocking (config "non_blocking"); wins over
  /// entries. "ns::*" marks everything in ns that has no entry of its own.
  void markNonBlocking(std::string_view Name);

  /// The entry for a qualified name, or null.
  const CatalogueEntry *lookup(std::string_view QualifiedName) const;
  bool isNonBlocking(std::string_view QualifiedName) const;
  const std::vector<CatalogueEntry> &signatureEntries() const { return Signatures; }
  size_t size() const { return ByName.size() + Signatures.size(); }

  /// Parses one entry object; exposed for config loading.
  static llvm::Expected<CatalogueEntry> parseEntry(const void *JsonObject,
                                                   std::string_view Origin);

private:
  std::map<std::string, CatalogueEntry, std::less<>> ByName;
  std::vector<CatalogueEntry> Signatures;
  std::map<std::string, bool, std::less<>> NonBlocking;
};

/// True if `Rule` is one of the rule ids a catalogue entry may name.
bool isCatalogueRule(std::string_view Rule);

} // namespace asyncguard
