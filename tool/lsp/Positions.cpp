#include "lsp/Positions.h"

#include "llvm/ADT/SmallString.h"
#include "llvm/Support/Path.h"

#include <algorithm>
#include <cctype>

namespace asyncguard::lsp {

/// Length of the UTF-8 sequence that starts with `Lead`, or 1 for a byte that
/// cannot start one (continuation or invalid bytes count alone).
static size_t sequenceLength(unsigned char Lead) {
  if (Lead < 0x80)
    return 1;
  if ((Lead & 0xE0) == 0xC0)
    return 2;
  if ((Lead & 0xF0) == 0xE0)
    return 3;
  if ((Lead & 0xF8) == 0xF0)
    return 4;
  return 1;
}

/// The well-formed sequence length at `I`, or 1 if it is truncated or broken.
static size_t validLength(std::string_view S, size_t I) {
  size_t N = sequenceLength(static_cast<unsigned char>(S[I]));
  if (I + N > S.size())
    return 1;
  for (size_t K = 1; K < N; ++K)
    if ((static_cast<unsigned char>(S[I + K]) & 0xC0) != 0x80)
      return 1;
  return N;
}

unsigned utf16Length(std::string_view LineText, size_t Bytes) {
  unsigned Units = 0;
  size_t I = 0;
  while (I < Bytes && I < LineText.size()) {
    size_t N = validLength(LineText, I);
    // A sequence cut by `Bytes` still counts: the column is inside it.
    Units += N == 4 ? 2 : 1;
    I += N;
  }
  if (Bytes > LineText.size())
    Units += static_cast<unsigned>(Bytes - LineText.size());
  return Units;
}

size_t byteIndexOfUtf16(std::string_view LineText, unsigned Character) {
  unsigned Units = 0;
  size_t I = 0;
  while (I < LineText.size() && Units < Character) {
    size_t N = validLength(LineText, I);
    Units += N == 4 ? 2 : 1;
    I += N;
  }
  return I;
}

/// Byte offset where 0-based `Line` starts, or npos past the last line.
static size_t lineStart(std::string_view Text, unsigned Line) {
  size_t At = 0;
  for (unsigned L = 0; L < Line; ++L) {
    size_t Nl = Text.find('\n', At);
    if (Nl == std::string_view::npos)
      return std::string_view::npos;
    At = Nl + 1;
  }
  return At;
}

std::string_view lineAt(std::string_view Text, unsigned Line) {
  size_t Start = lineStart(Text, Line);
  if (Start == std::string_view::npos)
    return {};
  size_t End = std::min(Text.find('\n', Start), Text.size());
  std::string_view L = Text.substr(Start, End - Start);
  if (!L.empty() && L.back() == '\r')
    L.remove_suffix(1);
  return L;
}

Position positionOfOffset(std::string_view Text, size_t Offset) {
  Offset = std::min(Offset, Text.size());
  Position P;
  size_t Start = 0;
  for (size_t Nl = Text.find('\n'); Nl != std::string_view::npos && Nl < Offset;
       Nl = Text.find('\n', Nl + 1)) {
    ++P.Line;
    Start = Nl + 1;
  }
  P.Character = utf16Length(Text.substr(Start), Offset - Start);
  return P;
}

size_t offsetOfPosition(std::string_view Text, Position P) {
  size_t Start = lineStart(Text, P.Line);
  if (Start == std::string_view::npos)
    return Text.size();
  return Start + byteIndexOfUtf16(lineAt(Text, P.Line), P.Character);
}

Position positionOfColumn(unsigned Line, unsigned ByteColumn, std::string_view LineText) {
  Position P;
  P.Line = Line ? Line - 1 : 0;
  P.Character = utf16Length(LineText, ByteColumn ? ByteColumn - 1 : 0);
  return P;
}

void applyChange(std::string &Text, std::optional<std::pair<Position, Position>> Range,
                 std::string_view NewText) {
  if (!Range) {
    Text.assign(NewText);
    return;
  }
  size_t Begin = offsetOfPosition(Text, Range->first);
  size_t End = std::max(Begin, offsetOfPosition(Text, Range->second));
  Text.replace(Begin, End - Begin, NewText);
}

static int hexValue(char C) {
  if (C >= '0' && C <= '9')
    return C - '0';
  if (C >= 'a' && C <= 'f')
    return C - 'a' + 10;
  if (C >= 'A' && C <= 'F')
    return C - 'A' + 10;
  return -1;
}

std::string pathOfUri(std::string_view Uri) {
  constexpr std::string_view Scheme = "file://";
  if (Uri.substr(0, Scheme.size()) != Scheme)
    return "";
  Uri.remove_prefix(Scheme.size());
  // "file://host/path": only the local host is a path we can open.
  size_t Slash = Uri.find('/');
  if (Slash == std::string_view::npos)
    return "";
  std::string_view Host = Uri.substr(0, Slash);
  if (!Host.empty() && Host != "localhost")
    return "";
  Uri.remove_prefix(Slash);
  std::string Path;
  for (size_t I = 0; I < Uri.size(); ++I) {
    if (Uri[I] == '%' && I + 2 < Uri.size() && hexValue(Uri[I + 1]) >= 0 &&
        hexValue(Uri[I + 2]) >= 0) {
      Path += static_cast<char>(hexValue(Uri[I + 1]) * 16 + hexValue(Uri[I + 2]));
      I += 2;
      continue;
    }
    Path += Uri[I];
  }
  // "file:///w/src/../a.cpp" names /w/a.cpp: diagnostics are keyed by the
  // normalised path, so an unnormalised one never received any.
  llvm::SmallString<256> Normal(Path);
  llvm::sys::path::remove_dots(Normal, /*remove_dot_dot=*/true);
  return std::string(Normal);
}

std::string uriOfPath(std::string_view Path) {
  static const char *Hex = "0123456789ABCDEF";
  std::string Uri = "file://";
  for (char C : Path) {
    unsigned char U = static_cast<unsigned char>(C);
    // RFC 3986 unreserved characters and the path separator stay as they are.
    if ((U < 0x80 && std::isalnum(U)) || C == '-' || C == '.' || C == '_' || C == '~' || C == '/') {
      Uri += C;
      continue;
    }
    Uri += '%';
    Uri += Hex[U >> 4];
    Uri += Hex[U & 15];
  }
  return Uri;
}

} // namespace asyncguard::lsp
