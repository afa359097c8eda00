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
/// A command run in /proj, the project (and build) root.
const FlagContext Ctx{"/proj", {"/proj"}};
} // namespace

TEST(AdjustArguments, DropsPluginsThatWouldLoadCode) {
  std::vector<std::string> Dropped;
  auto Out = adjustArguments({"g++", "-fplugin=/tmp/evil.so", "-Xclang", "-load", "-Xclang",
                              "/tmp/evil.so", "-fpass-plugin=/tmp/p.so", "-DX=1", "a.cpp"},
                             Dropped, Ctx);
  EXPECT_FALSE(has(Out, "-fplugin=/tmp/evil.so"));
  EXPECT_FALSE(has(Out, "/tmp/evil.so"));
  EXPECT_FALSE(has(Out, "-fpass-plugin=/tmp/p.so"));
  EXPECT_TRUE(has(Out, "-DX=1"));
  EXPECT_EQ(Dropped.size(), 3u);
}

TEST(AdjustArguments, DropsGccOnlyFlagsAndKeepsTheRest) {
  std::vector<std::string> Dropped;
  auto Out = adjustArguments({"/usr/bin/c++", "-std=gnu++20", "-fconcepts-diagnostics-depth=3",
                              "-I/proj/inc", "-c", "a.cpp", "-o", "a.o"},
                             Dropped, Ctx);
  EXPECT_FALSE(has(Out, "-fconcepts-diagnostics-depth=3"));
  EXPECT_TRUE(has(Out, "-I/proj/inc"));
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
  auto Out = adjustArguments({"clang++", "a.cpp"}, Dropped, Ctx);
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
  EXPECT_TRUE(adjustArguments({}, Dropped, Ctx).empty());
  EXPECT_TRUE(adjustArguments({"-o"}, Dropped, Ctx).empty());
  EXPECT_TRUE(adjustArguments({"-MD"}, Dropped, Ctx).empty());
  EXPECT_FALSE(adjustArguments({"-o", "x.o", "c++", "a.cpp"}, Dropped, Ctx).empty());
}

// Issue 20, items 1 and 2: the database is untrusted. Every flag below ran a
// program, wrote a file or loaded code before the allow-list.
TEST(AdjustArguments, DropsEveryFlagThatWritesRunsOrLoads) {
  const std::vector<std::vector<std::string>> Hostile = {
      {"-x", "hip", "--offload-arch=native", "-Btools"},
      {"--amdgpu-arch-tool=/proj/tools/amdgpu-arch", "-x", "cuda", "--cuda-gpu-arch=native"},
      {"--nvptx-arch-tool=/proj/tools/nvptx-arch", "--offload-arch=native"},
      {"-fopenmp", "--offload-arch=native", "-fopenmp-targets=amdgcn-amd-amdhsa"},
      {"-Xclang", "-dependency-file", "-Xclang", "/etc/cron.d/x", "-Wp,-MT,* * * * * root id"},
      {"-Wp,-MD,/tmp/dep.d", "-Xclang", "-stats-file=/tmp/stats"},
      {"-gen-cdb-fragment-path", "/tmp/cdb"},
      {"-fmodules", "-fmodules-cache-path=/tmp/mc", "-fcrash-diagnostics-dir=/tmp/crash"},
      {"-MJ", "/tmp/frag.json", "-MF", "/tmp/x.d", "-MD"},
      {"-fprofile-instr-generate=/tmp/p", "-mllvm", "-info-output-file=/tmp/info"},
      {"--gcc-toolchain=/home/attacker/gcc", "--gcc-install-dir=/tmp/gcc", "-B/tmp/bin"},
      {"-imacros", "/home/other/.ssh/id_rsa", "-include", "/etc/shadow", "--sysroot=/tmp/r"},
  };
  for (const std::vector<std::string> &Flags : Hostile) {
    std::vector<std::string> Args = {"/attacker/bin/clang++"};
    Args.insert(Args.end(), Flags.begin(), Flags.end());
    Args.push_back("a.cpp");
    std::vector<std::string> Dropped;
    std::vector<std::string> Out = adjustArguments(Args, Dropped, Ctx);
    std::string Joined;
    for (const std::string &A : Out)
      Joined += A + " ";
    EXPECT_EQ(Out.front(), AG_CLANG_DRIVER) << "never the database's compiler";
    for (const char *Bad : {"/attacker", "offload", "arch-tool", "hip", "cuda", "-B", "Xclang",
                            "-Wp,", "-M", "/tmp", "/etc", "/home", "cdb", "modules", "mllvm",
                            "profile", "gcc-"})
      EXPECT_EQ(Joined.find(Bad), std::string::npos) << Bad << " kept in: " << Joined;
    if (Flags.front() == "-x")
      EXPECT_TRUE(has(Dropped, "--offload-arch=native (GPU offload: may run architecture "
                               "detection programs)"));
  }
}

TEST(AdjustArguments, KeepsWhatChangesParsing) {
  std::vector<std::string> Dropped;
  auto Out = adjustArguments(
      {"/usr/bin/g++", "-std=gnu++20", "-DA=1", "-UB", "-Iinc", "-isystem", "/usr/include/boost",
       "-iquote", "/proj/q", "-idirafter", "/opt/x", "-include", "/proj/pre.h",
       "--target=x86_64-linux-gnu", "-m64", "-mavx2", "-Wall", "-fno-exceptions", "-fcoroutines",
       "-fms-extensions", "-fchar8_t", "-fno-rtti", "-pthread", "-O2", "-x", "c++", "a.cpp"},
      Dropped, Ctx);
  for (const char *Kept : {"-std=gnu++20", "-DA=1", "-UB", "-Iinc", "/usr/include/boost",
                           "/proj/q", "/opt/x", "/proj/pre.h", "--target=x86_64-linux-gnu",
                           "-m64", "-mavx2", "-Wall", "-fno-exceptions", "-fcoroutines",
                           "-fms-extensions", "-fchar8_t", "-fno-rtti", "-pthread", "-O2", "c++",
                           "a.cpp", "--driver-mode=g++"})
    EXPECT_TRUE(has(Out, Kept)) << Kept;
  EXPECT_TRUE(Dropped.empty()) << Dropped.front();
}

TEST(AdjustArguments, DriverModeFollowsTheDatabasesCompilerName) {
  std::vector<std::string> Dropped;
  auto C = adjustArguments({"/usr/bin/cc", "a.c"}, Dropped, Ctx);
  EXPECT_TRUE(has(C, "--driver-mode=gcc")) << C[1];
  EXPECT_FALSE(has(adjustArguments({"/usr/bin/cc", "a.c"}, Dropped, Ctx), "-std=c++20"));
  EXPECT_TRUE(has(adjustArguments({"ccache", "c++", "a.cpp"}, Dropped, Ctx), "--driver-mode=g++"));
  auto Cross = adjustArguments({"aarch64-linux-gnu-g++", "a.cpp"}, Dropped, Ctx);
  EXPECT_TRUE(has(Cross, "--target=aarch64-linux-gnu"));
}

// Response files were passed to Clang as "@file" and silently ignored.
TEST(AdjustArguments, ResponseFilesAreExpandedInsideTheProjectOnly) {
  llvm::SmallString<128> Dir;
  ASSERT_FALSE(llvm::sys::fs::createUniqueDirectory("agrsp", Dir));
  std::string Root(Dir);
  std::ofstream(Root + "/flags.rsp") << "-DFROM_RSP=1 @nested.rsp \"-DQUOTED=a b\"\n";
  std::ofstream(Root + "/nested.rsp") << "-DNESTED -fplugin=/x.so\n";
  std::ofstream(Root + "/loop.rsp") << "@loop.rsp\n";
  llvm::SmallString<128> Outside;
  ASSERT_FALSE(llvm::sys::fs::createUniqueDirectory("agrsp-out", Outside));
  std::ofstream(std::string(Outside) + "/evil.rsp") << "-DEVIL\n";
  FlagContext Project{Root, {Root}};
  std::vector<std::string> Dropped;
  auto Out = adjustArguments({"c++", "@flags.rsp", "@" + std::string(Outside) + "/evil.rsp",
                              "@/dev/stdin", "@loop.rsp", "a.cpp"},
                             Dropped, Project);
  EXPECT_TRUE(has(Out, "-DFROM_RSP=1"));
  EXPECT_TRUE(has(Out, "-DNESTED"));
  EXPECT_TRUE(has(Out, "-DQUOTED=a b"));
  EXPECT_FALSE(has(Out, "-DEVIL"));
  EXPECT_FALSE(has(Out, "-fplugin=/x.so")) << "flags from a response file are checked too";
  std::string Notes;
  for (const std::string &D : Dropped)
    Notes += D + "\n";
  EXPECT_NE(Notes.find("evil.rsp (response file outside the project)"), std::string::npos) << Notes;
  EXPECT_NE(Notes.find("@/dev/stdin (response file outside the project)"), std::string::npos)
      << Notes;
  EXPECT_NE(Notes.find("nested deeper than 16"), std::string::npos) << Notes;
  llvm::sys::fs::remove_directories(Root);
  llvm::sys::fs::remove_directories(Outside);
}
