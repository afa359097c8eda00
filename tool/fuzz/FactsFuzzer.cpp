// Fuzzes the facts reader that `merge` (shard files) and the cache (entries)
// use: any bytes give facts or one error naming the origin, never a crash,
// a hang or an allocation the size of a tampered number. Accepted facts
// must survive a write/read round trip and the project summary.
#include "core/Config.h"
#include "core/FactsJson.h"
#include "core/Project.h"

#include <cstdint>
#include <string_view>

using namespace asyncguard;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *Data, size_t Size) {
  std::string_view Text(reinterpret_cast<const char *>(Data), Size);
  llvm::Expected<TuFacts> Facts = readFactsJson(Text, "facts.json");
  if (!Facts) {
    if (!std::string_view(llvm::toString(Facts.takeError())).starts_with("facts.json: "))
      __builtin_trap();
    return 0;
  }
  std::optional<std::string> Again = writeFactsJson(*Facts, /*ReplaceInvalidUtf8=*/false);
  if (!Again || !readFactsJson(*Again, "again"))
    __builtin_trap(); // what was accepted must be written and read back
  static Config Defaults;
  ProjectSummary Summary;
  Summary.add(*Facts);
  ProjectOptions Options;
  Options.Settings = &Defaults;
  (void)Summary.findings(Options);
  return 0;
}
