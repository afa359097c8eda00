// One TU parsed from memory (the LSP's unsaved buffer path).
#include "core/Config.h"
#include "core/Project.h"
#include "driver/TuRunner.h"

#include <gtest/gtest.h>

#include <algorithm>

using namespace asyncguard;

namespace {

const char *Prelude = R"(
#include <coroutine>
#include <unistd.h>
struct task { struct promise_type {
  task get_return_object() { return {}; }
  std::suspend_never initial_suspend() { return {}; }
  std::suspend_never final_suspend() noexcept { return {}; }
  void return_void() {} void unhandled_exception() {} }; };
)";

std::vector<Finding> analyzeSource(const std::string &Source, TuFacts *FactsOut = nullptr) {
  auto Apis = Catalogue::builtin();
  EXPECT_TRUE(static_cast<bool>(Apis));
  CollectorOptions Options;
  Options.Apis = &*Apis;
  TuCommand Cmd;
  Cmd.File = "/virtual/src/buffer.cpp";
  Cmd.Directory = "/virtual/src";
  Cmd.Arguments = {"clang++", "-std=c++20", Cmd.File};
  TuFacts Facts = analyzeTu(Cmd, Options, {{Cmd.File, std::string(Prelude) + Source}});
  ProjectSummary Summary;
  Summary.add(Facts);
  static Config Defaults;
  ProjectOptions Project;
  Project.Settings = &Defaults;
  if (FactsOut)
    *FactsOut = Facts;
  return Summary.findings(Project);
}

} // namespace

TEST(AnalyzeTu, ReadsUnsavedBufferFromTheOverlay) {
  auto Out = analyzeSource("task f() { sleep(1); co_return; }\n");
  ASSERT_EQ(Out.size(), 1u);
  EXPECT_EQ(Out[0].Rule, "blocking-sleep");
  EXPECT_EQ(Out[0].Range.File, "/virtual/src/buffer.cpp");
}

TEST(AnalyzeTu, ParseErrorsAreReportedNotSwallowed) {
  TuFacts Facts;
  analyzeSource("task f() { undeclared(); co_return; }\n", &Facts);
  EXPECT_TRUE(Facts.Failed);
  ASSERT_FALSE(Facts.Errors.empty());
  EXPECT_NE(Facts.Errors[0].Text.find("undeclared"), std::string::npos);
}

TEST(AnalyzeTu, FactsSurviveAJsonRoundTrip) {
  TuFacts Facts;
  analyzeSource("void helper() { usleep(5); }\ntask f() { helper(); co_return; }\n", &Facts);
  nlohmann::json J = Facts;
  TuFacts Back = J.get<TuFacts>();
  EXPECT_EQ(nlohmann::json(Back), J);
  auto Named = [&](const std::string &Name) {
    return std::count_if(Back.Functions.begin(), Back.Functions.end(),
                         [&](const FunctionFact &F) { return F.Name == Name; });
  };
  EXPECT_EQ(Named("helper"), 1);
  EXPECT_EQ(Named("f"), 1);
}
