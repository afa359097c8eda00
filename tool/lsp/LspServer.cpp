#include "lsp/LspServer.h"

#include "lsp/Diagnostics.h"

#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/raw_ostream.h"

#include <csignal>
#include <cstdlib>
#include <unistd.h>

namespace asyncguard {
namespace lsp {

using nlohmann::json;

LspServer::LspServer(MessageReader Reader, MessageWriter &Writer)
    : Reader(std::move(Reader)), Writer(Writer) {}

LspServer::~LspServer() {
  if (!stopWorker())
    std::_Exit(1); // the analysis thread still uses this object
}

void LspServer::reply(const json &Id, json Result) {
  Writer.send({{"jsonrpc", "2.0"}, {"id", Id}, {"result", std::move(Result)}});
}

void LspServer::replyError(const json &Id, int Code, const std::string &Message) {
  Writer.send(
      {{"jsonrpc", "2.0"}, {"id", Id}, {"error", {{"code", Code}, {"message", Message}}}});
}

void LspServer::notify(const std::string &Method, json Params) {
  Writer.send({{"jsonrpc", "2.0"}, {"method", Method}, {"params", std::move(Params)}});
}

std::string LspServer::request(const std::string &Method, json Params) {
  // Replies are read by handleMessage; only progress creation waits for one.
  std::string Id = "asyncguard-" + std::to_string(NextRequestId++);
  Writer.send({{"jsonrpc", "2.0"}, {"id", Id}, {"method", Method}, {"params", std::move(Params)}});
  return Id;
}

void LspServer::log(int Type, const std::string &Message) {
  notify("window/logMessage", {{"type", Type}, {"message", Message}});
}

int LspServer::run() {
  for (;;) {
    MessageReader::Result In = Reader.next();
    if (In.Kind == MessageReader::Status::End)
      break;
    if (In.Kind == MessageReader::Status::BadFrame) {
      replyError(nullptr, error_code::ParseError, In.Error);
      continue;
    }
    json Message = parseJson(In.Body);
    if (Message.is_discarded()) {
      replyError(nullptr, error_code::ParseError, "malformed JSON");
      continue;
    }
    if (Message.is_array()) {
      // LSP never batches; JSON-RPC allows it, so answer each element.
      for (const json &Element : Message)
        handleMessage(Element);
      continue;
    }
    handleMessage(Message);
    if (stringAt(Message, "method") == "exit")
      break;
  }
  // The end of input without shutdown is a client that went away: exit 1.
  int Code = ShutdownRequested ? 0 : 1;
  if (!stopWorker())
    std::_Exit(Code); // a parse is still running and cannot be interrupted
  return Code;
}

void LspServer::handleMessage(const json &Message) {
  const json *Id = member(Message, "id");
  const json *Method = member(Message, "method");
  if (!Message.is_object() || (Method && !Method->is_string()) ||
      (Id && !Id->is_string() && !Id->is_number_integer() && !Id->is_null())) {
    replyError(Id && (Id->is_string() || Id->is_number_integer()) ? *Id : json(nullptr),
               error_code::InvalidRequest, "not a JSON-RPC request or notification");
    return;
  }
  if (!Method && !member(Message, "result") && !member(Message, "error")) {
    replyError(Id && (Id->is_string() || Id->is_number_integer()) ? *Id : json(nullptr),
               error_code::InvalidRequest, "neither a request, a notification nor a response");
    return;
  }
  if (!Method) {
    // A response to one of our requests.
    std::lock_guard<std::mutex> Guard(StateLock);
    if (!Id || !Id->is_string() || *Id != ProgressCreateId || !ProgressActive)
      return;
    if (!member(Message, "result")) {
      ProgressActive = false; // the client refused the token
      return;
    }
    ProgressCreated = true;
    if (ProgressEnd)
      sendProgressLocked("end", *ProgressEnd, 100);
    return;
  }
  const json *Params = member(Message, "params");
  static const json NoParams = json::object();
  const json &P = Params && (Params->is_object() || Params->is_array()) ? *Params : NoParams;
  std::string Name = Method->get<std::string>();
  // nlohmann's typed accessors throw on unexpected types; the handlers
  // check types, and this keeps a hostile message from ending the session.
  try {
    if (Id)
      handleRequest(*Id, Name, P);
    else
      handleNotification(Name, P);
  } catch (const json::exception &E) {
    if (Id)
      replyError(*Id, error_code::InvalidParams, std::string("invalid params: ") + E.what());
  }
}

void LspServer::handleRequest(const json &Id, const std::string &Method, const json &Params) {
  if (Method == "initialize") {
    if (Initialized)
      return replyError(Id, error_code::InvalidRequest, "initialize was already received");
    reply(Id, initializeResult(Params));
    Initialized = true;
    Worker = std::thread([this] { workerLoop(); });
    return;
  }
  if (!Initialized)
    return replyError(Id, error_code::ServerNotInitialized, "initialize first");
  if (ShutdownRequested)
    return replyError(Id, error_code::InvalidRequest, "the server is shutting down");
  if (Method == "shutdown") {
    ShutdownRequested = true;
    {
      // No new analyses; the thread is joined when the input ends.
      std::lock_guard<std::mutex> Guard(StateLock);
      Stopping = true;
      Wake.notify_all();
    }
    return reply(Id, nullptr);
  }
  if (Method == "textDocument/diagnostic")
    return pullDiagnostics(Id, Params);
  if (Method == "textDocument/codeAction")
    return reply(Id, codeAction(Params));
  replyError(Id, error_code::MethodNotFound, "method not found: " + Method);
}

void LspServer::handleNotification(const std::string &Method, const json &Params) {
  if (Method == "exit")
    return;
  if (!Initialized || ShutdownRequested)
    return; // the spec: notifications before initialize are dropped
  if (Method == "initialized")
    return onInitialized();
  if (Method == "textDocument/didOpen")
    return didOpen(Params);
  if (Method == "textDocument/didChange")
    return didChange(Params);
  if (Method == "textDocument/didClose")
    return didClose(Params);
  if (Method == "textDocument/didSave")
    return didSave(Params);
  if (Method == "workspace/didChangeWatchedFiles")
    return didChangeWatchedFiles(Params);
  if (Method == "workspace/didChangeConfiguration")
    return didChangeConfiguration(Params);
  if (Method == "$/cancelRequest")
    return cancelRequest(Params);
  // Other notifications ($/setTrace, $/progress, ...) need no answer.
}

/// Reads "asyncguard" settings (from initializationOptions or
/// didChangeConfiguration) into the options; true if any was present.
static bool readSettings(const json &Settings, WorkspaceOptions &Options,
                         std::chrono::milliseconds *Debounce) {
  if (!Settings.is_object())
    return false;
  const json &S = member(Settings, "asyncguard") ? Settings["asyncguard"] : Settings;
  auto Strings = [&](const char *Key, std::vector<std::string> &Out) {
    const json *List = member(S, Key);
    if (!List || !List->is_array())
      return;
    Out.clear();
    for (const json &E : *List)
      if (E.is_string())
        Out.push_back(E.get<std::string>());
  };
  Strings("select", Options.Select);
  Strings("ignore", Options.Ignore);
  if (member(S, "configFile"))
    Options.ConfigFile = stringAt(S, "configFile");
  if (member(S, "compilationDatabasePath"))
    Options.DatabaseDir = stringAt(S, "compilationDatabasePath");
  if (Debounce && member(S, "debounceMs"))
    *Debounce = std::chrono::milliseconds(std::clamp<long long>(intAt(S, "debounceMs", 300), 0, 10000));
  return true;
}

json LspServer::initializeResult(const json &Params) {
  ClientPull = path(Params, {"capabilities", "textDocument", "diagnostic"}) != nullptr;
  if (const json *W = path(Params, {"capabilities", "workspace", "diagnostics"}))
    ClientRefresh = boolAt(*W, "refreshSupport");
  if (const json *W = path(Params, {"capabilities", "window"}))
    ClientProgress = boolAt(*W, "workDoneProgress");
  if (const json *W = path(Params, {"capabilities", "workspace", "didChangeWatchedFiles"}))
    ClientWatchRegistration = boolAt(*W, "dynamicRegistration");

  std::lock_guard<std::mutex> Guard(StateLock);
  std::string Root;
  if (const json *Folders = member(Params, "workspaceFolders");
      Folders && Folders->is_array() && !Folders->empty())
    Root = pathOfUri(stringAt((*Folders)[0], "uri"));
  if (Root.empty())
    Root = pathOfUri(stringAt(Params, "rootUri"));
  if (Root.empty())
    Root = stringAt(Params, "rootPath");
  while (Root.size() > 1 && Root.back() == '/')
    Root.pop_back();
  Options.Root = Root;
  if (const json *Init = member(Params, "initializationOptions"))
    readSettings(*Init, Options, &Debounce);
  NeedReconfigure = true;

  json Capabilities = {
      {"positionEncoding", "utf-16"},
      {"textDocumentSync",
       {{"openClose", true}, {"change", 2 /* incremental */}, {"save", {{"includeText", false}}}}},
      {"codeActionProvider", {{"codeActionKinds", {"quickfix"}}}},
      {"diagnosticProvider",
       {{"identifier", "asyncguard"}, {"interFileDependencies", true}, {"workspaceDiagnostics", false}}}};
  return {{"capabilities", Capabilities},
          {"serverInfo", {{"name", "asyncguard"}, {"version", AG_VERSION}}}};
}

void LspServer::onInitialized() {
  if (ClientWatchRegistration)
    request("client/registerCapability",
            {{"registrations",
              {{{"id", "asyncguard-watch"},
                {"method", "workspace/didChangeWatchedFiles"},
                {"registerOptions",
                 {{"watchers",
                   {{{"globPattern", "**/.asyncguard.json"}},
                    {{"globPattern", "**/compile_commands.json"}},
                    {{"globPattern", "**/*.{c,cc,cpp,cxx,h,hh,hpp,hxx,ipp,inl}"}}}}}}}}}});
  std::lock_guard<std::mutex> Guard(StateLock);
  IndexRequested = true;
  Wake.notify_all();
}

static std::string documentPath(const json &Params) {
  const json *Doc = member(Params, "textDocument");
  return Doc ? pathOfUri(stringAt(*Doc, "uri")) : "";
}

void LspServer::didOpen(const json &Params) {
  std::string Path = documentPath(Params);
  if (Path.empty())
    return; // untitled: or another scheme: nothing on disk to compile with
  // A folder is not a document: as an overlay file it would hide every
  // file under it from the analysis.
  if (llvm::sys::fs::is_directory(Path) || llvm::StringRef(Path).ends_with("/"))
    return;
  const json &Doc = Params["textDocument"];
  std::lock_guard<std::mutex> Guard(StateLock);
  Document &D = Docs[Path];
  D.Uri = stringAt(Doc, "uri");
  D.Text = stringAt(Doc, "text");
  D.Version = intAt(Doc, "version");
  D.Dirty = true;
  D.Due = Clock::now();
  LastPublished.erase(Path);
  Wake.notify_all();
}

void LspServer::didChange(const json &Params) {
  std::string Path = documentPath(Params);
  const json *Changes = member(Params, "contentChanges");
  std::lock_guard<std::mutex> Guard(StateLock);
  auto It = Docs.find(Path);
  if (It == Docs.end() || !Changes || !Changes->is_array())
    return;
  Document &D = It->second;
  for (const json &C : *Changes) {
    std::optional<std::pair<Position, Position>> Range;
    if (const json *R = member(C, "range")) {
      const json *S = member(*R, "start"), *E = member(*R, "end");
      if (!S || !E)
        continue;
      auto Pos = [](const json &P) {
        return Position{static_cast<unsigned>(std::max(0LL, intAt(P, "line"))),
                        static_cast<unsigned>(std::max(0LL, intAt(P, "character")))};
      };
      Range = {Pos(*S), Pos(*E)};
    }
    applyChange(D.Text, Range, stringAt(C, "text"));
  }
  D.Version = intAt(Params["textDocument"], "version", D.Version + 1);
  D.Dirty = true;
  D.Due = Clock::now() + Debounce;
  Wake.notify_all();
}

void LspServer::didClose(const json &Params) {
  std::string Path = documentPath(Params);
  std::lock_guard<std::mutex> Guard(StateLock);
  auto It = Docs.find(Path);
  if (It == Docs.end())
    return;
  std::string Uri = It->second.Uri;
  // The buffer is dropped; the TU's facts came from it, so re-read the disk.
  Docs.erase(It);
  LastPublished.erase(Path);
  ChangedOnDisk.insert(Path);
  for (auto P = Pulls.begin(); P != Pulls.end();)
    if (P->Path == Path) {
      reply(P->Id, {{"kind", "full"}, {"items", json::array()}});
      P = Pulls.erase(P);
    } else {
      ++P;
    }
  if (!ClientPull)
    notify("textDocument/publishDiagnostics", {{"uri", Uri}, {"diagnostics", json::array()}});
  Wake.notify_all();
}

static bool isConfigFile(const std::string &Path) {
  llvm::StringRef Name = llvm::sys::path::filename(Path);
  return Name == ConfigFileName || Name == "compile_commands.json";
}

void LspServer::didSave(const json &Params) {
  std::string Path = documentPath(Params);
  std::lock_guard<std::mutex> Guard(StateLock);
  if (isConfigFile(Path)) {
    NeedReconfigure = true;
  } else if (auto It = Docs.find(Path); It != Docs.end() && It->second.Dirty) {
    It->second.Due = Clock::now(); // saving is a good moment: skip the debounce
  }
  Wake.notify_all();
}

void LspServer::didChangeWatchedFiles(const json &Params) {
  const json *Changes = member(Params, "changes");
  if (!Changes || !Changes->is_array())
    return;
  std::lock_guard<std::mutex> Guard(StateLock);
  for (const json &C : *Changes) {
    std::string Path = pathOfUri(stringAt(C, "uri"));
    if (Path.empty())
      continue;
    if (isConfigFile(Path))
      NeedReconfigure = true;
    else if (!Docs.count(Path))
      ChangedOnDisk.insert(Path); // open files are tracked by their buffers
  }
  Wake.notify_all();
}

void LspServer::didChangeConfiguration(const json &Params) {
  std::lock_guard<std::mutex> Guard(StateLock);
  if (const json *Settings = member(Params, "settings"))
    readSettings(*Settings, Options, &Debounce);
  NeedReconfigure = true;
  Wake.notify_all();
}

void LspServer::pullDiagnostics(const json &Id, const json &Params) {
  std::string Path = documentPath(Params);
  std::lock_guard<std::mutex> Guard(StateLock);
  auto It = Docs.find(Path);
  bool Pending =
      It != Docs.end() && (It->second.Dirty || InFlight == Path || NeedReconfigure);
  if (Pending) {
    // Answered by the analysis thread once this buffer is analysed.
    Pulls.push_back({Id, Path});
    Wake.notify_all();
    return;
  }
  TextCache Texts([&](const std::string &P) -> const std::string * {
    auto D = Docs.find(P);
    return D == Docs.end() ? nullptr : &D->second.Text;
  });
  reply(Id, {{"kind", "full"}, {"items", diagnosticsLocked(Path, Texts)}});
}

json LspServer::codeAction(const json &Params) {
  std::string Path = documentPath(Params);
  const json *Range = member(Params, "range");
  if (Path.empty() || !Range)
    return json::array();
  auto Pos = [&](const char *Key) {
    const json *P = member(*Range, Key);
    return P ? Position{static_cast<unsigned>(std::max(0LL, intAt(*P, "line"))),
                        static_cast<unsigned>(std::max(0LL, intAt(*P, "character")))}
             : Position{};
  };
  std::vector<std::string> Only;
  if (const json *O = path(Params, {"context", "only"}); O && O->is_array())
    for (const json &K : *O)
      if (K.is_string())
        Only.push_back(K.get<std::string>());
  std::lock_guard<std::mutex> Guard(StateLock);
  auto Found = FindingsByFile.find(Path);
  if (Found == FindingsByFile.end())
    return json::array();
  TextCache Texts([&](const std::string &P) -> const std::string * {
    auto D = Docs.find(P);
    return D == Docs.end() ? nullptr : &D->second.Text;
  });
  return codeActions(Found->second, Path, Pos("start"), Pos("end"), Only, Texts);
}

void LspServer::cancelRequest(const json &Params) {
  const json *Id = member(Params, "id");
  if (!Id)
    return;
  // Only pull requests wait; everything else was answered already.
  std::lock_guard<std::mutex> Guard(StateLock);
  for (auto P = Pulls.begin(); P != Pulls.end(); ++P)
    if (P->Id == *Id) {
      replyError(P->Id, error_code::RequestCancelled, "request cancelled");
      Pulls.erase(P);
      return;
    }
}

bool LspServer::stopWorker() {
  std::unique_lock<std::mutex> Guard(StateLock);
  Stopping = true;
  Wake.notify_all();
  if (!Worker.joinable())
    return true;
  // A parse cannot be interrupted; wait a little, then let exit() end it.
  bool Idle = WorkerIdle.wait_for(Guard, std::chrono::seconds(3), [&] { return !WorkerBusy; });
  Guard.unlock();
  if (!Idle)
    return false;
  Worker.join();
  return true;
}

} // namespace lsp

int runLanguageServer() {
  // A client that goes away must not kill us with SIGPIPE mid-write.
  std::signal(SIGPIPE, SIG_IGN);
  lsp::MessageWriter Writer = lsp::MessageWriter::toFd(STDOUT_FILENO);
  int Code;
  {
    lsp::LspServer Server(lsp::MessageReader::fromFd(STDIN_FILENO), Writer);
    Code = Server.run();
  }
  return Code;
}

} // namespace asyncguard
