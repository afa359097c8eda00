#include "report/Baseline.h"
#include "report/Report.h"

#include "llvm/Support/FileSystem.h"

#include <fstream>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

using namespace asyncguard;
using nlohmann::json;

namespace {

Report sample() {
  Report R;
  R.SourceRoot = "/repo";
  R.WorkingDir = "/repo";
  Finding F;
  F.Rule = "blocking-sleep";
  F.Range.File = "/repo/src/app.cpp";
  F.Range.Begin = {42, 5, 900};
  F.Range.End = {42, 16, 911};
  F.Range.LineText = "    sleep(1); // \xc3\xa9";
  F.Message = "'sleep' blocks";
  F.Advice = "use 'co_await asyncguard::rt::sleep_for(...)' instead";
  F.Function = "handle";
  F.Callee = "sleep";
  F.Fingerprint = "abc:1";
  F.Context.push_back({{"/repo/src/app.cpp", {40, 1, 850}, {40, 1, 850}, "task<> handle() {"},
                       "'handle' is a coroutine; it runs on the event loop thread"});
  F.Fix.Description = "suspend";
  F.Fix.Edits.push_back({"/repo/src/app.cpp", 904, 8, "co_await asyncguard::rt::sleep_for(1s)"});
  R.Findings.push_back(F);
  Finding Hidden = F;
  Hidden.Range.Begin.Line = 50;
  Hidden.Suppression = "nolint";
  R.Findings.push_back(Hidden);
  R.ExitCode = 1;
  return R;
}

} // namespace

TEST(TextReporter, UsesTheCompilerFormatWithCaretAndNotes) {
  std::string Text = renderText(sample());
  EXPECT_NE(Text.find("src/app.cpp:42:5: warning: 'sleep' blocks [asyncguard-blocking-sleep]\n"),
            std::string::npos);
  EXPECT_NE(Text.find("   42 |     sleep(1);"), std::string::npos);
  EXPECT_NE(Text.find("      |     ^" + std::string(10, '~') + "\n"), std::string::npos) << Text;
  EXPECT_NE(Text.find("src/app.cpp:40:1: note: 'handle' is a coroutine"), std::string::npos);
  EXPECT_EQ(Text.find(":50:"), std::string::npos) << "suppressed findings are hidden";
}

TEST(SarifReporter, HasWhatCodeScanningNeedsAndNoMachinePaths) {
  std::string Text = renderSarif(sample());
  EXPECT_EQ(Text.find("/repo"), std::string::npos) << Text;
  json Doc = json::parse(Text);
  EXPECT_EQ(Doc["version"], "2.1.0");
  const json &Run = Doc["runs"][0];
  EXPECT_EQ(Run["columnKind"], "unicodeCodePoints");
  const json &Result = Run["results"][0];
  ASSERT_EQ(Run["results"].size(), 1u);
  EXPECT_EQ(Result["ruleId"], "blocking-sleep");
  const json &Artifact = Result["locations"][0]["physicalLocation"]["artifactLocation"];
  EXPECT_EQ(Artifact["uri"], "src/app.cpp");
  EXPECT_EQ(Artifact["uriBaseId"], "%SRCROOT%");
  EXPECT_EQ(Result["partialFingerprints"]["asyncguard/v1"], "abc:1");
  EXPECT_FALSE(Result["partialFingerprints"].contains("primaryLocationLineHash"));
  EXPECT_EQ(Result["fixes"][0]["artifactChanges"][0]["replacements"][0]["deletedRegion"]["byteOffset"], 904);
  for (const json &Rule : Run["tool"]["driver"]["rules"]) {
    EXPECT_TRUE(Rule.contains("helpUri"));
    EXPECT_TRUE(Rule["help"].contains("markdown"));
    EXPECT_FALSE(Rule["properties"].contains("security-severity"));
  }
}

TEST(SarifReporter, ReportSuppressedWritesSuppressions) {
  Report R = sample();
  R.IncludeSuppressed = true;
  json Doc = json::parse(renderSarif(R));
  ASSERT_EQ(Doc["runs"][0]["results"].size(), 2u);
  EXPECT_EQ(Doc["runs"][0]["results"][1]["suppressions"][0]["kind"], "inSource");
}

TEST(SarifReporter, ColumnsCountCodePointsNotBytes) {
  EXPECT_EQ(codePointColumn("\xc3\xa9x", 3), 2u);
  EXPECT_EQ(codePointColumn("abc", 2), 2u);
}

TEST(JsonReporter, CarriesTheSameFindingsAsText) {
  json Doc = json::parse(renderJson(sample()));
  ASSERT_EQ(Doc["findings"].size(), 1u);
  EXPECT_EQ(Doc["findings"][0]["line"], 42);
  EXPECT_EQ(Doc["findings"][0]["fix"]["edits"][0]["offset"], 904);
  EXPECT_EQ(Doc["exit_code"], 1);
}

TEST(GithubReporter, EscapesWorkflowCommandData) {
  Report R = sample();
  R.Findings[0].Message = "50% of, the: loop\nstalls";
  std::string Text = renderGithub(R);
  EXPECT_NE(Text.find("::warning file=src/app.cpp,line=42,col=5"), std::string::npos);
  EXPECT_NE(Text.find("50%25 of, the: loop%0Astalls"), std::string::npos);
}

TEST(JsonAndSarif, InvalidUtf8InSourceAndPathsStillGivesValidJson) {
  // nlohmann's dump threw type_error 316 on these bytes (docs/fuzzing.md).
  Report R = sample();
  R.Findings[0].Range.LineText = "  sleep(1); // caf\xe9 \"\xff\xfe\"";
  R.Findings[0].Range.File = "/repo/src/bad\xff.cpp";
  R.Findings[0].Message = "'sl\xc3' blocks";
  for (const std::string &Out : {renderJson(R), renderSarif(R)}) {
    ASSERT_TRUE(json::accept(Out)) << Out;
    EXPECT_NE(Out.find("\xef\xbf\xbd"), std::string::npos) << "U+FFFD replaces bad bytes";
  }
  json Sarif = json::parse(renderSarif(R));
  EXPECT_EQ(Sarif["runs"][0]["results"][0]["locations"][0]["physicalLocation"]
                 ["artifactLocation"]["uri"],
            "src/bad%FF.cpp");
}

TEST(SarifReporter, FileOutsideTheRootGetsAnAbsoluteFileUriWithoutBaseId) {
  // "%SRCROOT%" + "/usr/include/..." was an absolute path under a base id.
  Report R = sample();
  R.Findings[0].Chain.push_back({{"/opt/vendor/net client.h", {7, 3, 120}, {7, 9, 126}, "recv(s);"},
                                 "'fetch' calls 'recv' here"});
  json Result = json::parse(renderSarif(R))["runs"][0]["results"][0];
  const json &Inside = Result["locations"][0]["physicalLocation"]["artifactLocation"];
  EXPECT_EQ(Inside["uri"], "src/app.cpp");
  EXPECT_EQ(Inside["uriBaseId"], "%SRCROOT%");
  const json &Outside = Result["relatedLocations"].back()["physicalLocation"]["artifactLocation"];
  EXPECT_EQ(Outside["uri"], "file:///opt/vendor/net%20client.h");
  EXPECT_FALSE(Outside.contains("uriBaseId")) << Outside;
  const json &Step = Result["codeFlows"][0]["threadFlows"][0]["locations"].back();
  EXPECT_FALSE(Step["location"]["physicalLocation"]["artifactLocation"].contains("uriBaseId"));
}

TEST(Reporters, PathsAreRelativeToTheSourceRootWhateverTheWorkingDirectory) {
  // Text and GitHub output were relative to the working directory: "app.cpp"
  // from src/, which GitHub cannot place and which differs from SARIF.
  Report R = sample();
  R.WorkingDir = "/repo/src";
  std::string Text = renderText(R);
  EXPECT_EQ(Text.rfind("src/app.cpp:42:5: warning:", 0), 0u) << Text;
  EXPECT_NE(renderGithub(R).find("::warning file=src/app.cpp,line=42"), std::string::npos);
  json Doc = json::parse(renderJson(R));
  EXPECT_EQ(Doc["findings"][0]["file"], "src/app.cpp");
  EXPECT_EQ(Doc["source_root"], "/repo");
  R.Findings[0].Range.File = "/elsewhere/app.cpp";
  EXPECT_EQ(renderText(R).rfind("/elsewhere/app.cpp:42:5:", 0), 0u) << "outside the root: absolute";
}

TEST(Baseline, EntriesOfFilesTheRunDidNotAnalyseAreNeitherGoneNorDropped) {
  llvm::SmallString<128> Root;
  ASSERT_FALSE(llvm::sys::fs::createUniqueDirectory("ag-baseline", Root));
  for (const char *File : {"a.cpp", "b.cpp"}) {
    std::ofstream(std::string(Root) + "/" + File) << "\n";
  }
  std::vector<BaselineEntry> Known = {{"fa:1", "blocking-sleep", "a.cpp", "a"},
                                      {"fb:1", "blocking-sleep", "b.cpp", "b"},
                                      {"fc:1", "blocking-sleep", "deleted.cpp", "c"}};
  std::vector<Finding> None;
  // Only b.cpp was analysed (--changed b.cpp): a.cpp's entry is not gone;
  // b.cpp's is, and so is that of a file that no longer exists.
  std::vector<BaselineEntry> Gone = applyBaseline(Known, None, {"b.cpp"}, std::string(Root));
  ASSERT_EQ(Gone.size(), 2u);
  EXPECT_EQ(Gone[0].File, "b.cpp");
  EXPECT_EQ(Gone[1].File, "deleted.cpp");
  // A rewrite keeps a.cpp's entry; deleted.cpp's goes with its file.
  std::vector<BaselineEntry> Kept = keptEntries(Known, {"b.cpp"}, std::string(Root));
  ASSERT_EQ(Kept.size(), 1u);
  EXPECT_EQ(Kept[0].File, "a.cpp");
  std::string Path = std::string(Root) + "/baseline.json";
  ASSERT_FALSE(llvm::errorToBool(writeBaseline(Path, None, std::string(Root), Kept)));
  auto Read = readBaseline(Path);
  ASSERT_TRUE(bool(Read));
  ASSERT_EQ(Read->size(), 1u);
  EXPECT_EQ((*Read)[0].Fingerprint, "fa:1");
  llvm::sys::fs::remove_directories(Root);
}
