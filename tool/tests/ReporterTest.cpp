#include "report/Report.h"

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
