#include "driver/CompileDb.h"

#include "llvm/Support/FileSystem.h"
#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>

using namespace asyncguard;

namespace {
bool has(const std::vector<std::string> &V, const std::string &S) {
  return std::find(V.begin(), V.end(), S) != V.end();
}
} // namespace

TEST(AdjustArguments, DropsPluginsThatWouldLoadCode) {
  std::vector<std::string> Dropped;
  auto Out = adjustArguments({"g++", "-fplugin=/tmp/evil.so", "-Xclang", "-load", "-Xclang",
                              "/tmp/evil.so", "-fpass-plugin=/tmp/p.so", "-DX=1", "a.cpp"},
                             Dropped);
  EXPECT_FALSE(has(Out, "-fplugin=/tmp/evil.so"));
  EXPECT_FALSE(has(Out, "/tmp/evil.so"));
  EXPECT_FALSE(has(Out, "-fpass-plugin=/tmp/p.so"));
  EXPECT_TRUE(has(Out, "-DX=1"));
  EXPECT_EQ(Dropped.size(), 3u);
}

TEST(AdjustArguments, DropsGccOnlyFlagsAndKeepsTheRest) {
  std::vector<std::string> Dropped;
  auto Out = adjustArguments({"/usr/bin/c++", "-std=gnu++20", "-fconcepts-diagnostics-depth=3",
                              "-I/inc", "-c", "a.cpp", "-o", "a.o"},
                             Dropped);
  EXPECT_FALSE(has(Out, "-fconcepts-diagnostics-depth=3"));
  EXPECT_TRUE(has(Out, "-I/inc"));
  EXPECT_TRUE(has(Out, "-std=gnu++20"));
  EXPECT_FALSE(has(Out, "-std=c++20")) << "an explicit -std is kept";
  EXPECT_FALSE(has(Out, "a.o"));
  EXPECT_TRUE(has(Out, "-fsyntax-only"));
  EXPECT_TRUE(has(Out, "-DASIO_HAS_CO_AWAIT"));
  ASSERT_EQ(Dropped.size(), 1u);
  EXPECT_NE(Dropped[0].find("unknown to clang"), std::string::npos);
}

TEST(AdjustArguments, PointsAtClangResourceHeaders) {
  std::vector<std::string> Dropped;
  auto Out = adjustArguments({"clang++", "a.cpp"}, Dropped);
  EXPECT_TRUE(has(Out, "-resource-dir=" + clangResourceDir()));
  EXPECT_TRUE(llvm::sys::fs::exists(clangResourceDir() + "/include/stddef.h"));
  EXPECT_TRUE(has(Out, "-std=c++20"));
}

TEST(SelectTus, MissingFileIsOneClearError) {
  SelectionRequest R;
  R.Paths = {"/nonexistent/x.cpp"};
  auto S = selectTus(R);
  ASSERT_FALSE(static_cast<bool>(S));
  EXPECT_NE(llvm::toString(S.takeError()).find("no such file"), std::string::npos);
}

TEST(SelectTus, BrokenCompileDatabaseIsOneClearError) {
  llvm::SmallString<128> Dir;
  ASSERT_FALSE(llvm::sys::fs::createUniqueDirectory("agdb", Dir));
  std::ofstream(std::string(Dir) + "/compile_commands.json") << "[{\"file\": ";
  SelectionRequest R;
  R.BuildDir = std::string(Dir);
  auto S = selectTus(R);
  ASSERT_FALSE(static_cast<bool>(S));
  EXPECT_NE(llvm::toString(S.takeError()).find("compile_commands.json"), std::string::npos);
}

TEST(AdjustArguments, CommandOfOnlyOutputFlagsIsEmpty) {
  // The strip adjusters start at argv[0] (docs/fuzzing.md),
  // so "-o" alone left nothing and Args.front() read past the end.
  std::vector<std::string> Dropped;
  EXPECT_TRUE(adjustArguments({}, Dropped).empty());
  EXPECT_TRUE(adjustArguments({"-o"}, Dropped).empty());
  EXPECT_TRUE(adjustArguments({"-MD"}, Dropped).empty());
  EXPECT_FALSE(adjustArguments({"-o", "x.o", "c++", "a.cpp"}, Dropped).empty());
}
