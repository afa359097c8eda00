// Fuzzes the writers' escaping: a Report built from fuzzed messages, paths
// and line text is rendered in every format; JSON and SARIF must parse back
// and GitHub workflow commands must stay one per line.
#include "report/Report.h"

#include <fuzzer/FuzzedDataProvider.h>
#include <nlohmann/json.hpp>

#include <cstdint>

using namespace asyncguard;

static SourceRange range(FuzzedDataProvider &P) {
  SourceRange R;
  R.File = P.ConsumeRandomLengthString(64);
  R.Begin.Line = P.ConsumeIntegral<unsigned>();
  R.Begin.Column = P.ConsumeIntegralInRange<unsigned>(0, 300);
  R.Begin.Offset = P.ConsumeIntegral<unsigned>();
  R.End.Line = P.ConsumeBool() ? R.Begin.Line : P.ConsumeIntegral<unsigned>();
  R.End.Column = P.ConsumeIntegralInRange<unsigned>(0, 300);
  R.End.Offset = P.ConsumeIntegral<unsigned>();
  R.LineText = P.ConsumeRandomLengthString(200);
  return R;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *Data, size_t Size) {
  FuzzedDataProvider P(Data, Size);
  Report R;
  R.SourceRoot = P.ConsumeBool() ? "/src" : P.ConsumeRandomLengthString(16);
  R.WorkingDir = P.ConsumeBool() ? R.SourceRoot : P.ConsumeRandomLengthString(16);
  R.IncludeSuppressed = P.ConsumeBool();
  R.ExitCode = P.ConsumeIntegralInRange<int>(0, 3);
  static const char *const Rules[] = {"blocking-sleep", "blocking-io", "lock-across-suspend"};
  for (unsigned N = P.ConsumeIntegralInRange<unsigned>(0, 4); N; --N) {
    Finding F;
    F.Rule = P.ConsumeBool() ? Rules[P.ConsumeIntegralInRange<size_t>(0, 2)]
                             : P.ConsumeRandomLengthString(16);
    F.Severity = P.ConsumeBool() ? Level::Error : Level::Warning;
    F.Range = range(P);
    F.Message = P.ConsumeRandomLengthString(100);
    F.Function = P.ConsumeRandomLengthString(32);
    F.Callee = P.ConsumeRandomLengthString(32);
    F.Advice = P.ConsumeRandomLengthString(64);
    F.Fingerprint = P.ConsumeRandomLengthString(16);
    if (P.ConsumeBool())
      F.Chain.push_back({range(P), P.ConsumeRandomLengthString(64)});
    if (P.ConsumeBool())
      F.Context.push_back({range(P), P.ConsumeRandomLengthString(64)});
    if (P.ConsumeBool()) {
      F.Fix.Description = P.ConsumeRandomLengthString(32);
      F.Fix.Edits.push_back({P.ConsumeRandomLengthString(32), P.ConsumeIntegral<unsigned>(),
                             P.ConsumeIntegral<unsigned>(), P.ConsumeRandomLengthString(64)});
    }
    F.Suppression = P.ConsumeBool() ? "" : P.ConsumeBool() ? "nolint" : "baseline";
    R.Findings.push_back(std::move(F));
  }
  if (P.ConsumeBool())
    R.Failures.push_back({P.ConsumeRandomLengthString(32), {P.ConsumeRandomLengthString(100)}});

  (void)renderText(R);
  std::string Github = renderGithub(R);
  // One workflow command per line: a message or path must not break out.
  size_t Lines = 0;
  for (size_t Start = 0; Start < Github.size(); ++Lines) {
    size_t End = Github.find('\n', Start);
    if (End == std::string::npos || Github.compare(Start, 2, "::") != 0)
      __builtin_trap();
    Start = End + 1;
  }
  if (Lines != R.visible().size() + R.Failures.size())
    __builtin_trap();
  for (const std::string &Out : {renderJson(R), renderSarif(R)})
    if (!nlohmann::json::accept(Out))
      __builtin_trap();
  return 0;
}
