// Fuzzes FactCache::load with the bytes as the entry of a real TU command:
// a CI cache is restored from wherever it was written, so any entry must be
// a hit with valid facts or a miss, never a crash.
#include "driver/FactCache.h"

#include "llvm/Support/FileSystem.h"
#include "llvm/Support/raw_ostream.h"

#include <cstdint>
#include <fstream>
#include <string>

using namespace asyncguard;

namespace {

struct Fixture {
  std::string Root;
  std::string Entry; ///< the file load() reads for Command
  TuCommand Command;
  std::optional<FactCache> Cache;

  Fixture() {
    llvm::SmallString<128> Dir;
    if (llvm::sys::fs::createUniqueDirectory("ag-cache-fuzz", Dir))
      __builtin_trap();
    Root = std::string(Dir);
    std::ofstream(Root + "/a.cpp") << "int main() {}\n";
    Command = {Root, Root + "/a.cpp", {"clang++", Root + "/a.cpp"}};
    Cache.emplace(Root + "/cache", "fuzz");
    TuFacts Facts;
    Facts.MainFile = Command.File;
    Cache->store(Command, Facts);
    std::error_code EC;
    for (llvm::sys::fs::directory_iterator It(Root + "/cache", EC), End; It != End && !EC;
         It.increment(EC))
      Entry = It->path();
    if (Entry.empty())
      __builtin_trap();
  }
};

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *Data, size_t Size) {
  static Fixture F;
  {
    std::error_code EC;
    llvm::raw_fd_ostream Out(F.Entry, EC);
    if (EC)
      __builtin_trap();
    Out.write(reinterpret_cast<const char *>(Data), Size);
  }
  std::optional<TuFacts> Hit = F.Cache->load(F.Command);
  if (Hit && Hit->MainFile != F.Command.File)
    __builtin_trap(); // a hit is always this TU's entry
  return 0;
}
