#include "driver/FactCache.h"
#include "core/FactsJson.h"
#include "core/Files.h"
#include "driver/AbsentFiles.h"

#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Process.h"
#include "llvm/Support/raw_ostream.h"

namespace asyncguard {

FactCache::FactCache(std::string Dir, std::string Salt)
    : Dir(std::move(Dir)),
      Salt(contentHash(std::to_string(FactsFormatVersion) + AG_VERSION + Salt)) {}

std::string FactCache::defaultDir() {
  if (auto Xdg = llvm::sys::Process::GetEnv("XDG_CACHE_HOME"); Xdg && !Xdg->empty())
    return *Xdg + "/asyncguard";
  if (auto Home = llvm::sys::Process::GetEnv("HOME"); Home && !Home->empty())
    return *Home + "/.cache/asyncguard";
  return ".asyncguard-cache";
}

static std::optional<std::string> hashOfFile(const std::string &Path) {
  auto Buffer = readBoundedRegularFile(Path, limits::SourceFileBytes, "source");
  if (!Buffer) {
    llvm::consumeError(Buffer.takeError()); // not cacheable; the parse reports it
    return std::nullopt;
  }
  return contentHash((*Buffer)->getBuffer());
}

std::string FactCache::keyFor(const TuCommand &Command) const {
  std::string Key = Salt + "\n" + Command.Directory + "\n" + Command.File + "\n";
  for (const std::string &A : Command.Arguments)
    Key += A + "\n";
  Key += hashOfFile(Command.File).value_or("missing");
  // Clang's driver adds these to the include search path (before the
  // system directories); a change moves which header an include finds.
  for (const char *Var : {"CPATH", "C_INCLUDE_PATH", "CPLUS_INCLUDE_PATH", "OBJC_INCLUDE_PATH",
                          "OBJCPLUS_INCLUDE_PATH"})
    Key += std::string("\n") + Var + "=" + llvm::sys::Process::GetEnv(Var).value_or("<unset>");
  return contentHash(Key);
}

std::optional<TuFacts> FactCache::load(const TuCommand &Command) const {
  auto Buffer =
      readBoundedRegularFile(Dir + "/" + keyFor(Command) + ".json", limits::FactsBytes, "cache entry");
  if (!Buffer) {
    llvm::consumeError(Buffer.takeError()); // absent or unusable: a miss
    return std::nullopt;
  }
  // The cache directory may be restored from a CI cache another job wrote:
  // an entry is data to validate (schema, version, ranges, edits only of
  // files the TU read), and anything that fails is a miss, never an error.
  auto Facts = readFactsJson((*Buffer)->getBuffer(), "cache entry");
  if (!Facts) {
    llvm::consumeError(Facts.takeError());
    return std::nullopt;
  }
  if (Facts->MainFile != Command.File)
    return std::nullopt;
  for (const auto &[Path, Hash] : Facts->FileHashes)
    if (hashOfFile(Path) != Hash)
      return std::nullopt;
  if (!allStillAbsent(Facts->AbsentFiles))
    return std::nullopt;
  return std::move(*Facts);
}

void FactCache::store(const TuCommand &Command, const TuFacts &Facts) const {
  // Facts with non-UTF-8 paths or line text have no JSON form (nlohmann
  // throws); such a TU is parsed again next time.
  std::optional<std::string> Json = writeFactsJson(Facts, /*ReplaceInvalidUtf8=*/false);
  if (!Json)
    return;
  const std::string &Text = *Json;
  if (llvm::sys::fs::create_directories(Dir))
    return; // an unwritable cache only costs speed
  std::string Final = Dir + "/" + keyFor(Command) + ".json";
  llvm::SmallString<256> Temp;
  int Fd = -1;
  if (WritesFailed || llvm::sys::fs::createUniqueFile(Final + ".tmp-%%%%%%", Fd, Temp))
    return;
  llvm::raw_fd_ostream OS(Fd, /*shouldClose=*/true);
  OS << Text;
  OS.close();
  if (std::error_code Error = OS.error()) {
    // Cleared, or the stream's destructor aborts the whole run with
    // "LLVM ERROR: IO failure on output stream".
    OS.clear_error();
    llvm::sys::fs::remove(Temp);
    if (!WritesFailed.exchange(true))
      llvm::errs() << "asyncguard: warning: cannot write to the cache in '" << Dir
                   << "': " << Error.message() << "; going on without caching\n";
    return;
  }
  if (llvm::sys::fs::rename(Temp, Final))
    llvm::sys::fs::remove(Temp);
}

} // namespace asyncguard
