// Fuzzes the .asyncguard.json loader: any bytes must give a Config or an
// error naming the origin, never a crash or a hang.
#include "core/Catalogue.h"
#include "core/Config.h"

#include <cstdint>
#include <string_view>

using namespace asyncguard;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *Data, size_t Size) {
  std::string_view Text(reinterpret_cast<const char *>(Data), Size);
  llvm::Expected<Config> C = parseConfig(Text, ".asyncguard.json");
  if (!C) {
    std::string Message = llvm::toString(C.takeError());
    if (!std::string_view(Message).starts_with(".asyncguard.json"))
      __builtin_trap();
    return 0;
  }
  // Use what was parsed as the analyzer does.
  for (std::string_view Id : {"blocking-sleep", "blocking-io", "lock-across-suspend"})
    (void)C->isEnabled(Id);
  static Catalogue Builtin = llvm::cantFail(Catalogue::builtin());
  Catalogue Cat = Builtin;
  C->extend(Cat);
  return 0;
}
