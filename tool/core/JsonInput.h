#pragma once
// JSON from files asyncguard does not control (config, baseline, facts,
// cache entries, LSP messages) goes through here before nlohmann parses it.
// nlohmann's parser recurses once per nesting level, so a document of
// ~70 000 '[' overflows the stack (SIGSEGV) before any schema check could
// run; the depth is therefore checked on the raw text first.

#include "llvm/Support/Error.h"

#include <nlohmann/json.hpp>
#include <string_view>

namespace asyncguard {

/// Deepest nesting of arrays and objects accepted in any input. The deepest
/// real document is a facts file (about 10 levels); a config's fix_style
/// template is 3.
inline constexpr unsigned MaxJsonNesting = 64;

/// Whether `Text` nests arrays and objects deeper than `Max`, counting the
/// brackets outside strings (and outside // and /* */ comments when
/// `AllowComments`, as configs allow them). Linear, no recursion; malformed
/// text is not an error here (the parser reports it).
bool jsonNestsDeeperThan(std::string_view Text, unsigned Max, bool AllowComments = false);

/// `Text` parsed with nlohmann (no exceptions) after the nesting check:
/// an error naming `Origin` for too deep or invalid JSON.
llvm::Expected<nlohmann::json> parseUntrustedJson(std::string_view Text, std::string_view Origin);

} // namespace asyncguard
