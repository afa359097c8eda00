#include "driver/TuRunner.h"
#include "driver/AbsentFiles.h"
#include "driver/CrashIsolation.h"
#include "core/Files.h"

#include "clang/Basic/Diagnostic.h"
#include "clang/Basic/SourceManager.h"
#include "clang/Frontend/FrontendAction.h"
#include "clang/Tooling/Tooling.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/VirtualFileSystem.h"

namespace asyncguard {
namespace {

/// Keeps Clang's errors, rendered as Clang renders them (location, message,
/// source line, caret), and drops everything else: warnings are not ours.
class ErrorCollector : public clang::DiagnosticConsumer {
public:
  explicit ErrorCollector(std::vector<ParseError> &Out) : Out(Out) {}

  void HandleDiagnostic(clang::DiagnosticsEngine::Level Level,
                        const clang::Diagnostic &Info) override {
    DiagnosticConsumer::HandleDiagnostic(Level, Info);
    if (Level < clang::DiagnosticsEngine::Error)
      return;
    llvm::SmallString<256> Message;
    Info.FormatDiagnostic(Message);
    std::string Text;
    if (Info.hasSourceManager() && Info.getLocation().isValid()) {
      const clang::SourceManager &SM = Info.getSourceManager();
      clang::SourceLocation Loc = SM.getExpansionLoc(Info.getLocation());
      clang::PresumedLoc P = SM.getPresumedLoc(Loc);
      if (P.isValid()) {
        Text = std::string(P.getFilename()) + ":" + std::to_string(P.getLine()) + ":" +
               std::to_string(P.getColumn()) + ": ";
        Text += Level == clang::DiagnosticsEngine::Fatal ? "fatal error: " : "error: ";
        Text += std::string(Message);
        bool Invalid = false;
        llvm::StringRef Buffer = SM.getBufferData(SM.getFileID(Loc), &Invalid);
        if (!Invalid) {
          unsigned Offset = SM.getFileOffset(Loc);
          size_t Start = Buffer.rfind('\n', Offset == 0 ? 0 : Offset - 1);
          Start = Start == llvm::StringRef::npos || Offset == 0 ? 0 : Start + 1;
          llvm::StringRef Line = Buffer.slice(Start, Buffer.find('\n', Start)).rtrim("\r");
          Text += "\n" + Line.str() + "\n" + std::string(P.getColumn() - 1, ' ') + "^";
        }
      }
    }
    if (Text.empty())
      Text = "error: " + std::string(Message);
    Out.push_back({std::move(Text)});
  }

private:
  std::vector<ParseError> &Out;
};

/// The file system Clang reads sources and headers through: only regular
/// files of at most limits::SourceFileBytes are opened, so `#include
/// "/dev/stdin"` cannot swallow the tool's (or the LSP's) input, a FIFO
/// cannot block the parse and /dev/zero cannot fill memory. The refusal is a
/// file error, which Clang reports on the TU like any unreadable file.
class RegularFilesOnly : public llvm::vfs::ProxyFileSystem {
public:
  using ProxyFileSystem::ProxyFileSystem;

  llvm::ErrorOr<std::unique_ptr<llvm::vfs::File>>
  openFileForRead(const llvm::Twine &Path) override {
    // Status before open: opening a FIFO for reading blocks.
    llvm::ErrorOr<llvm::vfs::Status> Status = getUnderlyingFS().status(Path);
    if (!Status)
      return Status.getError();
    if (Status->getType() != llvm::sys::fs::file_type::regular_file)
      return make_error_code(FileRefusal::NotRegular);
    if (Status->getSize() > limits::SourceFileBytes)
      return make_error_code(FileRefusal::TooLarge);
    return getUnderlyingFS().openFileForRead(Path);
  }
};

class CollectAction : public clang::ASTFrontendAction {
public:
  CollectAction(const CollectorOptions &Options, TuFacts &Out) : Options(Options), Out(Out) {}

protected:
  std::unique_ptr<clang::ASTConsumer> CreateASTConsumer(clang::CompilerInstance &,
                                                        llvm::StringRef) override {
    return makeFactCollector(Options, Out);
  }

private:
  const CollectorOptions &Options;
  TuFacts &Out;
};

} // namespace

TuFacts analyzeTu(const TuCommand &Command, const CollectorOptions &Options,
                  const FileOverlay &Overlay) {
  TuFacts Facts;
  Facts.MainFile = Command.File;
  std::vector<std::string> Args = adjustArguments(Command.Arguments, Facts.DroppedFlags, flagContext(Command));
  if (Args.empty()) {
    Facts.Errors.push_back({Command.File + ": error: the compile database gives no command "
                                           "line for this file"});
    Facts.Failed = true;
    return Facts;
  }

  auto Physical = llvm::vfs::createPhysicalFileSystem();
  Physical->setCurrentWorkingDirectory(Command.Directory);
  auto Recorder =
      llvm::makeIntrusiveRefCnt<AbsentFileRecorder>(std::move(Physical), Command.Directory);
  auto FS = llvm::makeIntrusiveRefCnt<llvm::vfs::OverlayFileSystem>(Recorder);
  if (!Overlay.empty()) {
    auto Memory = llvm::makeIntrusiveRefCnt<llvm::vfs::InMemoryFileSystem>();
    for (const auto &[Path, Contents] : Overlay)
      Memory->addFile(Path, 0, llvm::MemoryBuffer::getMemBufferCopy(Contents, Path));
    FS->pushOverlay(std::move(Memory));
  }
  clang::FileSystemOptions FileOptions;
  FileOptions.WorkingDir = Command.Directory;
  auto Files = llvm::makeIntrusiveRefCnt<clang::FileManager>(
      FileOptions, llvm::makeIntrusiveRefCnt<RegularFilesOnly>(std::move(FS)));

  ErrorCollector Errors(Facts.Errors);
  clang::tooling::ToolInvocation Invocation(
      Args, std::make_unique<CollectAction>(Options, Facts), Files.get());
  Invocation.setDiagnosticConsumer(&Errors);

  bool Ok = false;
  if (!runIsolated([&] { Ok = Invocation.run(); })) {
    Facts.Errors.push_back({Command.File + ": error: clang crashed while parsing this file; "
                                           "its findings are missing"});
    Facts.Crashed = true;
    Ok = false;
  }
  Facts.Failed = !Ok || Errors.getNumErrors() > 0;
  Facts.AbsentFiles.assign(Recorder->absent().begin(), Recorder->absent().end());
  if (Facts.Failed && Facts.Errors.empty())
    Facts.Errors.push_back({Command.File + ": error: clang could not parse this file"});
  return Facts;
}

} // namespace asyncguard
