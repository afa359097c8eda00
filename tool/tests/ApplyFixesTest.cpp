#include "fix/ApplyFixes.h"

#include <gtest/gtest.h>

using namespace asyncguard;

namespace {
Finding withFix(std::vector<Edit> Edits) {
  Finding F;
  F.Rule = "blocking-sleep";
  F.Fix.Description = "d";
  F.Fix.Edits = std::move(Edits);
  return F;
}
} // namespace

TEST(ApplyFixes, SharedIncludeIsAddedOnceAndOverlapsAreSkipped) {
  Edit Include{"/f.cpp", 0, 0, "#include <asyncguard/rt.hpp>\n"};
  Finding A = withFix({Include, {"/f.cpp", 10, 5, "AAA"}});
  Finding B = withFix({Include, {"/f.cpp", 20, 5, "BBB"}});
  Finding C = withFix({{"/f.cpp", 12, 2, "CCC"}}); // overlaps A
  FixPlan Plan = planFixes({&A, &B, &C});
  ASSERT_EQ(Plan.EditsByFile["/f.cpp"].size(), 3u);
  EXPECT_EQ(Plan.Applied.size(), 2u);
  ASSERT_EQ(Plan.Skipped.size(), 1u);
  EXPECT_EQ(Plan.Skipped[0], &C);
}

TEST(ApplyFixes, EditsApplyFromOffsetsAndNeverWritePastTheEnd) {
  std::string Text = "0123456789";
  EXPECT_EQ(applyEdits(Text, {{"", 0, 0, "<"}, {"", 2, 3, "x"}, {"", 10, 0, ">"}}), "<01x56789>");
  EXPECT_EQ(applyEdits(Text, {{"", 8, 5, "y"}}), Text);
}

TEST(ApplyFixes, UnifiedDiffHasHunksWithContext) {
  std::string A = "a\nb\nc\nd\ne\nf\ng\nh\ni\nj\n";
  std::string B = "a\nb\nc\nD\ne\nf\ng\nh\ni\nj\n";
  std::string Diff = unifiedDiff("x.cpp", A, B);
  EXPECT_EQ(Diff, "--- a/x.cpp\n+++ b/x.cpp\n@@ -1,7 +1,7 @@\n a\n b\n c\n-d\n+D\n e\n f\n g\n");
  EXPECT_EQ(unifiedDiff("x.cpp", A, A), "");
}

TEST(ApplyFixes, RefusesAFileThatChangedSinceAnalysis) {
  Finding A = withFix({{"/nonexistent/dir/f.cpp", 0, 1, "x"}});
  FixPlan Plan = planFixes({&A});
  std::vector<std::string> Written;
  auto Problems = writeFixes(Plan, {{"/nonexistent/dir/f.cpp", "abc"}}, Written);
  EXPECT_TRUE(Written.empty());
  ASSERT_EQ(Problems.size(), 1u);
}

#include "fix/FixBuilder.h"

TEST(FixStyle, NamedStylesAndTemplatesAndErrors) {
  auto Default = FixStyle::fromConfig("asyncguard");
  ASSERT_TRUE(static_cast<bool>(Default));
  EXPECT_NE(Default->Offload.find("asyncguard::rt::offload"), std::string::npos);
  auto Asio = FixStyle::fromConfig("asio");
  ASSERT_TRUE(static_cast<bool>(Asio));
  EXPECT_NE(Asio->SleepFor.find("asio::steady_timer"), std::string::npos);
  auto Cppcoro = FixStyle::fromConfig("cppcoro");
  ASSERT_TRUE(static_cast<bool>(Cppcoro));
  EXPECT_TRUE(Cppcoro->Offload.empty());
  EXPECT_FALSE(Cppcoro->Missing.empty()) << "a style without offload says why";
  auto Custom = FixStyle::fromConfig(
      R"json({"offload": "co_await x::run([&] { return {expr}; })", "include": "x/run.h"})json");
  ASSERT_TRUE(static_cast<bool>(Custom));
  EXPECT_EQ(Custom->Include, "<x/run.h>");
  EXPECT_TRUE(Custom->SleepFor.empty());
  auto Bad = FixStyle::fromConfig(R"({"ofload": "x"})");
  ASSERT_FALSE(static_cast<bool>(Bad));
  EXPECT_NE(llvm::toString(Bad.takeError()).find("ofload"), std::string::npos);
}
