#include "driver/FactCache.h"
#include "core/Files.h"

#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Process.h"
#include "llvm/Support/raw_ostream.h"

namespace asyncguard {

/// Bump when the facts' shape or meaning changes.
static constexpr const char *FactsSchema = "facts-v2";

FactCache::FactCache(std::string Dir, std::string Salt)
    : Dir(std::move(Dir)), Salt(contentHash(std::string(FactsSchema) + AG_VERSION + Salt)) {}

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
  return contentHash(Key);
}

std::optional<TuFacts> FactCache::load(const TuCommand &Command) const {
  auto Buffer =
      readBoundedRegularFile(Dir + "/" + keyFor(Command) + ".json", limits::FactsBytes, "cache entry");
  if (!Buffer) {
    llvm::consumeError(Buffer.takeError()); // absent or unusable: a miss
    return std::nullopt;
  }
  nlohmann::json J = nlohmann::json::parse((*Buffer)->getBuffer(), nullptr, false);
  if (J.is_discarded())
    return std::nullopt;
  TuFacts Facts;
  try {
    Facts = J.get<TuFacts>();
  } catch (const nlohmann::json::exception &) {
    return std::nullopt; // an entry from another version: a miss, not an error
  }
  for (const auto &[Path, Hash] : Facts.FileHashes)
    if (hashOfFile(Path) != Hash)
      return std::nullopt;
  return Facts;
}

void FactCache::store(const TuCommand &Command, const TuFacts &Facts) const {
  // Facts with non-UTF-8 paths or line text have no JSON form (nlohmann
  // throws); such a TU is parsed again next time.
  std::string Text;
  try {
    Text = nlohmann::json(Facts).dump();
  } catch (const nlohmann::json::type_error &) {
    return;
  }
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
