// The analysis thread of the language server: debounced re-analysis of open
// buffers (newest edits first), files changed on disk, and the background
// index of the compile database that gives cross-TU (transitive) findings.

#include "lsp/Diagnostics.h"
#include "lsp/LspServer.h"

#include "llvm/Support/FileSystem.h"

namespace asyncguard::lsp {

using nlohmann::json;

/// How many background TUs are parsed between two publications: the
/// project merge costs time, and diagnostics should not flicker.
static constexpr size_t IndexPublishEvery = 8;

FileOverlay LspServer::overlayLocked() const {
  FileOverlay Overlay;
  for (const auto &[Path, D] : Docs)
    Overlay[Path] = D.Text;
  return Overlay;
}

json LspServer::diagnosticsLocked(const std::string &Path, TextCache &Texts) const {
  json Items = json::array();
  if (auto Failed = Failures.find(Path); Failed != Failures.end())
    Items.push_back(failureDiagnostic(Path, Failed->second, Texts));
  auto It = FindingsByFile.find(Path);
  if (It == FindingsByFile.end())
    return Items;
  for (const Finding &F : It->second)
    Items.push_back(toDiagnostic(F, Texts));
  return Items;
}

void LspServer::answerPullsLocked() {
  TextCache Texts([&](const std::string &P) -> const std::string * {
    auto D = Docs.find(P);
    return D == Docs.end() ? nullptr : &D->second.Text;
  });
  for (auto P = Pulls.begin(); P != Pulls.end();) {
    auto D = Docs.find(P->Path);
    bool Ready = D == Docs.end() || (!D->second.Dirty && InFlight != P->Path);
    if (!Ready || NeedReconfigure) {
      ++P;
      continue;
    }
    reply(P->Id, {{"kind", "full"}, {"items", diagnosticsLocked(P->Path, Texts)}});
    P = Pulls.erase(P);
  }
}

void LspServer::mergeAndPublishLocked() {
  TextCache Texts([&](const std::string &P) -> const std::string * {
    auto D = Docs.find(P);
    return D == Docs.end() ? nullptr : &D->second.Text;
  });
  bool Changed = false;
  for (const auto &[Path, D] : Docs) {
    // A buffer edited since its analysis started gets its own, newer one;
    // publishing now would show ranges from the older text.
    if (D.Dirty || InFlight == Path)
      continue;
    json Items = diagnosticsLocked(Path, Texts);
    // Republished for a new version even when equal: the client learns that
    // they hold for its latest text.
    json Published = {{"uri", D.Uri}, {"version", D.Version}, {"diagnostics", std::move(Items)}};
    auto Last = LastPublished.find(Path);
    if (Last != LastPublished.end() && Last->second == Published)
      continue;
    Changed = Changed || Last == LastPublished.end() ||
              Last->second["diagnostics"] != Published["diagnostics"];
    if (!ClientPull)
      notify("textDocument/publishDiagnostics", Published);
    LastPublished[Path] = std::move(Published);
  }
  answerPullsLocked();
  if (Changed && ClientPull && ClientRefresh)
    request("workspace/diagnostic/refresh", nullptr);
}

void LspServer::progress(const std::string &Kind, const std::string &Message, int Percent) {
  if (!ClientProgress)
    return;
  if (Kind == "begin") {
    ProgressToken = "asyncguard-index-" + std::to_string(NextRequestId.load());
    // The message thread matches the client's answer against this id only
    // once StateLock is released, so it is set in time.
    ProgressCreateId = request("window/workDoneProgress/create", {{"token", ProgressToken}});
    ProgressCreated = ProgressBegun = false;
    ProgressActive = true;
    ProgressEnd.reset();
    return;
  }
  if (!ProgressActive)
    return;
  if (!ProgressCreated) {
    // The spec's order: nothing on a token before the client created it.
    // An end that comes first is sent when the answer arrives.
    if (Kind == "end")
      ProgressEnd = Message;
    return;
  }
  sendProgressLocked(Kind, Message, Percent);
}

void LspServer::sendProgressLocked(const std::string &Kind, const std::string &Message,
                                   int Percent) {
  auto Send = [&](json Value) {
    notify("$/progress", {{"token", ProgressToken}, {"value", std::move(Value)}});
  };
  if (!ProgressBegun) {
    Send({{"kind", "begin"},
          {"title", "asyncguard"},
          {"message", "analysing " + std::to_string(IndexTotal) + " files"},
          {"cancellable", false},
          {"percentage", 0}});
    ProgressBegun = true;
  }
  if (Kind == "end") {
    Send({{"kind", "end"}, {"message", Message}});
    ProgressActive = false;
    return;
  }
  Send({{"kind", "report"}, {"message", Message}, {"percentage", Percent}});
}

void LspServer::reconfigure(const WorkspaceOptions &NewOptions) {
  if (llvm::Error E = Project.configure(NewOptions)) {
    std::string Message = "asyncguard: " + llvm::toString(std::move(E));
    notify("window/showMessage", {{"type", 1}, {"message", Message}});
    log(1, Message);
    if (Project.configured())
      return; // the previous settings stay in force
    WorkspaceOptions Defaults = NewOptions;
    Defaults.DefaultConfig = true;
    Defaults.ConfigFile.clear();
    if (llvm::Error E2 = Project.configure(Defaults)) {
      log(1, "asyncguard: " + llvm::toString(std::move(E2)));
      return;
    }
  }
  log(3, "asyncguard: config " +
             (Project.configPath().empty() ? std::string("(defaults)") : Project.configPath()) +
             ", compile database " +
             (Project.databaseDir().empty() ? std::string("(searched per file)")
                                            : Project.databaseDir()));
  IndexQueue.clear();
  IndexBuilt = false;
  LoggedFailures.clear();
}

void LspServer::analyzeDocument(const std::string &Path) {
  // StateLock is not held here.
  FileOverlay Overlay;
  {
    std::lock_guard<std::mutex> Guard(StateLock);
    Overlay = overlayLocked();
  }
  TuCommand Command = Project.commandFor(Path);
  const TuFacts &Facts = Project.analyze(Command, Overlay);
  if (Facts.Failed && !Facts.Errors.empty() && LoggedFailures.insert(Command.File).second)
    log(2, "asyncguard: " + Command.File + " has errors; findings may be missing:\n" +
               Facts.Errors.front().Text);
  if (!Facts.Failed)
    LoggedFailures.erase(Command.File);
  std::lock_guard<std::mutex> Guard(StateLock);
  if (Facts.Failed && !Facts.Errors.empty())
    Failures[Path] = {Facts.Errors.front().Text, Command.Directory};
  else
    Failures.erase(Path);
}

void LspServer::indexNext() {
  TuCommand Command = std::move(IndexQueue.front());
  IndexQueue.pop_front();
  ++IndexDone;
  // An open document's TU was analysed with its buffer: keep that.
  if (!Project.hasFacts(Command.File)) {
    FileOverlay Overlay;
    {
      std::lock_guard<std::mutex> Guard(StateLock);
      Overlay = overlayLocked();
    }
    Project.analyze(Command, Overlay);
  }
}

void LspServer::workerLoop() {
  std::unique_lock<std::mutex> Guard(StateLock);
  auto Busy = [&](auto Work) {
    WorkerBusy = true;
    Guard.unlock();
    Work();
    Guard.lock();
    WorkerBusy = false;
    WorkerIdle.notify_all();
  };
  while (!Stopping) {
    if (NeedReconfigure) {
      NeedReconfigure = false;
      WorkspaceOptions O = Options;
      Busy([&] { reconfigure(O); });
      if (ProgressActive)
        progress("end", "restarted", 100);
      // Facts were dropped with the old config: every buffer again.
      for (auto &[Path, D] : Docs) {
        D.Dirty = true;
        D.Due = std::min(D.Due, Clock::now());
      }
      LastPublished.clear();
      FindingsByFile.clear();
      Failures.clear();
      continue;
    }
    if (!Project.configured()) {
      Wake.wait(Guard);
      continue;
    }
    // The open buffer whose debounce ran out first.
    std::string Pick;
    Clock::time_point Due = Clock::time_point::max();
    for (const auto &[Path, D] : Docs)
      if (D.Dirty && D.Due < Due) {
        Due = D.Due;
        Pick = Path;
      }
    if (!Pick.empty() && Due <= Clock::now()) {
      Docs[Pick].Dirty = false;
      InFlight = Pick;
      std::map<std::string, std::vector<Finding>> ByFile;
      Busy([&] {
        analyzeDocument(Pick);
        ByFile = Project.findingsByFile();
      });
      FindingsByFile = std::move(ByFile);
      InFlight.clear();
      mergeAndPublishLocked();
      continue;
    }
    if (!ChangedOnDisk.empty()) {
      std::string Path = *ChangedOnDisk.begin();
      ChangedOnDisk.erase(ChangedOnDisk.begin());
      std::map<std::string, std::vector<Finding>> ByFile;
      Busy([&] {
        if (llvm::sys::fs::exists(Path))
          analyzeDocument(Path);
        else
          Project.forget(Path);
        ByFile = Project.findingsByFile();
      });
      FindingsByFile = std::move(ByFile);
      mergeAndPublishLocked();
      continue;
    }
    if (IndexRequested && !IndexBuilt) {
      IndexBuilt = true;
      size_t Skipped = 0;
      Busy([&] {
        std::vector<TuCommand> All = Project.databaseTus(&Skipped);
        IndexQueue.assign(std::make_move_iterator(All.begin()), std::make_move_iterator(All.end()));
      });
      IndexTotal = IndexQueue.size();
      IndexDone = 0;
      if (Skipped)
        log(2, "asyncguard: the compile database has more TUs than the limit; " +
                   std::to_string(Skipped) + " are analysed only when opened");
      if (!IndexQueue.empty())
        progress("begin", "analysing " + std::to_string(IndexTotal) + " files", 0);
      continue;
    }
    if (!IndexQueue.empty()) {
      std::optional<std::map<std::string, std::vector<Finding>>> ByFile;
      Busy([&] {
        indexNext();
        if (IndexQueue.empty() || IndexDone % IndexPublishEvery == 0)
          ByFile = Project.findingsByFile();
      });
      if (ByFile) {
        FindingsByFile = std::move(*ByFile);
        mergeAndPublishLocked();
      }
      progress("report", std::to_string(IndexDone) + "/" + std::to_string(IndexTotal),
               IndexTotal ? static_cast<int>(IndexDone * 100 / IndexTotal) : 100);
      if (IndexQueue.empty())
        progress("end", "analysed " + std::to_string(IndexTotal) + " files", 100);
      continue;
    }
    if (Pick.empty())
      Wake.wait(Guard);
    else
      Wake.wait_until(Guard, Due);
  }
  InFlight.clear();
}

} // namespace asyncguard::lsp
