#pragma once
// JSON-RPC 2.0 transport for the language server: Content-Length framed
// messages (LSP base protocol) read from and written to file descriptors.

#include <nlohmann/json.hpp>

#include <functional>
#include <mutex>
#include <string>

namespace asyncguard::lsp {

/// JSON-RPC and LSP error codes.
namespace error_code {
inline constexpr int ParseError = -32700;
inline constexpr int InvalidRequest = -32600;
inline constexpr int MethodNotFound = -32601;
inline constexpr int InvalidParams = -32602;
inline constexpr int InternalError = -32603;
inline constexpr int ServerNotInitialized = -32002;
inline constexpr int RequestCancelled = -32800;
} // namespace error_code

/// Largest message body accepted; a larger Content-Length is a broken frame.
inline constexpr size_t MaxMessageBytes = 64u << 20;

/// Splits a byte stream into message bodies. Resynchronises after garbage,
/// a missing or invalid Content-Length, or a body shorter than announced,
/// by looking for the next "Content-Length:" header. Not thread-safe: one
/// reader thread.
class MessageReader {
public:
  /// `Read` fills up to N bytes and returns how many, 0 at end of input and
  /// a negative value on error (both end the stream).
  using ReadFn = std::function<long(char *, size_t)>;
  explicit MessageReader(ReadFn Read) : Read(std::move(Read)) {}
  /// Reads from a file descriptor (retrying on EINTR).
  static MessageReader fromFd(int Fd);

  enum class Status { Message, BadFrame, End };
  struct Result {
    Status Kind = Status::End;
    std::string Body;  ///< for Message
    std::string Error; ///< for BadFrame: what was wrong with the frame
  };
  /// The next message, a report of a broken frame (the reader has skipped
  /// it), or the end of the input.
  Result next();

private:
  /// Reads one header line without its line break; false at the end.
  bool readLine(std::string &Line);
  bool fill();

  ReadFn Read;
  std::string Buffer;
  size_t Pos = 0;
  bool AtEnd = false;
};

/// Writes framed messages; thread-safe (the message thread and the analysis
/// thread both send). Invalid UTF-8 in strings is replaced, never thrown.
class MessageWriter {
public:
  using WriteFn = std::function<bool(const std::string &)>;
  explicit MessageWriter(WriteFn Write) : Write(std::move(Write)) {}
  static MessageWriter toFd(int Fd);

  /// False once writing failed (the client is gone).
  bool send(const nlohmann::json &Message);

private:
  std::mutex Lock;
  WriteFn Write;
  bool Broken = false;
};

/// Serialises `J` without ever throwing on invalid UTF-8 (it is replaced).
std::string dumpJson(const nlohmann::json &J);

/// Parses a message body; a discarded value on malformed JSON (never throws).
nlohmann::json parseJson(const std::string &Text);

/// Typed lookups that never throw: the default when the key is missing or
/// has another type (client input is not trusted).
const nlohmann::json *member(const nlohmann::json &J, std::string_view Key);
std::string stringAt(const nlohmann::json &J, std::string_view Key, std::string Default = "");
long long intAt(const nlohmann::json &J, std::string_view Key, long long Default = 0);
bool boolAt(const nlohmann::json &J, std::string_view Key, bool Default = false);
/// `J` at a path of object keys ("a", "b" is J["a"]["b"]), or nullptr.
const nlohmann::json *path(const nlohmann::json &J, std::initializer_list<std::string_view> Keys);

} // namespace asyncguard::lsp
