#pragma once
// `asyncguard lsp`: a Language Server on stdio. The message thread reads
// and answers; one analysis thread parses TUs (debounced, newest edit
// first, then the background index of the compile database) and publishes.

#include "core/Finding.h"
#include "lsp/Diagnostics.h"
#include "lsp/JsonRpc.h"
#include "lsp/Positions.h"
#include "lsp/Workspace.h"

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <map>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <thread>
#include <vector>

namespace asyncguard {

/// Runs the server on stdin/stdout until `exit` or the end of input.
/// Returns 0 after shutdown + exit, 1 otherwise (LSP spec).
int runLanguageServer();

namespace lsp {

class LspServer {
public:
  LspServer(MessageReader Reader, MessageWriter &Writer);
  ~LspServer();
  LspServer(const LspServer &) = delete;
  LspServer &operator=(const LspServer &) = delete;

  /// Reads and handles messages until `exit` or the end of input; returns
  /// the process exit code.
  int run();

private:
  using Clock = std::chrono::steady_clock;
  using json = nlohmann::json;

  struct Document {
    std::string Uri;
    std::string Text;
    long long Version = 0;
    bool Dirty = true;      ///< changed since the analysis thread took it
    Clock::time_point Due;  ///< when the debounced analysis may start
  };
  struct PendingPull {
    json Id;
    std::string Path;
  };

  // Message thread (LspServer.cpp).
  void handleMessage(const json &Message);
  void handleRequest(const json &Id, const std::string &Method, const json &Params);
  void handleNotification(const std::string &Method, const json &Params);
  json initializeResult(const json &Params);
  void onInitialized();
  void didOpen(const json &Params);
  void didChange(const json &Params);
  void didClose(const json &Params);
  void didSave(const json &Params);
  void didChangeWatchedFiles(const json &Params);
  void didChangeConfiguration(const json &Params);
  void pullDiagnostics(const json &Id, const json &Params);
  json codeAction(const json &Params);
  void cancelRequest(const json &Params);
  void reply(const json &Id, json Result);
  void replyError(const json &Id, int Code, const std::string &Message);
  void notify(const std::string &Method, json Params);
  /// Sends a request to the client; returns its id.
  std::string request(const std::string &Method, json Params);
  void log(int Type, const std::string &Message);
  /// Stops the analysis thread: joins it if it finishes soon, else false.
  bool stopWorker();

  // Analysis thread (LspAnalysis.cpp).
  void workerLoop();
  void reconfigure(const WorkspaceOptions &Options);
  void analyzeDocument(const std::string &Path);
  void indexNext();
  /// Merges the project's findings and publishes those of open documents
  /// that changed; StateLock held.
  void mergeAndPublishLocked();
  FileOverlay overlayLocked() const;
  /// Diagnostics of an open document; StateLock held.
  json diagnosticsLocked(const std::string &Path, TextCache &Texts) const;
  void answerPullsLocked();
  /// Work-done progress of the background index; StateLock held.
  void progress(const std::string &Kind, const std::string &Message, int Percent);
  void sendProgressLocked(const std::string &Kind, const std::string &Message, int Percent);

  MessageReader Reader;
  MessageWriter &Writer;

  // Message thread only.
  bool Initialized = false;
  bool ShutdownRequested = false;
  std::atomic<int> NextRequestId{0};
  bool ClientPull = false;     ///< client asks for diagnostics (pull model)
  bool ClientRefresh = false;  ///< client supports workspace/diagnostic/refresh
  bool ClientProgress = false; ///< window/workDoneProgress
  bool ClientWatchRegistration = false;

  // Shared with the analysis thread, guarded by StateLock.
  mutable std::mutex StateLock;
  std::condition_variable Wake;
  bool Stopping = false;
  bool WorkerBusy = false;
  std::string InFlight; ///< the open document being analysed, or ""
  bool NeedReconfigure = false;
  bool IndexRequested = false;
  WorkspaceOptions Options;
  std::chrono::milliseconds Debounce{300};
  std::map<std::string, Document> Docs;                         ///< by path
  std::map<std::string, std::vector<Finding>> FindingsByFile;   ///< last merge
  /// Documents whose last analysis failed to parse, by path.
  std::map<std::string, AnalysisFailure> Failures;
  std::map<std::string, json> LastPublished;                    ///< by path
  std::vector<PendingPull> Pulls;
  std::set<std::string> ChangedOnDisk; ///< closed files to re-analyse from disk
  std::condition_variable WorkerIdle;
  /// Progress of the background index: the id of our
  /// window/workDoneProgress/create request, whether the client answered it,
  /// and an end reached before it did.
  std::string ProgressCreateId;
  bool ProgressCreated = false;
  bool ProgressActive = false;
  bool ProgressBegun = false;
  std::string ProgressToken;
  std::optional<std::string> ProgressEnd;

  // Analysis thread only.
  Workspace Project;
  std::deque<TuCommand> IndexQueue;
  size_t IndexTotal = 0;
  size_t IndexDone = 0;
  bool IndexBuilt = false;
  std::set<std::string> LoggedFailures;

  std::thread Worker;
};

} // namespace lsp
} // namespace asyncguard
