// Fuzzes the baseline reader (--baseline, and --write-baseline's previous
// file): any bytes give entries or one error, never an uncaught exception
// (a number where a string belongs was exit 134) or a stack overflow.
#include "report/Baseline.h"

#include "llvm/Support/FileSystem.h"
#include "llvm/Support/raw_ostream.h"

#include <cstdint>
#include <string>

using namespace asyncguard;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *Data, size_t Size) {
  // readBaseline reads a path (through the bounded regular-file reader).
  static const std::string Path = [] {
    llvm::SmallString<128> P;
    llvm::sys::fs::createTemporaryFile("ag-baseline-fuzz", "json", P);
    return std::string(P);
  }();
  {
    std::error_code EC;
    llvm::raw_fd_ostream Out(Path, EC);
    if (EC)
      __builtin_trap();
    Out.write(reinterpret_cast<const char *>(Data), Size);
  }
  auto Entries = readBaseline(Path);
  if (!Entries) {
    llvm::consumeError(Entries.takeError());
    return 0;
  }
  std::vector<Finding> None;
  (void)applyBaseline(*Entries, None, {"a.cpp"}, "/");
  return 0;
}
