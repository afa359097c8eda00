#pragma once
// Findings in LSP terms: diagnostics (push and pull) and code actions.

#include "core/Finding.h"
#include "lsp/Positions.h"

#include <nlohmann/json.hpp>

#include <functional>
#include <map>
#include <optional>
#include <string>

namespace asyncguard::lsp {

/// File texts for converting byte offsets: open buffers first, then the
/// disk (read once per instance). Used by one thread at a time.
class TextCache {
public:
  /// Returns the open buffer of a path, or nullptr.
  using OpenLookup = std::function<const std::string *(const std::string &Path)>;
  explicit TextCache(OpenLookup Open) : Open(std::move(Open)) {}
  /// The file's text, or nullptr if it is neither open nor readable.
  const std::string *get(const std::string &Path);

private:
  OpenLookup Open;
  std::map<std::string, std::optional<std::string>> Disk;
};

/// An asyncguard range as an LSP range: Begin from the finding's line text,
/// End from the file's text when it is on another line.
nlohmann::json toLspRange(const SourceRange &R, TextCache &Texts);

/// One LSP diagnostic: range, severity, code, codeDescription, source,
/// message (with the advice), relatedInformation (context and chain notes).
nlohmann::json toDiagnostic(const Finding &F, TextCache &Texts);

/// Why a document has no findings: its TU did not parse.
struct AnalysisFailure {
  std::string FirstError; ///< clang's first error, "file:line:col: error: ..." + source
  std::string Directory;  ///< the TU's working directory (relative file names)
};

/// A diagnostic on `Path` saying that asyncguard could not analyse it, with
/// clang's first error: at that error when it is in `Path`, else on the
/// first line. Without it a broken buffer (say, a quick fix whose include
/// is not on the include path) would look clean.
nlohmann::json failureDiagnostic(const std::string &Path, const AnalysisFailure &Failure,
                                 TextCache &Texts);

/// True if `Text` is the buffer the finding was computed from (its line
/// text and offsets still agree), so byte offsets in its fix apply to it.
bool findingMatchesText(const Finding &F, std::string_view Text);

/// Code actions for the findings of `Path` that overlap [Begin, End]: the
/// finding's fix (when it has one and the buffer still matches) and a
/// NOLINT suppression. `Only` filters by code action kind (empty: all).
nlohmann::json codeActions(const std::vector<Finding> &Findings, const std::string &Path,
                           Position Begin, Position End, const std::vector<std::string> &Only,
                           TextCache &Texts);

} // namespace asyncguard::lsp
