// Issue 20: facts files, cache entries and baselines are data another party
// may have written (a restored CI cache, a shard's artifact, a pull
// request's baseline). Each test here failed before the check it names.
#include "core/Config.h"
#include "core/FactsJson.h"
#include "driver/FactCache.h"
#include "driver/TuRunner.h"
#include "lsp/JsonRpc.h"
#include "lsp/Positions.h"
#include "report/Baseline.h"

#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"
#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>

using namespace asyncguard;

namespace {

std::string tempDir() {
  llvm::SmallString<128> Dir;
  EXPECT_FALSE(llvm::sys::fs::createUniqueDirectory("ag-untrusted", Dir));
  return std::string(Dir);
}

void writeFile(const std::string &Path, const std::string &Text) {
  llvm::sys::fs::create_directories(llvm::sys::path::parent_path(Path));
  std::ofstream(Path, std::ios::binary) << Text;
}

/// Facts of a TU that read `File` and offer one fix in it.
TuFacts sampleFacts(const std::string &File) {
  TuFacts Facts;
  Facts.MainFile = File;
  Facts.FileHashes[File] = "0123456789abcdef";
  FunctionFact F;
  F.Usr = "c:@F@f#";
  F.Name = "f";
  F.Location = {File, {3, 1, 40}, {3, 2, 41}, "task f() {"};
  BlockingCall B;
  B.Api = "::sleep";
  B.Rule = "blocking-sleep";
  B.Site.Range = {File, {4, 3, 55}, {4, 8, 60}, "  sleep(1);"};
  B.Fix.Edits.push_back({File, 55, 8, "co_await sleep_for(1s)"});
  F.Blocking.push_back(B);
  Facts.Functions.push_back(F);
  return Facts;
}

std::string errorOf(llvm::Expected<TuFacts> Facts) {
  if (Facts)
    return "";
  return llvm::toString(Facts.takeError());
}

} // namespace

TEST(FactsJson, RoundTripsWhatItWrites) {
  TuFacts Facts = sampleFacts("/p/a.cpp");
  Facts.AbsentFiles = {"/p/incA/h.h"};
  auto Read = readFactsJson(*writeFactsJson(Facts, false), "f.json");
  ASSERT_TRUE(static_cast<bool>(Read)) << llvm::toString(Read.takeError());
  EXPECT_EQ(nlohmann::json(*Read), nlohmann::json(Facts));
}

// `merge` accepted `{}` (every key defaulted) and renamed keys silently.
TEST(FactsJson, EmptyObjectsRenamedAndExtraKeysAreRefused) {
  nlohmann::json Good = nlohmann::json::parse(*writeFactsJson(sampleFacts("/p/a.cpp"), false));
  EXPECT_NE(errorOf(readFactsJson("{}", "f.json")).find("not an asyncguard facts file"),
            std::string::npos);
  nlohmann::json Empty = Good;
  Empty["facts"] = nlohmann::json::object();
  EXPECT_NE(errorOf(readFactsJson(Empty.dump(), "f.json")).find("missing key at '/"),
            std::string::npos);
  nlohmann::json Renamed = Good;
  Renamed["facts"]["Functions"][0]["Blocking"][0]["Rulez"] =
      Renamed["facts"]["Functions"][0]["Blocking"][0]["Rule"];
  Renamed["facts"]["Functions"][0]["Blocking"][0].erase("Rule");
  std::string Error = errorOf(readFactsJson(Renamed.dump(), "f.json"));
  EXPECT_NE(Error.find("f.json: does not match the facts schema"), std::string::npos) << Error;
  EXPECT_NE(Error.find("/Functions/0/Blocking/0/Rule"), std::string::npos) << Error;
  nlohmann::json Negative = Good;
  Negative["facts"]["Functions"][0]["Location"]["Begin"]["Line"] = -1;
  EXPECT_NE(errorOf(readFactsJson(Negative.dump(), "f.json")).find("wrong type"),
            std::string::npos);
  nlohmann::json Mistyped = Good;
  Mistyped["facts"]["Failed"] = "yes";
  EXPECT_NE(errorOf(readFactsJson(Mistyped.dump(), "f.json")).find("wrong type"),
            std::string::npos);
}

TEST(FactsJson, OtherVersionsAreRefusedWithBothVersionsNamed) {
  nlohmann::json Doc = nlohmann::json::parse(*writeFactsJson(sampleFacts("/p/a.cpp"), false));
  Doc["version"] = FactsFormatVersion - 1;
  std::string Error = errorOf(readFactsJson(Doc.dump(), "f.json"));
  EXPECT_NE(Error.find("reads version " + std::to_string(FactsFormatVersion)), std::string::npos)
      << Error;
}

// A 4-billion column made the reporters allocate a 4 GB caret line.
TEST(FactsJson, PositionsAboveTheLargestSourceFileAreRefused) {
  nlohmann::json Doc = nlohmann::json::parse(*writeFactsJson(sampleFacts("/p/a.cpp"), false));
  Doc["facts"]["Functions"][0]["Blocking"][0]["Site"]["Range"]["Begin"]["Column"] = 4000000000u;
  std::string Error = errorOf(readFactsJson(Doc.dump(), "f.json"));
  EXPECT_NE(Error.find("position out of range at '/Functions/0/Blocking/0/Site/Range/Begin/Column'"),
            std::string::npos)
      << Error;
  Doc = nlohmann::json::parse(*writeFactsJson(sampleFacts("/p/a.cpp"), false));
  Doc["facts"]["Functions"][0]["Blocking"][0]["Fix"]["Edits"][0]["Length"] = 4294967295u;
  EXPECT_NE(errorOf(readFactsJson(Doc.dump(), "f.json")).find("position out of range"),
            std::string::npos);
}

// FactsFuzzer: 2.96667e+38 in an unsigned field was cast by nlohmann
// (undefined behaviour under UBSan) before any range check could see it.
TEST(FactsJson, FractionalNumbersAreRefusedBeforeConversion) {
  nlohmann::json Doc = nlohmann::json::parse(*writeFactsJson(sampleFacts("/p/a.cpp"), false));
  Doc["facts"]["Functions"][0]["Blocking"][0]["Site"]["Range"]["Begin"]["Line"] = 2.96667e+38;
  std::string Error = errorOf(readFactsJson(Doc.dump(), "f.json"));
  EXPECT_NE(Error.find("a fractional number at '/Functions/0/Blocking/0/Site/Range/Begin/Line'"),
            std::string::npos)
      << Error;
}

// A tampered cache entry made --fix write a file outside the project.
TEST(FactsJson, EditsOfFilesTheTuDidNotReadAreRefused) {
  TuFacts Facts = sampleFacts("/p/a.cpp");
  Facts.Functions[0].Blocking[0].Fix.Edits[0].File = "/home/user/.bashrc";
  std::string Error = errorOf(readFactsJson(*writeFactsJson(Facts, false), "f.json"));
  EXPECT_NE(Error.find("a fix edits '/home/user/.bashrc', which the TU did not read"),
            std::string::npos)
      << Error;
}

TEST(FactsJson, DeepNestingIsRefusedBeforeParsing) {
  std::string Deep = "{\"format\":\"asyncguard-facts\",\"version\":3,\"facts\":" +
                     std::string(100000, '[') + std::string(100000, ']') + "}";
  EXPECT_NE(errorOf(readFactsJson(Deep, "f.json")).find("nested deeper than 64"),
            std::string::npos);
}

TEST(FactCache, EntriesThatAreNotValidFactsAreMisses) {
  std::string Root = tempDir();
  std::string Source = Root + "/a.cpp";
  writeFile(Source, "int main() {}\n");
  TuCommand Cmd{Root, Source, {"clang++", "-std=c++20", Source}};
  FactCache Cache(Root + "/cache", "salt");
  TuFacts Facts = sampleFacts(Source);
  Facts.FileHashes.clear();
  Facts.Functions[0].Blocking[0].Fix.Edits.clear();
  Cache.store(Cmd, Facts);
  ASSERT_TRUE(Cache.load(Cmd).has_value()) << "a valid entry is a hit";
  // Overwrite every entry with tampered forms of the same one.
  std::error_code EC;
  std::string Entry;
  for (llvm::sys::fs::directory_iterator It(Root + "/cache", EC), End; It != End && !EC;
       It.increment(EC))
    Entry = It->path();
  ASSERT_FALSE(Entry.empty());
  nlohmann::json Valid = nlohmann::json::parse(*writeFactsJson(Facts, false));
  nlohmann::json OtherFile = Valid;
  OtherFile["facts"]["MainFile"] = Root + "/b.cpp";
  for (const std::string &Tampered :
       {std::string("{}"), std::string("[]"), nlohmann::json({{"facts", Valid["facts"]}}).dump(),
        OtherFile.dump()}) {
    writeFile(Entry, Tampered);
    EXPECT_FALSE(Cache.load(Cmd).has_value()) << Tampered;
  }
  llvm::sys::fs::remove_directories(Root);
}

// A header added to an earlier -I directory than the one that had it
// shadows it; the entry that used the old one must not be a hit.
TEST(FactCache, NewShadowingHeaderOrHasIncludeInvalidatesTheEntry) {
  std::string Root = tempDir();
  std::string Source = Root + "/a.cpp";
  writeFile(Source, "#include \"h.h\"\n#if __has_include(\"opt.h\")\n#include \"opt.h\"\n#endif\n"
                    "int main() { return H; }\n");
  writeFile(Root + "/incB/h.h", "#define H 0\n");
  llvm::sys::fs::create_directories(Root + "/incA");
  TuCommand Cmd{Root, Source, {"clang++", "-std=c++20", "-IincA", "-IincB", Source}};
  auto Apis = Catalogue::builtin();
  ASSERT_TRUE(static_cast<bool>(Apis));
  Config Defaults;
  CollectorOptions Options;
  Options.Apis = &*Apis;
  Options.Settings = &Defaults;
  TuFacts Facts = analyzeTu(Cmd, Options);
  ASSERT_FALSE(Facts.Failed) << (Facts.Errors.empty() ? "" : Facts.Errors[0].Text);
  auto Absent = [&](const std::string &P) {
    return std::count(Facts.AbsentFiles.begin(), Facts.AbsentFiles.end(), P) == 1;
  };
  EXPECT_TRUE(Absent(Root + "/incA/h.h")) << nlohmann::json(Facts.AbsentFiles).dump(1);
  EXPECT_TRUE(Absent(Root + "/incB/opt.h"));
  FactCache Cache(Root + "/cache", "salt");
  Cache.store(Cmd, Facts);
  // Through the relative -IincB: named against the TU's directory, not
  // the tool's working directory (the hash check of every hit failed).
  EXPECT_EQ(Facts.FileHashes.count(Root + "/incB/h.h"), 1u)
      << nlohmann::json(Facts.FileHashes).dump(1);
  ASSERT_TRUE(Cache.load(Cmd).has_value());
  writeFile(Root + "/incA/h.h", "#define H 1\n");
  EXPECT_FALSE(Cache.load(Cmd).has_value()) << "incA/h.h now shadows incB/h.h";
  llvm::sys::fs::remove(Root + "/incA/h.h");
  ASSERT_TRUE(Cache.load(Cmd).has_value());
  writeFile(Root + "/incB/opt.h", "\n");
  EXPECT_FALSE(Cache.load(Cmd).has_value()) << "__has_include(\"opt.h\") is now true";
  llvm::sys::fs::remove_directories(Root);
}

TEST(FactCache, IncludePathVariablesArePartOfTheKey) {
  std::string Root = tempDir();
  std::string Source = Root + "/a.cpp";
  writeFile(Source, "int main() {}\n");
  TuCommand Cmd{Root, Source, {"clang++", Source}};
  FactCache Cache(Root + "/cache", "salt");
  TuFacts Facts;
  Facts.MainFile = Source;
  ::unsetenv("CPLUS_INCLUDE_PATH");
  Cache.store(Cmd, Facts);
  ASSERT_TRUE(Cache.load(Cmd).has_value());
  ::setenv("CPLUS_INCLUDE_PATH", (Root + "/inc").c_str(), 1);
  EXPECT_FALSE(Cache.load(Cmd).has_value());
  ::unsetenv("CPLUS_INCLUDE_PATH");
  EXPECT_TRUE(Cache.load(Cmd).has_value());
  llvm::sys::fs::remove_directories(Root);
}

// A baseline with a number where a string belongs threw nlohmann's
// type_error out of readBaseline: the tool aborted (exit 134).
TEST(Baseline, WrongTypesAndDeepNestingAreErrorsNotAborts) {
  std::string Root = tempDir();
  std::string Path = Root + "/baseline.json";
  const std::pair<const char *, const char *> Cases[] = {
      {R"({"tool":"asyncguard","version":1,"findings":[{"Fingerprint":7}]})",
       "\"Fingerprint\" is not a string (7)"},
      {R"({"tool":"asyncguard","version":1,"findings":[{"Fingerprint":"x","Rule":["a"]}]})",
       "\"Rule\" is not a string"},
      {R"({"tool":"asyncguard","version":2,"findings":[]})", "\"version\" is not 1"},
      {R"({"findings":[]})", "no \"tool\": \"asyncguard\""},
  };
  for (const auto &[Text, Expected] : Cases) {
    writeFile(Path, Text);
    auto Read = readBaseline(Path);
    ASSERT_FALSE(static_cast<bool>(Read)) << Text;
    std::string Message = llvm::toString(Read.takeError());
    EXPECT_NE(Message.find(Expected), std::string::npos) << Message;
  }
  writeFile(Path, std::string(100000, '[') + std::string(100000, ']'));
  auto Deep = readBaseline(Path);
  ASSERT_FALSE(static_cast<bool>(Deep));
  EXPECT_NE(llvm::toString(Deep.takeError()).find("nested deeper than 64"), std::string::npos);
  llvm::sys::fs::remove_directories(Root);
}

// The LSP parsed each message body with nlohmann's recursive parser; a body
// of 100 000 '[' overflowed the server's stack.
TEST(LspJson, DeepNestingIsAParseErrorNotAStackOverflow) {
  EXPECT_TRUE(lsp::parseJson(std::string(100000, '[') + std::string(100000, ']')).is_discarded());
  EXPECT_FALSE(lsp::parseJson(R"({"params":{"a":[[1]]}})").is_discarded());
}

// Issue 20, item 13: a URI with ".." kept it, so its diagnostics (keyed by
// the normalised path) were never published.
TEST(LspUri, DotDotIsRemovedSoDiagnosticsFindTheDocument) {
  EXPECT_EQ(lsp::pathOfUri("file:///w/src/../a.cpp"), "/w/a.cpp");
  EXPECT_EQ(lsp::pathOfUri("file:///w/./src/%2E%2E/a.cpp"), "/w/a.cpp");
}
