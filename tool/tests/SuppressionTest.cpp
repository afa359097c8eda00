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
