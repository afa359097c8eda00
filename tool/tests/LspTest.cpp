// Units of the language server's pure parts: UTF-16 positions, incremental
// edits, URIs and the message framing (including broken frames).

#include "lsp/Diagnostics.h"
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

// A seed session mutated byte-wise, run through the whole server in
// process: every run ends (no hang), returns 0 or 1, and every message the
// server writes is a well-framed JSON object.
#include "lsp/LspServer.h"

#include <random>

namespace {

std::string seedSession() {
  auto Msg = [](const std::string &Body) { return frame(Body); };
  return Msg(R"({"jsonrpc":"2.0","id":1,"method":"initialize","params":{"rootUri":"file:///nonexistent-ag-fuzz","capabilities":{"textDocument":{"diagnostic":{}}},"initializationOptions":{"debounceMs":0}}})") +
         Msg(R"({"jsonrpc":"2.0","method":"initialized","params":{}})") +
         Msg(R"({"jsonrpc":"2.0","method":"textDocument/didOpen","params":{"textDocument":{"uri":"file:///nonexistent-ag-fuzz/a.cpp","languageId":"cpp","version":1,"text":"void f() {}\n\xC3\xA9\n"}}})") +
         Msg(R"({"jsonrpc":"2.0","method":"textDocument/didChange","params":{"textDocument":{"uri":"file:///nonexistent-ag-fuzz/a.cpp","version":2},"contentChanges":[{"range":{"start":{"line":1,"character":1},"end":{"line":0,"character":3}},"text":"x"}]}})") +
         Msg(R"({"jsonrpc":"2.0","id":2,"method":"textDocument/diagnostic","params":{"textDocument":{"uri":"file:///nonexistent-ag-fuzz/a.cpp"}}})") +
         Msg(R"({"jsonrpc":"2.0","method":"$/cancelRequest","params":{"id":2}})") +
         Msg(R"({"jsonrpc":"2.0","id":3,"method":"textDocument/codeAction","params":{"textDocument":{"uri":"file:///nonexistent-ag-fuzz/a.cpp"},"range":{"start":{"line":0,"character":0},"end":{"line":9,"character":0}},"context":{"diagnostics":[]}}})") +
         Msg(R"({"jsonrpc":"2.0","method":"workspace/didChangeConfiguration","params":{"settings":{"asyncguard":{"select":["blocking-*"]}}}})") +
         Msg(R"({"jsonrpc":"2.0","method":"textDocument/didClose","params":{"textDocument":{"uri":"file:///nonexistent-ag-fuzz/a.cpp"}}})") +
         Msg(R"({"jsonrpc":"2.0","id":4,"method":"shutdown"})") +
         Msg(R"({"jsonrpc":"2.0","method":"exit"})");
}

void mutate(std::string &S, std::mt19937 &Rng) {
  auto Pick = [&](size_t N) { return N ? std::uniform_int_distribution<size_t>(0, N - 1)(Rng) : 0; };
  switch (Pick(5)) {
  case 0:
    if (!S.empty())
      S[Pick(S.size())] = static_cast<char>(Pick(256));
    break;
  case 1: {
    size_t At = Pick(S.size());
    S.erase(At, Pick(16) + 1);
    break;
  }
  case 2: {
    size_t At = Pick(S.size());
    S.insert(At, S.substr(Pick(S.size()), Pick(64)));
    break;
  }
  case 3: {
    static const char *Tokens[] = {"{", "}", "[", "]", "\"", ":", ",", "null", "-1", "1e999",
                                   "\r\n\r\n", "Content-Length: 0\r\n", "\"id\":{}", "\xF0"};
    S.insert(Pick(S.size()), Tokens[Pick(std::size(Tokens))]);
    break;
  }
  default:
    S.resize(Pick(S.size() + 1));
  }
}

TEST(LspServerFuzz, MutatedSessionsEndCleanlyWithWellFormedOutput) {
  std::mt19937 Rng(20240611);
  const std::string Seed = seedSession();
  for (int Round = 0; Round < 120; ++Round) {
    std::string Input = Seed;
    for (int K = 0, N = 1 + Round % 6; K < N; ++K)
      mutate(Input, Rng);
    auto Output = std::make_shared<std::string>();
    MessageWriter Writer([Output](const std::string &Bytes) {
      *Output += Bytes;
      return true;
    });
    int Code;
    {
      LspServer Server(readerOf(Input, 4096), Writer);
      Code = Server.run();
    }
    EXPECT_TRUE(Code == 0 || Code == 1) << Code;
    auto Out = readerOf(*Output, 1 << 20);
    for (auto M = Out.next(); M.Kind != MessageReader::Status::End; M = Out.next()) {
      ASSERT_EQ(M.Kind, MessageReader::Status::Message) << "round " << Round;
      nlohmann::json J = parseJson(M.Body);
      ASSERT_TRUE(J.is_object()) << M.Body;
      EXPECT_EQ(stringAt(J, "jsonrpc"), "2.0");
    }
  }
}

TEST(LspFailureDiagnostic, SitsAtTheErrorInTheFileOrAtTheTopForAnotherFile) {
  // A buffer that does not parse used to publish no diagnostics at all.
  std::string Text = "int a;\n  #include \"gone.h\"\n";
  TextCache Texts([&](const std::string &) { return &Text; });
  AnalysisFailure Here{"src/a.cpp:2:12: fatal error: 'gone.h' file not found\n  #include \"gone.h\"\n"
                       "           ^",
                       "/p"};
  nlohmann::json D = failureDiagnostic("/p/src/a.cpp", Here, Texts);
  EXPECT_EQ(D["severity"], 1);
  EXPECT_EQ(D["range"]["start"], (nlohmann::json{{"line", 1}, {"character", 11}}));
  EXPECT_EQ(D["message"], "asyncguard could not analyse this file, so its findings are missing: "
                          "fatal error: 'gone.h' file not found");
  AnalysisFailure Elsewhere{"/p/include/b.h:3:1: error: unknown type name 'x'", "/p"};
  D = failureDiagnostic("/p/src/a.cpp", Elsewhere, Texts);
  EXPECT_EQ(D["range"]["start"], (nlohmann::json{{"line", 0}, {"character", 0}}));
  EXPECT_NE(D["message"].get<std::string>().find("/p/include/b.h:3:1: error: unknown type name"),
            std::string::npos);
}

} // namespace
