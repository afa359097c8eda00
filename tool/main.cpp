// asyncguard: parse the command line, run a command, exit with its code.

#include "cli/Commands.h"
#include "driver/CrashIsolation.h"

#include "llvm/Support/InitLLVM.h"

int main(int Argc, const char **Argv) {
  llvm::InitLLVM Init(Argc, Argv);
  asyncguard::enableCrashRecovery();
  return asyncguard::runCommandLine(Argc, Argv);
}
