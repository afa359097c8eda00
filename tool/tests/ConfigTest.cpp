#include "core/Config.h"

#include <gtest/gtest.h>

using namespace asyncguard;

TEST(Config, DefaultsEnableEveryRule) {
  Config C;
  EXPECT_TRUE(C.isEnabled("blocking-sleep"));
  EXPECT_EQ(C.TargetCores * C.CoreFactor, 32u);
}

TEST(Config, ParsesEveryDesignKeyWithComments) {
  auto C = parseConfig(R"({
    // comments are allowed
    "select": ["blocking-*"], "ignore": ["asyncguard-blocking-io"],
    "blocking": [{ "name": "mylib::fetch_all", "rule": "blocking-network" }],
    "non_blocking": ["mylib::cached_lookup"],
    "async_task_types": ["myrt::Task"],
    "thread_budget": { "target_cores": 16, "factor": 2 },
    "pool_types": ["mylib::WorkerPool"],
    "fix_style": "asio"
  })", "t");
  ASSERT_TRUE(static_cast<bool>(C)) << llvm::toString(C.takeError());
  EXPECT_TRUE(C->isEnabled("blocking-sleep"));
  EXPECT_FALSE(C->isEnabled("blocking-io"));
  EXPECT_FALSE(C->isEnabled("nested-event-loop"));
  ASSERT_EQ(C->Blocking.size(), 1u);
  EXPECT_EQ(C->Blocking[0].Name, "mylib::fetch_all");
  EXPECT_EQ(C->TargetCores, 16u);
  EXPECT_EQ(C->FixStyle, "asio");
  Catalogue Apis;
  C->extend(Apis);
  EXPECT_NE(Apis.lookup("mylib::fetch_all"), nullptr);
  EXPECT_TRUE(Apis.isNonBlocking("mylib::cached_lookup"));
}

TEST(Config, UnknownKeyIsAnErrorNamingIt) {
  auto C = parseConfig(R"({"selct": ["*"]})", ".asyncguard.json");
  ASSERT_FALSE(static_cast<bool>(C));
  std::string Message = llvm::toString(C.takeError());
  EXPECT_NE(Message.find("selct"), std::string::npos);
  EXPECT_NE(Message.find(".asyncguard.json"), std::string::npos);
}

TEST(Config, SelectNamingNoRuleIsAnError) {
  auto C = parseConfig(R"({"select": ["blocking-slep"]})", "t");
  ASSERT_FALSE(static_cast<bool>(C));
  EXPECT_NE(llvm::toString(C.takeError()).find("blocking-slep"), std::string::npos);
}

TEST(Config, BrokenJsonAndWrongTypesAreErrors) {
  for (const char *Text : {"{", "[]", R"({"select": "x"})", R"({"thread_budget": {"factor": 0}})",
                           R"({"fix_style": "tokio"})", R"({"blocking": [{"name": "f"}]})"}) {
    auto C = parseConfig(Text, "t");
    EXPECT_FALSE(static_cast<bool>(C)) << Text;
    if (!C)
      llvm::consumeError(C.takeError());
  }
}

TEST(Glob, MatchesLikeClangTidy) {
  EXPECT_TRUE(globMatch("*", "asyncguard-blocking-io"));
  EXPECT_TRUE(globMatch("asyncguard-*", "asyncguard-blocking-io"));
  EXPECT_TRUE(globMatch("asyncguard-blocking-*", "asyncguard-blocking-io"));
  EXPECT_FALSE(globMatch("asyncguard-blocking-sleep", "asyncguard-blocking-io"));
  EXPECT_FALSE(globMatch("misc-*", "asyncguard-blocking-io"));
}

TEST(Glob, ManyStarsTakeLinearTime) {
  // Each '*' recursed, so this took hours (docs/fuzzing.md).
  std::string Stars(60, '*');
  EXPECT_FALSE(globMatch(Stars + "x", "asyncguard-lock-across-suspend"));
  EXPECT_TRUE(globMatch(Stars + "d", "asyncguard-lock-across-suspend"));
  EXPECT_TRUE(globMatch("a*b*c", "aXbYbZc"));
  EXPECT_FALSE(globMatch("a*b*c", "aXbYbZ"));
  EXPECT_TRUE(globMatch("", ""));
  EXPECT_FALSE(globMatch("", "a"));
  auto C = parseConfig("{\"select\": [\"" + Stars + "x\"]}", "t");
  ASSERT_FALSE(static_cast<bool>(C));
  EXPECT_NE(llvm::toString(C.takeError()).find("names no rule"), std::string::npos);
}

TEST(ParseConfig, NumberTooLargeIsAnErrorNotAnException) {
  // nlohmann throws out_of_range, not parse_error, for these (docs/fuzzing.md).
  for (const char *Text : {"{\"thread_budget\": {\"factor\": 1e999}}", "66666E666666"}) {
    auto C = parseConfig(Text, "t");
    ASSERT_FALSE(static_cast<bool>(C)) << Text;
    EXPECT_NE(llvm::toString(C.takeError()).find("t: not valid JSON: number overflow"),
              std::string::npos);
  }
}

TEST(PathGlob, SegmentsDoubleStarAndNamesAtAnyDepth) {
  EXPECT_TRUE(pathGlobMatch("third_party/**", "third_party/zlib/z.h"));
  EXPECT_TRUE(pathGlobMatch("third_party", "third_party/zlib/z.h")) << "a folder covers its files";
  EXPECT_FALSE(pathGlobMatch("third_party/**", "src/third_party.h"));
  EXPECT_TRUE(pathGlobMatch("*.pb.cc", "gen/deep/a.pb.cc")) << "no '/': any depth";
  EXPECT_FALSE(pathGlobMatch("gen/*.cc", "gen/deep/a.cc")) << "'*' stays in one segment";
  EXPECT_TRUE(pathGlobMatch("gen/**/*.cc", "gen/a.cc"));
  EXPECT_TRUE(pathGlobMatch("src/?.cpp", "src/a.cpp"));
}

TEST(Config, ExcludeGlobsAreRelativeToTheConfigFolder) {
  auto C = parseConfig(R"({"exclude": ["third_party/**"]})", "t", "/repo/lib");
  ASSERT_TRUE(static_cast<bool>(C)) << llvm::toString(C.takeError());
  EXPECT_TRUE(C->excludes("/repo/lib/third_party/x/y.h"));
  EXPECT_FALSE(C->excludes("/repo/third_party/y.h"));
  auto Absolute = parseConfig(R"({"exclude": ["/abs/**"]})", "t", "/repo");
  ASSERT_FALSE(static_cast<bool>(Absolute));
  EXPECT_NE(llvm::toString(Absolute.takeError()).find("relative"), std::string::npos);
}

TEST(Config, HeaderFilterMustBeARegex) {
  auto C = parseConfig(R"({"header_filter": "(unclosed"})", "t");
  ASSERT_FALSE(static_cast<bool>(C));
  EXPECT_NE(llvm::toString(C.takeError()).find("header_filter"), std::string::npos);
}

TEST(Config, ChildOverridesScalarsAndExtendsCatalogueLists) {
  auto Parent = parseConfig(R"({"ignore": ["blocking-io"], "non_blocking": ["a::f"],
                                "thread_budget": {"target_cores": 2}})", "/r/.asyncguard.json");
  auto Child = parseConfig(R"({"inherit_parent": true, "non_blocking": ["b::g"],
                               "ignore": ["blocking-wait"]})", "/r/sub/.asyncguard.json");
  ASSERT_TRUE(Parent && Child);
  Config M = mergeConfigs(*Parent, *Child);
  EXPECT_EQ(M.NonBlocking, (std::vector<std::string>{"a::f", "b::g"}));
  EXPECT_EQ(M.Ignore, (std::vector<std::string>{"blocking-wait"})) << "ignore is replaced";
  EXPECT_EQ(M.TargetCores, 2u) << "unset keys come from the parent";
  EXPECT_EQ(M.Origins["non_blocking"],
            (std::vector<std::string>{"/r/.asyncguard.json", "/r/sub/.asyncguard.json"}));
  EXPECT_EQ(M.Origins["thread_budget"], (std::vector<std::string>{"/r/.asyncguard.json"}));
  EXPECT_NE(dumpConfig(M).find("\"from\": \"default\""), std::string::npos);
}

// Issue 20, item 10: nlohmann's parser recursed once per level and a config
// nested ~70 000 levels under fix_style or blocking killed the tool (SIGSEGV).
TEST(ParseConfig, DeepNestingIsAnErrorBeforeParsing) {
  for (const char *Key : {"fix_style", "blocking"}) {
    std::string Text = std::string("{\"") + Key + "\": " + std::string(70000, '[') +
                       std::string(70000, ']') + "}";
    auto C = parseConfig(Text, "deep.json");
    ASSERT_FALSE(static_cast<bool>(C)) << Key;
    std::string Message = llvm::toString(C.takeError());
    EXPECT_NE(Message.find("deep.json"), std::string::npos) << Message;
    EXPECT_NE(Message.find("nested deeper than 64"), std::string::npos) << Message;
  }
}

TEST(ParseConfig, BracketsInStringsAndCommentsDoNotCountAsNesting) {
  std::string Brackets(100, '[');
  auto C = parseConfig("{ // " + Brackets + "\n /* " + Brackets + " */ \"non_blocking\": [\"" +
                           Brackets + "\"] }",
                       "t");
  EXPECT_TRUE(static_cast<bool>(C)) << llvm::toString(C.takeError());
}

// Issue 20, item 13: 2^32 + 1 was read with get<unsigned>() and wrapped to 1.
TEST(ParseConfig, ThreadBudgetAboveTheLimitIsAnError) {
  for (const char *Value : {"4294967297", "18446744073709551615", "1048577"}) {
    auto C = parseConfig(std::string(R"({"thread_budget": {"target_cores": )") + Value + "}}", "t");
    ASSERT_FALSE(static_cast<bool>(C)) << Value;
    EXPECT_NE(llvm::toString(C.takeError()).find("from 1 to 1048576"), std::string::npos);
  }
  auto Max = parseConfig(R"({"thread_budget": {"target_cores": 1048576, "factor": 1048576}})", "t");
  ASSERT_TRUE(static_cast<bool>(Max)) << llvm::toString(Max.takeError());
  EXPECT_EQ(uint64_t(Max->TargetCores) * Max->CoreFactor, uint64_t(1) << 40);
}
