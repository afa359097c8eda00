// Fuzzes the compile-database reader: the input is written as
// compile_commands.json in a temporary directory, selected as the analyzer
// does with no paths, and every command adjusted for Clang.
#include "driver/CompileDb.h"

#include "llvm/Support/FileSystem.h"
#include "llvm/Support/raw_ostream.h"

#include <cstdint>
#include <string>

using namespace asyncguard;

static const std::string &tempDir() {
  static const std::string Dir = [] {
    llvm::SmallString<128> Path;
    if (llvm::sys::fs::createUniqueDirectory("ag-fuzz-db", Path))
      __builtin_trap();
    return std::string(Path);
  }();
  return Dir;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *Data, size_t Size) {
  const std::string &Dir = tempDir();
  {
    std::error_code EC;
    llvm::raw_fd_ostream OS(Dir + "/compile_commands.json", EC);
    if (EC)
      __builtin_trap();
    OS.write(reinterpret_cast<const char *>(Data), Size);
  }
  SelectionRequest Request;
  Request.BuildDir = Dir;
  llvm::Expected<TuSelection> Selection = selectTus(Request);
  if (!Selection) {
    llvm::consumeError(Selection.takeError());
    return 0;
  }
  for (const TuCommand &Cmd : Selection->Commands) {
    std::vector<std::string> Dropped;
    std::vector<std::string> Args = adjustArguments(Cmd.Arguments, Dropped, flagContext(Cmd));
    (void)Args;
  }
  return 0;
}
