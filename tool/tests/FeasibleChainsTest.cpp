// Feasible chains over synthetic facts (issue 21): guards decided by the
// constants a chain passes, process-ending calls across TUs, shortest witness.
#include "core/FeasibleChains.h"

#include <gtest/gtest.h>

using namespace asyncguard;

namespace {

CallSite at(unsigned Line) {
  CallSite S;
  S.Range.File = "/p/a.cpp";
  S.Range.Begin = {Line, 3, Line * 100};
  return S;
}

FunctionFact fn(const std::string &Name, bool Async = false) {
  FunctionFact F;
  F.Usr = "c:@F@" + Name;
  F.Name = Name;
  F.IsAsync = Async;
  return F;
}

CallEdge call(const FunctionFact &To, unsigned Line, std::vector<ArgValue> Args = {}) {
  CallEdge E;
  E.CalleeUsr = To.Usr;
  E.CalleeName = To.Name;
  E.Site = at(Line);
  E.Args = std::move(Args);
  return E;
}

BlockingCall leaf(const std::string &Api, unsigned Line, std::vector<ParamGuard> Guards = {}) {
  BlockingCall B;
  B.Api = Api;
  B.Rule = "blocking-process";
  B.Site = at(Line);
  B.Guards = std::move(Guards);
  return B;
}

} // namespace

TEST(FeasibleChains, ConstantThroughTwoHelpersDecidesTheGuard) {
  // write(sev) popens only if sev == 2; log_at(sev) passes its parameter on;
  // info() passes 0; the coroutine calls info() and log_at(2).
  auto Write = fn("write"), LogAt = fn("log_at"), Info = fn("info"), Co = fn("co", true);
  Write.Blocking.push_back(leaf("popen", 10, {{0, "==", 2}}));
  LogAt.Calls.push_back(call(Write, 20, {{"param", 0}}));
  Info.Calls.push_back(call(LogAt, 30, {{"constant", 0}}));
  Co.Calls.push_back(call(Info, 40));
  Co.Calls.push_back(call(LogAt, 41, {{"constant", 2}}));
  std::map<std::string, FunctionFact> All;
  for (auto *F : {&Write, &LogAt, &Info, &Co})
    All[F->Usr] = *F;
  FeasibleChains Chains(All, 16);
  std::vector<Note> Steps;
  EXPECT_EQ(Chains.chainFrom(All[Co.Usr].Calls[0], Steps), nullptr);
  Steps.clear();
  const BlockingCall *Leaf = Chains.chainFrom(All[Co.Usr].Calls[1], Steps);
  ASSERT_NE(Leaf, nullptr);
  EXPECT_EQ(Leaf->Api, "popen");
  EXPECT_EQ(Steps.size(), 2u);
}

TEST(FeasibleChains, CallFollowedByAFunctionThatNeverReturnsInAnotherTuIsNoStep) {
  auto Fatal = fn("fatal"), Exit = fn("exit_now"), Helper = fn("helper"), Co = fn("co", true);
  Exit.NeverReturns = true;
  Fatal.NeverReturnsIf = {Exit.Usr}; // all its paths end in exit_now, defined elsewhere
  BlockingCall B = leaf("popen", 10);
  B.DoomedIf = {Fatal.Usr};
  Helper.Blocking.push_back(B);
  Co.Calls.push_back(call(Helper, 40));
  std::map<std::string, FunctionFact> All;
  for (auto *F : {&Fatal, &Exit, &Helper, &Co})
    All[F->Usr] = *F;
  FeasibleChains Chains(All, 16);
  EXPECT_TRUE(Chains.neverReturns(Fatal.Usr));
  std::vector<Note> Steps;
  EXPECT_EQ(Chains.chainFrom(All[Co.Usr].Calls[0], Steps), nullptr);

  // Without the noreturn leaf the same call is a stall.
  All[Exit.Usr].NeverReturns = false;
  FeasibleChains Returning(All, 16);
  EXPECT_FALSE(Returning.neverReturns(Fatal.Usr));
  EXPECT_NE(Returning.chainFrom(All[Co.Usr].Calls[0], Steps), nullptr);
}

TEST(FeasibleChains, RecursionAloneNeverMakesAFunctionNeverReturn) {
  auto A = fn("a"), B = fn("b");
  A.NeverReturnsIf = {B.Usr};
  B.NeverReturnsIf = {A.Usr};
  std::map<std::string, FunctionFact> All{{A.Usr, A}, {B.Usr, B}};
  FeasibleChains Chains(All, 16);
  EXPECT_FALSE(Chains.neverReturns(A.Usr));
}

TEST(FeasibleChains, WitnessIsTheShortestFeasibleChain) {
  // deep -> mid -> popen is feasible; the direct write is guarded off by 0.
  auto Top = fn("top"), Mid = fn("mid"), Co = fn("co", true);
  Mid.Blocking.push_back(leaf("popen", 5));
  Top.Blocking.push_back(leaf("write", 3, {{0, "!=", 0}}));
  Top.Calls.push_back(call(Mid, 9));
  Co.Calls.push_back(call(Top, 40, {{"constant", 0}}));
  Co.Calls.push_back(call(Top, 41, {{"constant", 1}}));
  std::map<std::string, FunctionFact> All;
  for (auto *F : {&Top, &Mid, &Co})
    All[F->Usr] = *F;
  FeasibleChains Chains(All, 16);
  std::vector<Note> Steps;
  ASSERT_NE(Chains.chainFrom(All[Co.Usr].Calls[0], Steps), nullptr);
  EXPECT_EQ(Steps.back().Range.Begin.Line, 5u);
  Steps.clear();
  const BlockingCall *Direct = Chains.chainFrom(All[Co.Usr].Calls[1], Steps);
  ASSERT_NE(Direct, nullptr);
  EXPECT_EQ(Direct->Api, "write");
}
