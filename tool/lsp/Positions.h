#pragma once
// LSP positions are (0-based line, 0-based UTF-16 code unit); asyncguard's
// are 1-based lines, 1-based byte columns and byte offsets. These convert
// between them and apply editor edits to a buffer.

#include <optional>
#include <string>
#include <string_view>

namespace asyncguard::lsp {

/// An LSP position: 0-based line, 0-based UTF-16 code unit.
struct Position {
  unsigned Line = 0;
  unsigned Character = 0;
  friend bool operator==(const Position &, const Position &) = default;
};

/// UTF-16 code units in the first `Bytes` bytes of `LineText` (bytes past its
/// end count one each, so a stale line text still gives a usable column).
/// Invalid UTF-8 counts one unit per byte, as editors show it.
unsigned utf16Length(std::string_view LineText, size_t Bytes);

/// The byte index in `LineText` of UTF-16 unit `Character`, clamped to the
/// line (a character past the end means the end of the line, per the spec).
size_t byteIndexOfUtf16(std::string_view LineText, unsigned Character);

/// The LSP position of byte `Offset` in `Text` (clamped to the text).
Position positionOfOffset(std::string_view Text, size_t Offset);

/// The byte offset in `Text` of an LSP position; a line past the end is the
/// end of the text, a character past a line's end is that line's end.
size_t offsetOfPosition(std::string_view Text, Position P);

/// The LSP position of a 1-based line and 1-based byte column, counted in
/// `LineText` (the text of that line).
Position positionOfColumn(unsigned Line, unsigned ByteColumn, std::string_view LineText);

/// The text of 0-based `Line` without its line break ("" past the end).
std::string_view lineAt(std::string_view Text, unsigned Line);

/// Applies one didChange content change: `Range` [Begin, End) replaced by
/// `NewText`, or the whole buffer when there is no range.
void applyChange(std::string &Text, std::optional<std::pair<Position, Position>> Range,
                 std::string_view NewText);

/// file:// URI <-> absolute path, with percent-encoding; "" for other schemes.
std::string pathOfUri(std::string_view Uri);
std::string uriOfPath(std::string_view Path);

} // namespace asyncguard::lsp
