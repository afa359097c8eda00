#include "lsp/JsonRpc.h"
#include "core/JsonInput.h"

#include <cctype>
#include <cerrno>
#include <cstdlib>
#include <unistd.h>

namespace asyncguard::lsp {

/// A header line longer than this is garbage (a body without framing):
/// only its tail is kept, to find a "Content-Length:" at its end.
static constexpr size_t MaxHeaderLine = 4096;

MessageReader MessageReader::fromFd(int Fd) {
  return MessageReader([Fd](char *Out, size_t N) -> long {
    for (;;) {
      ssize_t Got = ::read(Fd, Out, N);
      if (Got < 0 && errno == EINTR)
        continue;
      return Got;
    }
  });
}

bool MessageReader::fill() {
  if (AtEnd)
    return false;
  if (Pos > 0) {
    Buffer.erase(0, Pos);
    Pos = 0;
  }
  char Chunk[65536];
  long Got = Read(Chunk, sizeof(Chunk));
  if (Got <= 0) {
    AtEnd = true;
    return false;
  }
  Buffer.append(Chunk, static_cast<size_t>(Got));
  return true;
}

bool MessageReader::readLine(std::string &Line) {
  Line.clear();
  for (;;) {
    size_t Nl = Buffer.find('\n', Pos);
    if (Nl != std::string::npos) {
      Line.append(Buffer, Pos, Nl - Pos);
      Pos = Nl + 1;
      break;
    }
    Line.append(Buffer, Pos, std::string::npos);
    Pos = Buffer.size();
    if (Line.size() > MaxHeaderLine)
      Line.erase(0, Line.size() - MaxHeaderLine);
    if (!fill())
      return !Line.empty();
  }
  if (Line.size() > MaxHeaderLine)
    Line.erase(0, Line.size() - MaxHeaderLine);
  if (!Line.empty() && Line.back() == '\r')
    Line.pop_back();
  return true;
}

/// Case-insensitive search for the header name anywhere in the line, so
/// that the rest of a broken body on the same line does not hide it.
static size_t findContentLength(const std::string &Line) {
  static constexpr std::string_view Name = "content-length:";
  if (Line.size() < Name.size())
    return std::string::npos;
  for (size_t I = 0; I + Name.size() <= Line.size(); ++I) {
    size_t K = 0;
    while (K < Name.size() && std::tolower(static_cast<unsigned char>(Line[I + K])) == Name[K])
      ++K;
    if (K == Name.size())
      return I + Name.size();
  }
  return std::string::npos;
}

MessageReader::Result MessageReader::next() {
  bool SawLength = false, BadLength = false, Garbage = false;
  size_t Length = 0;
  std::string Line;
  for (;;) {
    if (!readLine(Line))
      return {Status::End, "", ""};
    if (size_t At = findContentLength(Line); At != std::string::npos) {
      // A new header block starts here; anything before it was garbage
      // already reported or skipped.
      std::string_view Value(Line);
      Value.remove_prefix(At);
      while (!Value.empty() && (Value.front() == ' ' || Value.front() == '\t'))
        Value.remove_prefix(1);
      while (!Value.empty() && (Value.back() == ' ' || Value.back() == '\t'))
        Value.remove_suffix(1);
      SawLength = true;
      BadLength = Value.empty() || Value.size() > 10 ||
                  Value.find_first_not_of("0123456789") != std::string_view::npos;
      Length = BadLength ? 0 : std::strtoull(std::string(Value).c_str(), nullptr, 10);
      BadLength = BadLength || Length > MaxMessageBytes;
      continue;
    }
    if (!Line.empty()) {
      // Another header ("Content-Type: ...") or garbage.
      if (Line.find(':') == std::string::npos)
        Garbage = true;
      continue;
    }
    // The blank line ends a header block.
    if (!SawLength) {
      if (!Garbage)
        continue; // stray blank lines between messages
      return {Status::BadFrame, "", "message without a Content-Length header"};
    }
    if (BadLength)
      return {Status::BadFrame, "", "invalid Content-Length header"};
    break;
  }
  while (Buffer.size() - Pos < Length)
    if (!fill())
      return {Status::End, "", ""};
  Result R{Status::Message, Buffer.substr(Pos, Length), ""};
  Pos += Length;
  return R;
}

MessageWriter MessageWriter::toFd(int Fd) {
  return MessageWriter([Fd](const std::string &Bytes) {
    size_t Done = 0;
    while (Done < Bytes.size()) {
      ssize_t N = ::write(Fd, Bytes.data() + Done, Bytes.size() - Done);
      if (N < 0 && errno == EINTR)
        continue;
      if (N <= 0)
        return false;
      Done += static_cast<size_t>(N);
    }
    return true;
  });
}

std::string dumpJson(const nlohmann::json &J) {
  return J.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

bool MessageWriter::send(const nlohmann::json &Message) {
  std::string Body = dumpJson(Message);
  std::string Frame = "Content-Length: " + std::to_string(Body.size()) + "\r\n\r\n" + Body;
  std::lock_guard<std::mutex> Guard(Lock);
  if (Broken)
    return false;
  Broken = !Write(Frame);
  return !Broken;
}

nlohmann::json parseJson(const std::string &Text) {
  // nlohmann's parser recurses per nesting level: a body of ~70 000 '['
  // overflowed the server's stack. Too deep is a parse error, like bad JSON.
  if (jsonNestsDeeperThan(Text, MaxJsonNesting))
    return nlohmann::json::value_t::discarded;
  return nlohmann::json::parse(Text, nullptr, /*allow_exceptions=*/false);
}

const nlohmann::json *member(const nlohmann::json &J, std::string_view Key) {
  if (!J.is_object())
    return nullptr;
  auto It = J.find(Key);
  return It == J.end() ? nullptr : &*It;
}

std::string stringAt(const nlohmann::json &J, std::string_view Key, std::string Default) {
  const nlohmann::json *V = member(J, Key);
  return V && V->is_string() ? V->get<std::string>() : Default;
}

long long intAt(const nlohmann::json &J, std::string_view Key, long long Default) {
  const nlohmann::json *V = member(J, Key);
  return V && V->is_number_integer() ? V->get<long long>() : Default;
}

bool boolAt(const nlohmann::json &J, std::string_view Key, bool Default) {
  const nlohmann::json *V = member(J, Key);
  return V && V->is_boolean() ? V->get<bool>() : Default;
}

const nlohmann::json *path(const nlohmann::json &J, std::initializer_list<std::string_view> Keys) {
  const nlohmann::json *At = &J;
  for (std::string_view K : Keys)
    if (!(At = member(*At, K)))
      return nullptr;
  return At;
}

} // namespace asyncguard::lsp
