// Config discovery on a real folder tree: per file, inheritance, the
// repository-root bound and the header filter.
#include "core/ConfigResolver.h"

#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"

#include <fstream>
#include <gtest/gtest.h>

using namespace asyncguard;

namespace {

class Tree : public ::testing::Test {
protected:
  void SetUp() override {
    llvm::SmallString<128> Dir;
    ASSERT_FALSE(llvm::sys::fs::createUniqueDirectory("ag-config", Dir));
    Root = std::string(Dir);
  }
  void TearDown() override { llvm::sys::fs::remove_directories(Root); }
  std::string write(const std::string &Rel, const std::string &Text) {
    std::string Path = Root + "/" + Rel;
    llvm::sys::fs::create_directories(llvm::sys::path::parent_path(Path));
    std::ofstream(Path) << Text;
    return Path;
  }
  std::string Root;
};

} // namespace

TEST_F(Tree, EachFileGetsItsNearestConfigWhateverTheOrder) {
  write(".git/HEAD", "");
  write(".asyncguard.json", R"({"ignore": ["blocking-sleep"]})");
  write("lib/.asyncguard.json", R"({"ignore": ["blocking-io"]})");
  for (bool LibFirst : {true, false}) {
    ConfigResolver Configs;
    std::string A = Root + "/app/main.cpp", B = Root + "/lib/x.cpp";
    for (const std::string &P : LibFirst ? std::vector{B, A} : std::vector{A, B})
      ASSERT_TRUE(static_cast<bool>(Configs.forPath(P)));
    EXPECT_FALSE(Configs.resolved(A).isEnabled("blocking-sleep"));
    EXPECT_TRUE(Configs.resolved(A).isEnabled("blocking-io"));
    EXPECT_TRUE(Configs.resolved(B).isEnabled("blocking-sleep"));
    EXPECT_FALSE(Configs.resolved(B).isEnabled("blocking-io"));
  }
}

TEST_F(Tree, ChildWithInheritParentMergesTheParent) {
  write(".git/HEAD", "");
  write(".asyncguard.json", R"({"non_blocking": ["a::f"], "thread_budget": {"factor": 2}})");
  write("lib/.asyncguard.json", R"({"inherit_parent": true, "non_blocking": ["b::g"]})");
  write("tool/.asyncguard.json", R"({"non_blocking": ["c::h"]})");
  ConfigResolver Configs;
  auto Lib = Configs.forPath(Root + "/lib/x.cpp");
  auto Tool = Configs.forPath(Root + "/tool/y.cpp");
  ASSERT_TRUE(Lib && Tool);
  EXPECT_EQ((*Lib)->NonBlocking, (std::vector<std::string>{"a::f", "b::g"}));
  EXPECT_EQ((*Lib)->CoreFactor, 2u);
  EXPECT_EQ((*Tool)->NonBlocking, (std::vector<std::string>{"c::h"})) << "no inherit_parent";
  EXPECT_EQ((*Tool)->CoreFactor, 4u);
}

TEST_F(Tree, SearchStopsAtTheRepositoryRoot) {
  write(".asyncguard.json", R"({"ignore": ["blocking-sleep"]})"); // above the repository
  write("repo/.git/HEAD", "");
  write("repo/src/a.cpp", "");
  ConfigResolver Configs;
  auto C = Configs.forPath(Root + "/repo/src/a.cpp");
  ASSERT_TRUE(static_cast<bool>(C));
  EXPECT_TRUE((*C)->isEnabled("blocking-sleep"));
  EXPECT_TRUE((*C)->Path.empty()) << (*C)->Path;
}

TEST_F(Tree, BrokenConfigIsAnErrorNamingTheFile) {
  write(".git/HEAD", "");
  write("lib/.asyncguard.json", "{ \"selct\": [] }");
  ConfigResolver Configs;
  auto C = Configs.forPath(Root + "/lib/a.cpp");
  ASSERT_FALSE(static_cast<bool>(C));
  EXPECT_NE(llvm::toString(C.takeError()).find("lib/.asyncguard.json"), std::string::npos);
}

TEST(FileFilter, DefaultHidesVendoredBuildAndOutsideHeadersOnly) {
  Config Defaults;
  FileFilter F;
  F.RepoRoot = "/repo";
  F.BuildDir = "/repo/build";
  F.MainFiles = {"/repo/third_party/z.cc"};
  EXPECT_TRUE(F.shows("/repo/src/a.h", Defaults));
  EXPECT_FALSE(F.shows("/repo/build/_deps/fmt-src/fmt.h", Defaults));
  EXPECT_FALSE(F.shows("/repo/build/gen.h", Defaults));
  EXPECT_FALSE(F.shows("/repo/external/lib.h", Defaults));
  EXPECT_FALSE(F.shows("/usr/local/include/x.h", Defaults));
  EXPECT_TRUE(F.shows("/repo/third_party/z.cc", Defaults)) << "a main file is not a header";
  F.HeaderFilter = ".*";
  EXPECT_TRUE(F.shows("/repo/build/_deps/fmt-src/fmt.h", Defaults));
}
