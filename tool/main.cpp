// asyncguard: parse the command line, run a command, exit with its code.

#include "cli/Commands.h"

#include "llvm/Support/CrashRecoveryContext.h"
#include "llvm/Support/InitLLVM.h"

int main(int Argc, const char **Argv) {
  llvm::InitLLVM Init(Argc, Argv);
  llvm::CrashRecoveryContext::Enable();
  return asyncguard::runCommandLine(Argc, Argv);
}
