#include "core/Project.h"
#include "report/Report.h"

#include <nlohmann/json.hpp>

using nlohmann::json;

namespace asyncguard {

static json jsonRange(const Report &R, const SourceRange &Range) {
  return {{"file", R.displayPath(Range.File)},
          {"line", Range.Begin.Line},
          {"column", Range.Begin.Column},
          {"end_line", Range.End.Line},
          {"end_column", Range.End.Column},
          {"offset", Range.Begin.Offset},
          {"length", Range.End.Offset - Range.Begin.Offset}};
}

static json jsonNote(const Report &R, const Note &N) {
  json J = jsonRange(R, N.Range);
  J["message"] = N.Message;
  return J;
}

std::string renderJson(const Report &R) {
  json Findings = json::array();
  for (const Finding *F : R.visible()) {
    json J = jsonRange(R, F->Range);
    J["rule"] = F->Rule;
    J["level"] = std::string(levelName(F->Severity));
    J["message"] = F->Message;
    J["function"] = F->Function;
    J["callee"] = F->Callee;
    J["advice"] = F->Advice;
    J["fingerprint"] = F->Fingerprint;
    J["chain"] = json::array();
    for (const Note &N : F->Chain)
      J["chain"].push_back(jsonNote(R, N));
    J["context"] = json::array();
    for (const Note &N : F->Context)
      J["context"].push_back(jsonNote(R, N));
    if (!F->Fix.empty()) {
      json Edits = json::array();
      for (const Edit &E : F->Fix.Edits)
        Edits.push_back({{"file", R.displayPath(E.File)},
                         {"offset", E.Offset},
                         {"length", E.Length},
                         {"replacement", E.Replacement}});
      J["fix"] = {{"description", F->Fix.Description}, {"edits", Edits}};
    } else {
      J["fix"] = nullptr;
      J["no_fix_reason"] = F->Fix.NoFixReason;
    }
    if (!F->Suppression.empty())
      J["suppressed"] = F->Suppression;
    Findings.push_back(std::move(J));
  }
  json Failures = json::array();
  for (const TuFailure &Failure : R.Failures)
    Failures.push_back({{"file", R.displayPath(Failure.File)}, {"errors", Failure.Errors}});
  // Every "file" is relative to source_root (absolute when outside it).
  json Doc = {{"tool", "asyncguard"},
              {"version", AG_VERSION},
              {"source_root", R.SourceRoot},
              {"findings", Findings},
              {"failures", Failures},
              {"exit_code", R.ExitCode}};
  // Source text and paths need not be UTF-8: invalid bytes become U+FFFD
  // instead of an exception.
  return Doc.dump(2, ' ', false, json::error_handler_t::replace) + "\n";
}

} // namespace asyncguard
