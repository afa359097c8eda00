#include "core/Suppression.h"

#include <gtest/gtest.h>

using namespace asyncguard;

TEST(Nolint, BareNolintSilencesEveryRule) {
  NolintIndex Index("sleep(1); // NOLINT\n");
  EXPECT_TRUE(isSuppressed(Index.patternsForLine(1), "blocking-sleep"));
  EXPECT_TRUE(isSuppressed(Index.patternsForLine(1), "blocking-io"));
}

TEST(Nolint, NamedCheckSilencesOnlyThatRule) {
  NolintIndex Index("sleep(1); // NOLINT(asyncguard-blocking-io, misc-x)\n");
  EXPECT_FALSE(isSuppressed(Index.patternsForLine(1), "blocking-sleep"));
  EXPECT_TRUE(isSuppressed(Index.patternsForLine(1), "blocking-io"));
}

TEST(Nolint, NextLineAppliesToTheFollowingLineOnly) {
  NolintIndex Index("// NOLINTNEXTLINE(asyncguard-*)\nsleep(1);\nsleep(2);\n");
  EXPECT_FALSE(isSuppressed(Index.patternsForLine(1), "blocking-sleep"));
  EXPECT_TRUE(isSuppressed(Index.patternsForLine(2), "blocking-sleep"));
  EXPECT_FALSE(isSuppressed(Index.patternsForLine(3), "blocking-sleep"));
}

TEST(Nolint, BeginEndCoversTheRegion) {
  NolintIndex Index("a\n// NOLINTBEGIN(asyncguard-blocking-sleep)\nb\nc\n// "
                    "NOLINTEND(asyncguard-blocking-sleep)\nd\n");
  EXPECT_FALSE(isSuppressed(Index.patternsForLine(1), "blocking-sleep"));
  EXPECT_TRUE(isSuppressed(Index.patternsForLine(3), "blocking-sleep"));
  EXPECT_TRUE(isSuppressed(Index.patternsForLine(4), "blocking-sleep"));
  EXPECT_FALSE(isSuppressed(Index.patternsForLine(6), "blocking-sleep"));
}

TEST(Nolint, OtherToolsAndWordsAreNotSuppressions) {
  NolintIndex Index("x; // NOLINTS are not a thing\ny; // NOLINT(clang-analyzer-*)\nz = \"NOLINT\";\n");
  EXPECT_FALSE(isSuppressed(Index.patternsForLine(1), "blocking-sleep"));
  EXPECT_FALSE(isSuppressed(Index.patternsForLine(2), "blocking-sleep"));
  EXPECT_FALSE(isSuppressed(Index.patternsForLine(3), "blocking-sleep"));
}

TEST(Nolint, BareRuleIdSuppressesLikeThePrefixedForm) {
  NolintIndex Index("sleep(1); // NOLINT(blocking-sleep)\nsleep(2); // NOLINT(blocking-*)\n");
  EXPECT_TRUE(isSuppressed(Index.patternsForLine(1), "blocking-sleep"));
  EXPECT_FALSE(isSuppressed(Index.patternsForLine(1), "blocking-io"));
  EXPECT_TRUE(isSuppressed(Index.patternsForLine(2), "blocking-io"));
}

TEST(Nolint, AnotherToolsCheckEndingInOurIdDoesNotSuppress) {
  // Only the whole name counts: a foreign check that merely contains our id
  // is that tool's business.
  NolintIndex Index("a; // NOLINT(bugprone-blocking-sleep)\nb; // NOLINT(misc-*)\n");
  EXPECT_FALSE(isSuppressed(Index.patternsForLine(1), "blocking-sleep"));
  EXPECT_FALSE(isSuppressed(Index.patternsForLine(2), "blocking-sleep"));
  EXPECT_TRUE(Index.markers().empty()) << "markers of other tools are not ours to report";
}

TEST(Nolint, UnmatchedBeginSuppressesNothingAndIsMarked) {
  NolintIndex Index("a\n// NOLINTBEGIN(blocking-sleep)\nsleep(1);\n");
  EXPECT_FALSE(isSuppressed(Index.patternsForLine(3), "blocking-sleep"));
  ASSERT_EQ(Index.markers().size(), 1u);
  EXPECT_EQ(Index.markers()[0].Kind, "NOLINTBEGIN");
  EXPECT_TRUE(Index.markers()[0].Unmatched);
  EXPECT_EQ(Index.markers()[0].Range.Begin.Line, 2u);
  EXPECT_EQ(Index.markers()[0].Range.Begin.Column, 4u);
}

TEST(Nolint, EndClosesTheBeginWithTheSameChecksOnly) {
  NolintIndex Index("// NOLINTBEGIN(blocking-io)\nx\n// NOLINTEND(blocking-sleep)\n"
                    "// NOLINTEND(blocking-io)\ny\n");
  ASSERT_EQ(Index.markers().size(), 3u);
  EXPECT_FALSE(Index.markers()[0].Unmatched);
  EXPECT_EQ(Index.markers()[0].LastLine, 4u);
  EXPECT_TRUE(Index.markers()[1].Unmatched) << "a NOLINTEND with other checks closes nothing";
  EXPECT_FALSE(Index.markers()[2].Unmatched);
  EXPECT_TRUE(isSuppressed(Index.patternsForLine(2), "blocking-io"));
  EXPECT_FALSE(isSuppressed(Index.patternsForLine(5), "blocking-io"));
}

TEST(Nolint, OnlyPatternsWrittenForAsyncguardCountAsNamingOurRules) {
  EXPECT_TRUE(namesAsyncguardRule("blocking-sleep"));
  EXPECT_TRUE(namesAsyncguardRule("asyncguard-*"));
  EXPECT_FALSE(namesAsyncguardRule("*")) << "a catch-all may be meant for any tool";
  EXPECT_FALSE(namesAsyncguardRule("bugprone-use-after-move"));
}
