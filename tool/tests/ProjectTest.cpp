// Propagation over synthetic facts: no parsing, just the merge.
#include "core/Project.h"

#include <gtest/gtest.h>

using namespace asyncguard;

namespace {

CallSite site(const std::string &File, unsigned Line) {
  CallSite S;
  S.Range.File = File;
  S.Range.Begin = {Line, 3, Line * 100};
  S.Range.End = {Line, 10, Line * 100 + 7};
  return S;
}

FunctionFact function(const std::string &Name, bool Async) {
  FunctionFact F;
  F.Usr = "c:@F@" + Name;
  F.Name = Name;
  F.IsAsync = Async;
  F.AsyncReason = Async ? "is a coroutine" : "";
  F.Location = site("/p/a.cpp", 1).Range;
  return F;
}

void calls(FunctionFact &From, const FunctionFact &To, unsigned Line, const std::string &File = "/p/a.cpp") {
  CallEdge E;
  E.CalleeUsr = To.Usr;
  E.CalleeName = To.Name;
  E.Site = site(File, Line);
  From.Calls.push_back(E);
}

void blocks(FunctionFact &F, const std::string &Api, const std::string &Rule, unsigned Line) {
  BlockingCall B;
  B.Api = Api;
  B.Rule = Rule;
  B.Why = "blocks";
  B.Site = site("/p/a.cpp", Line);
  F.Blocking.push_back(B);
}

std::vector<Finding> run(const std::vector<FunctionFact> &Functions, const std::string &Tu = "a") {
  static Config Defaults;
  TuFacts Facts;
  Facts.MainFile = Tu;
  Facts.Functions = Functions;
  ProjectSummary Summary;
  Summary.add(Facts);
  ProjectOptions Options;
  Options.Settings = &Defaults;
  Options.SourceRoot = "/p";
  return Summary.findings(Options);
}

} // namespace

TEST(Propagation, DirectCallInCoroutineIsReported) {
  FunctionFact Coro = function("handler", true);
  blocks(Coro, "sleep", "blocking-sleep", 5);
  auto Out = run({Coro});
  ASSERT_EQ(Out.size(), 1u);
  EXPECT_EQ(Out[0].Rule, "blocking-sleep");
  EXPECT_TRUE(Out[0].Chain.empty());
}

TEST(Propagation, ThreeStepChainIsReportedAtTheCallSiteWithEveryStep) {
  FunctionFact Coro = function("handler", true), A = function("a", false),
               B = function("b", false), C = function("c", false);
  calls(Coro, A, 10);
  calls(A, B, 20);
  calls(B, C, 30);
  blocks(C, "read", "blocking-io", 40);
  auto Out = run({Coro, A, B, C});
  ASSERT_EQ(Out.size(), 1u);
  EXPECT_EQ(Out[0].Range.Begin.Line, 10u);
  EXPECT_EQ(Out[0].Rule, "blocking-io");
  ASSERT_EQ(Out[0].Chain.size(), 3u);
  EXPECT_EQ(Out[0].Chain[0].Range.Begin.Line, 20u);
  EXPECT_EQ(Out[0].Chain[2].Range.Begin.Line, 40u);
  EXPECT_NE(Out[0].Message.find("3 calls deep"), std::string::npos);
}

TEST(Propagation, RecursionTerminatesAndFindsTheLeaf) {
  FunctionFact Coro = function("handler", true), A = function("a", false), B = function("b", false);
  calls(Coro, A, 10);
  calls(A, B, 20);
  calls(B, A, 30);
  blocks(B, "sleep", "blocking-sleep", 35);
  auto Out = run({Coro, A, B});
  ASSERT_EQ(Out.size(), 1u);
  EXPECT_EQ(Out[0].Chain.size(), 2u);
}

TEST(Propagation, ShortestChainWins) {
  FunctionFact Coro = function("handler", true), A = function("a", false),
               Long = function("long", false), Short = function("short", false);
  calls(Coro, A, 10);
  calls(A, Long, 20);
  calls(Long, Short, 30);
  calls(A, Short, 25);
  blocks(Short, "sleep", "blocking-sleep", 40);
  auto Out = run({Coro, A, Long, Short});
  ASSERT_EQ(Out.size(), 1u);
  ASSERT_EQ(Out[0].Chain.size(), 2u);
  EXPECT_EQ(Out[0].Chain[0].Range.Begin.Line, 25u);
}

TEST(Propagation, CoroutineCalleesAndNonBlockingHelpersDoNotPropagate) {
  FunctionFact Coro = function("handler", true), Inner = function("inner", true),
               Pure = function("pure", false);
  calls(Coro, Inner, 10);
  calls(Coro, Pure, 11);
  blocks(Inner, "sleep", "blocking-sleep", 20);
  auto Out = run({Coro, Inner, Pure});
  ASSERT_EQ(Out.size(), 1u); // the sleep inside 'inner', reported there
  EXPECT_EQ(Out[0].Range.Begin.Line, 20u);
}

TEST(Propagation, SuppressedLeafDoesNotPropagate) {
  FunctionFact Coro = function("handler", true), A = function("a", false);
  calls(Coro, A, 10);
  blocks(A, "sleep", "blocking-sleep", 20);
  A.Blocking[0].Site.Nolint = {"asyncguard-blocking-sleep"};
  EXPECT_TRUE(run({Coro, A}).empty());
}

TEST(Propagation, FingerprintIgnoresLinesAndCountsRepeats) {
  FunctionFact Coro = function("handler", true);
  blocks(Coro, "sleep", "blocking-sleep", 5);
  blocks(Coro, "sleep", "blocking-sleep", 9);
  auto First = run({Coro});
  Coro.Blocking[0].Site = site("/p/a.cpp", 50);
  Coro.Blocking[1].Site = site("/p/a.cpp", 90);
  auto Moved = run({Coro});
  ASSERT_EQ(First.size(), 2u);
  ASSERT_EQ(Moved.size(), 2u);
  EXPECT_EQ(First[0].Fingerprint, Moved[0].Fingerprint);
  EXPECT_NE(First[0].Fingerprint, First[1].Fingerprint);
}

TEST(Propagation, SameFunctionFromTwoTusIsMergedOnce) {
  FunctionFact Coro = function("handler", true);
  blocks(Coro, "sleep", "blocking-sleep", 5);
  static Config Defaults;
  ProjectSummary Summary;
  for (const char *Tu : {"a.cpp", "b.cpp"}) {
    TuFacts Facts;
    Facts.MainFile = Tu;
    Facts.Functions = {Coro};
    Summary.add(Facts);
  }
  ProjectOptions Options;
  Options.Settings = &Defaults;
  EXPECT_EQ(Summary.findings(Options).size(), 1u);
}

TEST(Project, EachFindingIsFilteredByTheConfigOfItsFile) {
  FunctionFact A = function("a", true), B = function("b", true);
  blocks(A, "sleep", "blocking-sleep", 5);
  blocks(B, "sleep", "blocking-sleep", 6);
  B.Blocking[0].Site.Range.File = "/p/lib/b.cpp";
  TuFacts Facts;
  Facts.Functions = {A, B};
  ProjectSummary Summary;
  Summary.add(Facts);
  Config Defaults, LibConfig;
  LibConfig.Ignore = {"blocking-sleep"};
  ProjectOptions Options;
  Options.ConfigFor = [&](const std::string &File) -> const Config & {
    return File.starts_with("/p/lib/") ? LibConfig : Defaults;
  };
  auto Out = Summary.findings(Options);
  ASSERT_EQ(Out.size(), 1u);
  EXPECT_EQ(Out[0].Range.File, "/p/a.cpp");
}

namespace {

NolintFact marker(const std::string &Kind, std::vector<std::string> Patterns, unsigned Line,
                  unsigned First, unsigned Last, bool Unmatched = false) {
  NolintFact M;
  M.Range = site("/p/a.cpp", Line).Range;
  M.Kind = Kind;
  M.Patterns = std::move(Patterns);
  M.FirstLine = First;
  M.LastLine = Last;
  M.Unmatched = Unmatched;
  return M;
}

std::vector<Finding> runWithNolints(const std::vector<FunctionFact> &Functions,
                                    const std::vector<NolintFact> &Nolints, bool ReportUnused) {
  static Config Defaults;
  TuFacts Facts;
  Facts.Functions = Functions;
  Facts.Nolints = Nolints;
  ProjectSummary Summary;
  Summary.add(Facts);
  ProjectOptions Options;
  Options.Settings = &Defaults;
  Options.ReportUnusedSuppressions = ReportUnused;
  return Summary.findings(Options);
}

} // namespace

TEST(Project, UnmatchedNolintBeginIsAFinding) {
  auto Out = runWithNolints({}, {marker("NOLINTBEGIN", {"blocking-sleep"}, 3, 0, 0, true)}, false);
  ASSERT_EQ(Out.size(), 1u);
  EXPECT_EQ(Out[0].Rule, "unmatched-nolint");
  EXPECT_EQ(Out[0].Range.Begin.Line, 3u);
  EXPECT_NE(Out[0].Message.find("without a subsequent 'NOLINTEND'"), std::string::npos);
}

TEST(Project, UnusedSuppressionsAreReportedOnlyWhenAsked) {
  FunctionFact Coro = function("handler", true);
  blocks(Coro, "sleep", "blocking-sleep", 5);
  Coro.Blocking[0].Site.Nolint = {"blocking-sleep"};
  std::vector<NolintFact> Nolints = {
      marker("NOLINT", {"blocking-sleep"}, 5, 5, 5),       // used
      marker("NOLINT", {"asyncguard-blocking-io"}, 7, 7, 7), // unused
      marker("NOLINT", {"*"}, 8, 8, 8),                      // may be for another tool
  };
  EXPECT_TRUE(runWithNolints({Coro}, Nolints, false).size() == 1u);
  auto Out = runWithNolints({Coro}, Nolints, true);
  ASSERT_EQ(Out.size(), 2u);
  EXPECT_EQ(Out[0].Suppression, "nolint");
  EXPECT_EQ(Out[1].Rule, "unused-nolint");
  EXPECT_EQ(Out[1].Range.Begin.Line, 7u);
  EXPECT_NE(Out[1].Message.find("'asyncguard-blocking-io'"), std::string::npos);
}

TEST(Project, NolintOnALeafInASyncFunctionIsUsed) {
  // It cuts every chain through the leaf, so it is not "unused".
  FunctionFact Helper = function("helper", false);
  blocks(Helper, "sleep", "blocking-sleep", 5);
  auto Out = runWithNolints({Helper}, {marker("NOLINT", {"blocking-sleep"}, 5, 5, 5)}, true);
  EXPECT_TRUE(Out.empty());
}
