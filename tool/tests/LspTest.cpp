// Units of the language server's pure parts: UTF-16 positions, incremental
// edits, URIs and the message framing (including broken frames).

#include "lsp/JsonRpc.h"
#include "lsp/Positions.h"

#include <gtest/gtest.h>

using namespace asyncguard::lsp;

namespace {

TEST(LspPositions, Utf16LengthCountsSurrogatePairsAsTwo) {
  std::string Line = "a\xC3\xA9\xF0\x9D\x84\x9E" "b"; // a é 𝄞 b
  EXPECT_EQ(utf16Length(Line, 1), 1u);
  EXPECT_EQ(utf16Length(Line, 3), 2u);
  EXPECT_EQ(utf16Length(Line, 7), 4u);
  EXPECT_EQ(utf16Length(Line, 8), 5u);
}

TEST(LspPositions, ColumnPastLineTextCountsBytes) {
  EXPECT_EQ(utf16Length("ab", 5), 5u);
}

TEST(LspPositions, InvalidUtf8CountsOneUnitPerByte) {
  std::string Line = "\xFF\xC3x";
  EXPECT_EQ(utf16Length(Line, 3), 3u);
  EXPECT_EQ(byteIndexOfUtf16(Line, 2), 2u);
}

TEST(LspPositions, ByteIndexOfUtf16ClampsToLineEnd) {
  std::string Line = "\xF0\x9D\x84\x9E" "x";
  EXPECT_EQ(byteIndexOfUtf16(Line, 2), 4u);
  EXPECT_EQ(byteIndexOfUtf16(Line, 3), 5u);
  EXPECT_EQ(byteIndexOfUtf16(Line, 99), 5u);
}

TEST(LspPositions, OffsetAndPositionRoundTrip) {
  std::string Text = "ab\r\n\xC3\xA9z\nlast";
  EXPECT_EQ(positionOfOffset(Text, 5), (Position{1, 1}));
  EXPECT_EQ(offsetOfPosition(Text, {1, 1}), 6u);
  EXPECT_EQ(offsetOfPosition(Text, {0, 99}), 2u) << "clamped before the \\r";
  EXPECT_EQ(offsetOfPosition(Text, {9, 0}), Text.size());
  EXPECT_EQ(positionOfOffset(Text, Text.size()), (Position{2, 4}));
}

TEST(LspPositions, ColumnOfFindingBecomesUtf16Character) {
  EXPECT_EQ(positionOfColumn(3, 8, "  /*\xC3\xA9*/x"), (Position{2, 6}));
}

TEST(LspPositions, IncrementalChangesApplyInOrder) {
  std::string Text = "int a;\nint \xF0\x9D\x84\x9E b;\n";
  applyChange(Text, std::pair{Position{1, 4}, Position{1, 6}}, "x");
  EXPECT_EQ(Text, "int a;\nint x b;\n");
  applyChange(Text, std::pair{Position{0, 0}, Position{1, 0}}, "");
  EXPECT_EQ(Text, "int x b;\n");
  applyChange(Text, std::pair{Position{5, 0}, Position{5, 0}}, "end");
  EXPECT_EQ(Text, "int x b;\nend");
  applyChange(Text, std::nullopt, "whole");
  EXPECT_EQ(Text, "whole");
}

TEST(LspPositions, ReversedRangeInsertsAtStart) {
  std::string Text = "abc";
  applyChange(Text, std::pair{Position{0, 2}, Position{0, 1}}, "X");
  EXPECT_EQ(Text, "abXc");
}

TEST(LspUri, PercentEncodingRoundTrips) {
  std::string Path = "/tmp/a b/c#d/\xC3\xA9.cpp";
  std::string Uri = uriOfPath(Path);
  EXPECT_EQ(Uri, "file:///tmp/a%20b/c%23d/%C3%A9.cpp");
  EXPECT_EQ(pathOfUri(Uri), Path);
  EXPECT_EQ(pathOfUri("file://localhost/x"), "/x");
  EXPECT_EQ(pathOfUri("untitled:Untitled-1"), "");
  EXPECT_EQ(pathOfUri("file://server/share"), "");
}

/// A reader over a fixed string, delivered in small chunks.
MessageReader readerOf(std::string Input, size_t Chunk = 3) {
  auto Data = std::make_shared<std::string>(std::move(Input));
  auto Pos = std::make_shared<size_t>(0);
  return MessageReader([=](char *Out, size_t N) -> long {
    size_t Take = std::min({N, Chunk, Data->size() - *Pos});
    std::copy_n(Data->data() + *Pos, Take, Out);
    *Pos += Take;
    return static_cast<long>(Take);
  });
}

std::string frame(const std::string &Body) {
  return "Content-Length: " + std::to_string(Body.size()) + "\r\n\r\n" + Body;
}

TEST(LspFraming, ReadsConsecutiveMessagesAndOtherHeaders) {
  auto R = readerOf(frame("{}") + "Content-Type: application/vscode-jsonrpc\r\n" + frame("[1]"));
  EXPECT_EQ(R.next().Body, "{}");
  auto Second = R.next();
  EXPECT_EQ(Second.Kind, MessageReader::Status::Message);
  EXPECT_EQ(Second.Body, "[1]");
  EXPECT_EQ(R.next().Kind, MessageReader::Status::End);
}

TEST(LspFraming, InvalidLengthIsBadFrameThenResyncs) {
  auto R = readerOf("Content-Length: -4\r\n\r\n" + frame("{\"a\":1}"));
  EXPECT_EQ(R.next().Kind, MessageReader::Status::BadFrame);
  EXPECT_EQ(R.next().Body, "{\"a\":1}");
}

TEST(LspFraming, GarbageWithoutLengthIsBadFrameThenResyncs) {
  auto R = readerOf("hello there\r\n\r\n" + frame("{}"));
  EXPECT_EQ(R.next().Kind, MessageReader::Status::BadFrame);
  EXPECT_EQ(R.next().Body, "{}");
}

TEST(LspFraming, ShortLengthLeavesTailThatDoesNotHideNextHeader) {
  auto R = readerOf("Content-Length: 3\r\n\r\n{\"ab\":1}" + frame("{}"));
  EXPECT_EQ(R.next().Body, "{\"a");
  EXPECT_EQ(R.next().Body, "{}");
}

TEST(LspFraming, HugeLengthIsRejected) {
  auto R = readerOf("Content-Length: 99999999999\r\n\r\n");
  EXPECT_EQ(R.next().Kind, MessageReader::Status::BadFrame);
  EXPECT_EQ(R.next().Kind, MessageReader::Status::End);
}

TEST(LspFraming, TruncatedBodyEndsTheStream) {
  auto R = readerOf("Content-Length: 10\r\n\r\n{}");
  EXPECT_EQ(R.next().Kind, MessageReader::Status::End);
}

TEST(LspJson, MalformedJsonIsDiscardedAndInvalidUtf8IsReplaced) {
  EXPECT_TRUE(parseJson("{bad").is_discarded());
  nlohmann::json J = {{"s", std::string("\xFF")}};
  EXPECT_NE(dumpJson(J).find("\xEF\xBF\xBD"), std::string::npos);
  EXPECT_EQ(stringAt(nlohmann::json{{"a", 1}}, "a", "dflt"), "dflt");
  EXPECT_EQ(intAt(nlohmann::json::array(), "a", 7), 7);
}

} // namespace
