#include "fix/ApplyFixes.h"
#include "core/Facts.h"

#include "llvm/Support/FileSystem.h"

#include <fstream>
#include <gtest/gtest.h>
#include <unistd.h>

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

TEST(ApplyFixes, UnifiedDiffOfLargeFilesIsLinearAndLocal) {
  // An N x M table over 50 000 lines would be 10 GB; the diff must be instant.
  std::string A, B;
  for (int I = 0; I < 50000; ++I) {
    A += "line " + std::to_string(I) + "\n";
    B += (I == 25000 ? "changed" : "line " + std::to_string(I)) + "\n";
  }
  B += "appended\n";
  std::string Diff = unifiedDiff("x.cpp", A, B);
  EXPECT_NE(Diff.find("@@ -24998,7 +24998,7 @@\n line 24997\n line 24998\n line 24999\n"
                      "-line 25000\n+changed\n"),
            std::string::npos)
      << Diff;
  EXPECT_NE(Diff.find("+appended\n"), std::string::npos);
}

TEST(ApplyFixes, UnifiedDiffIsMinimal) {
  // Against a longest-common-subsequence count, on small random files.
  unsigned Seed = 12345;
  auto Next = [&] { return Seed = Seed * 1103515245 + 12345, (Seed >> 16) % 4; };
  for (int Case = 0; Case < 300; ++Case) {
    std::vector<std::string> A(Next() * 3 + Next()), B(Next() * 3 + Next());
    std::string TextA, TextB;
    for (std::string &L : A)
      TextA += L = std::string(1, char('a' + Next())) + "\n";
    for (std::string &L : B)
      TextB += L = std::string(1, char('a' + Next())) + "\n";
    std::vector<std::vector<size_t>> L(A.size() + 1, std::vector<size_t>(B.size() + 1, 0));
    for (size_t I = A.size(); I-- > 0;)
      for (size_t J = B.size(); J-- > 0;)
        L[I][J] = A[I] == B[J] ? L[I + 1][J + 1] + 1 : std::max(L[I + 1][J], L[I][J + 1]);
    std::string Diff = unifiedDiff("x", TextA, TextB);
    size_t Removed = 0, Added = 0;
    llvm::SmallVector<llvm::StringRef> Lines;
    llvm::StringRef(Diff).split(Lines, '\n');
    for (llvm::StringRef Line : llvm::ArrayRef(Lines).drop_front(std::min<size_t>(2, Lines.size()))) {
      Removed += Line.starts_with("-");
      Added += Line.starts_with("+");
    }
    EXPECT_EQ(Removed, A.size() - L[0][0]) << TextA << "---\n" << TextB << Diff;
    EXPECT_EQ(Added, B.size() - L[0][0]) << TextA << "---\n" << TextB << Diff;
  }
}

TEST(ApplyFixes, RefusesAFileThatChangedSinceAnalysis) {
  Finding A = withFix({{"/nonexistent/dir/f.cpp", 0, 1, "x"}});
  FixPlan Plan = planFixes({&A});
  std::vector<std::string> Written;
  auto Problems = writeFixes(Plan, {{"/nonexistent/dir/f.cpp", "abc"}}, "/nonexistent", Written);
  EXPECT_TRUE(Written.empty());
  ASSERT_EQ(Problems.size(), 1u);
}

/// A project folder and a folder outside it, removed afterwards.
class WriteFixesTest : public ::testing::Test {
protected:
  void SetUp() override {
    ASSERT_FALSE(llvm::sys::fs::createUniqueDirectory("ag-fix", Base));
    Project = (Base + "/project").str();
    Outside = (Base + "/outside").str();
    ASSERT_FALSE(llvm::sys::fs::create_directories(Project));
    ASSERT_FALSE(llvm::sys::fs::create_directories(Outside));
  }
  void TearDown() override { llvm::sys::fs::remove_directories(Base); }

  static void write(const std::string &Path, const std::string &Text) {
    std::ofstream(Path, std::ios::binary) << Text;
  }
  static std::string read(const std::string &Path) {
    std::ifstream In(Path, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(In), {});
  }
  /// Fixes `Path` (as the analysis saw it, with `Text`): "old" -> "new".
  std::vector<std::string> fix(const std::string &Path, const std::string &Text,
                               std::vector<std::string> &Written) {
    Held = withFix({{Path, 0, 3, "new"}});
    FixPlan Plan = planFixes({&Held});
    return writeFixes(Plan, {{Path, contentHash(Text)}}, Project, Written);
  }

  llvm::SmallString<128> Base;
  std::string Project, Outside;
  Finding Held;
};

TEST_F(WriteFixesTest, KeepsModeOfAPlainFile) {
  std::string F = Project + "/a.cpp";
  write(F, "old;\n");
  ASSERT_FALSE(llvm::sys::fs::setPermissions(F, llvm::sys::fs::perms(0640)));
  std::vector<std::string> Written;
  EXPECT_TRUE(fix(F, "old;\n", Written).empty());
  EXPECT_EQ(read(F), "new;\n");
  llvm::sys::fs::file_status S;
  ASSERT_FALSE(llvm::sys::fs::status(F, S));
  EXPECT_EQ(S.permissions(), llvm::sys::fs::perms(0640));
  std::error_code EC;
  for (llvm::sys::fs::directory_iterator It(Project, EC), End; It != End && !EC; It.increment(EC))
    EXPECT_EQ(It->path(), F) << "no temporary file is left behind";
}

TEST_F(WriteFixesTest, RefusesAFileOutsideTheProject) {
  std::string F = Outside + "/evil.h";
  write(F, "old;\n");
  std::vector<std::string> Written;
  auto Problems = fix(F, "old;\n", Written);
  ASSERT_EQ(Problems.size(), 1u);
  EXPECT_NE(Problems[0].find("outside the project"), std::string::npos) << Problems[0];
  EXPECT_EQ(read(F), "old;\n");
}

TEST_F(WriteFixesTest, RefusesASymlinkThatLeavesTheProject) {
  std::string Target = Outside + "/t.h", Link = Project + "/t.h";
  write(Target, "old;\n");
  ASSERT_FALSE(llvm::sys::fs::create_link(Target, Link));
  std::vector<std::string> Written;
  auto Problems = fix(Link, "old;\n", Written);
  ASSERT_EQ(Problems.size(), 1u);
  EXPECT_NE(Problems[0].find("through a symlink"), std::string::npos) << Problems[0];
  EXPECT_EQ(read(Target), "old;\n");
}

TEST_F(WriteFixesTest, FollowsASymlinkInsideTheProjectAndKeepsIt) {
  std::string Target = Project + "/real.h", Link = Project + "/link.h";
  write(Target, "old;\n");
  ASSERT_FALSE(llvm::sys::fs::create_link(Target, Link));
  std::vector<std::string> Written;
  EXPECT_TRUE(fix(Link, "old;\n", Written).empty());
  EXPECT_EQ(read(Target), "new;\n");
  llvm::sys::fs::file_status S;
  ASSERT_FALSE(llvm::sys::fs::status(Link, S, /*Follow=*/false));
  EXPECT_EQ(S.type(), llvm::sys::fs::file_type::symlink_file) << "the symlink stays a symlink";
}

TEST_F(WriteFixesTest, KeepsHardLinksTogether) {
  std::string F = Project + "/a.cpp", Other = Project + "/b.cpp";
  write(F, "old;\n");
  ASSERT_FALSE(llvm::sys::fs::create_hard_link(F, Other));
  std::vector<std::string> Written;
  EXPECT_TRUE(fix(F, "old;\n", Written).empty());
  EXPECT_EQ(read(F), "new;\n");
  EXPECT_EQ(read(Other), "new;\n") << "a rename would have split the hard link";
}

TEST_F(WriteFixesTest, RefusesAReadOnlyFileAlsoAsRoot) {
  std::string F = Project + "/ro.cpp";
  write(F, "old;\n");
  ASSERT_FALSE(llvm::sys::fs::setPermissions(F, llvm::sys::fs::perms(0444)));
  std::vector<std::string> Written;
  auto Problems = fix(F, "old;\n", Written);
  ASSERT_EQ(Problems.size(), 1u);
  EXPECT_NE(Problems[0].find("read-only"), std::string::npos) << Problems[0];
}

TEST_F(WriteFixesTest, RefusesAnEditForAFileWithNoAnalysedHash) {
  std::string F = Project + "/a.cpp";
  write(F, "old;\n");
  Held = withFix({{F, 0, 3, "new"}});
  FixPlan Plan = planFixes({&Held});
  std::vector<std::string> Written;
  auto Problems = writeFixes(Plan, {}, Project, Written);
  ASSERT_EQ(Problems.size(), 1u);
  EXPECT_EQ(read(F), "old;\n");
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

TEST(RemapAfterFixes, OffsetsMovePastEarlierEditsAndIntoReplacements) {
  std::vector<Edit> Edits = {{"f", 0, 0, "#include <x>\n"}, {"f", 20, 5, "ab"}};
  EXPECT_EQ(offsetAfterEdits(0, Edits), 13u) << "text inserted at the position goes before it";
  EXPECT_EQ(offsetAfterEdits(10, Edits), 23u);
  EXPECT_EQ(offsetAfterEdits(22, Edits), 33u) << "inside a replacement: its start";
  EXPECT_EQ(offsetAfterEdits(30, Edits), 30u + 13u - 3u);
}

TEST_F(WriteFixesTest, RemainingFindingsAreReportedAtTheirLinesAfterTheFix) {
  std::string F = Project + "/a.cpp";
  std::string Before = "old;\nint x;\nwait();\n";
  write(F, Before);
  Finding Remaining;
  Remaining.Range.File = F;
  Remaining.Range.Begin = {3, 1, 12};
  Remaining.Range.End = {3, 5, 16};
  Remaining.Range.LineText = "wait();";
  Remaining.Fix.Edits = {{F, 12, 4, "co_await w"}};
  std::vector<Edit> Written = {{F, 0, 0, "#include <rt.h>\n"}, {F, 0, 3, "new"}};
  write(F, applyEdits(Before, Written));
  std::vector<Finding> Findings = {Remaining};
  remapAfterFixes(Findings, {{F, Written}});
  EXPECT_EQ(Findings[0].Range.Begin.Line, 4u);
  EXPECT_EQ(Findings[0].Range.Begin.Column, 1u);
  EXPECT_EQ(Findings[0].Range.LineText, "wait();");
  ASSERT_EQ(Findings[0].Fix.Edits.size(), 1u);
  EXPECT_EQ(Findings[0].Fix.Edits[0].Offset, 28u);
  EXPECT_EQ(read(F).substr(Findings[0].Fix.Edits[0].Offset, 4), "wait");
}
