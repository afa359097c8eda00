// Fuzzes the NOLINT parser: a source text and a rule id to query.
#include "core/Suppression.h"

#include <cstdint>
#include <string_view>

using namespace asyncguard;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *Data, size_t Size) {
  std::string_view Text(reinterpret_cast<const char *>(Data), Size);
  NolintIndex Index(Text);
  unsigned Lines = 1;
  for (char C : Text)
    Lines += C == '\n';
  for (unsigned Line = 0; Line <= Lines + 1; ++Line) {
    std::vector<std::string> Patterns = Index.patternsForLine(Line);
    for (std::string_view Id : {"blocking-sleep", "lock-across-suspend", ""})
      (void)isSuppressed(Patterns, Id);
  }
  return 0;
}
