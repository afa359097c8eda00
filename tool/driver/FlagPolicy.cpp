#include "driver/FlagPolicy.h"
#include "core/Files.h"

#include "clang/Driver/Options.h"
#include "clang/Driver/ToolChain.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/Option/ArgList.h"
#include "llvm/Option/OptTable.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/StringSaver.h"
#include "llvm/TargetParser/Triple.h"

namespace asyncguard {

namespace opt = clang::driver::options;
namespace path = llvm::sys::path;

namespace {

/// Response files may nest; clang itself has no limit, a loop would not end.
constexpr unsigned MaxResponseFileDepth = 16;
/// A response file is a list of flags: far below the database's own cap.
constexpr uint64_t MaxResponseFileBytes = uint64_t(16) << 20;

/// Folders any command may read headers, sysroots and toolchains from.
constexpr const char *SystemDirs[] = {"/usr", "/opt", "/nix/store"};

bool isUnder(llvm::StringRef File, llvm::StringRef Dir) {
  return !Dir.empty() && File.starts_with(Dir) &&
         (File.size() == Dir.size() || File[Dir.size()] == '/' || Dir.ends_with("/"));
}

std::string resolve(llvm::StringRef Value, const std::string &Directory) {
  // "=dir" and "$SYSROOT/dir" are relative to the sysroot, which is itself
  // checked; the rest of the path is what may escape.
  if (Value.consume_front("="))
    return normalizedPath(Value);
  if (Value.consume_front("$SYSROOT"))
    return normalizedPath(Value);
  llvm::SmallString<256> Out(Value);
  if (!path::is_absolute(Out)) {
    Out = Directory;
    path::append(Out, Value);
  }
  return normalizedPath(Out);
}

bool inSystemDir(const std::string &Path) {
  for (const char *Dir : SystemDirs)
    if (isUnder(Path, Dir))
      return true;
  return false;
}

bool trusted(const std::string &Path, const FlagContext &C) {
  if (inSystemDir(Path))
    return true;
  for (const std::string &Root : C.TrustedRoots)
    if (isUnder(Path, Root))
      return true;
  return false;
}

/// Expands `@file` arguments in place, as clang's own driver does (nested
/// names relative to the file that names them), but only for regular files
/// inside the trusted roots. A refused response file is dropped with a note.
void expandResponseFiles(std::vector<std::string> &Args, bool WindowsSyntax, const FlagContext &C,
                         std::vector<std::string> &Dropped) {
  llvm::BumpPtrAllocator Alloc;
  llvm::StringSaver Saver(Alloc);
  // (argument, folder its relative response-file names resolve against, depth)
  struct Pending {
    std::string Arg;
    std::string Base;
    unsigned Depth;
  };
  std::vector<Pending> Work;
  for (auto It = Args.rbegin(); It != Args.rend(); ++It)
    Work.push_back({*It, C.Directory, 0});
  std::vector<std::string> Out;
  while (!Work.empty()) {
    Pending P = std::move(Work.back());
    Work.pop_back();
    if (P.Arg.size() < 2 || P.Arg[0] != '@') {
      Out.push_back(std::move(P.Arg));
      continue;
    }
    std::string File = resolve(llvm::StringRef(P.Arg).drop_front(), P.Base);
    auto Refuse = [&](const std::string &Why) { Dropped.push_back(P.Arg + " (" + Why + ")"); };
    if (P.Depth >= MaxResponseFileDepth) {
      Refuse("response files nested deeper than " + std::to_string(MaxResponseFileDepth));
      continue;
    }
    if (!trusted(File, C)) {
      Refuse("response file outside the project");
      continue;
    }
    auto Buffer = readBoundedRegularFile(File, MaxResponseFileBytes, "response file");
    if (!Buffer) {
      Refuse(llvm::toString(Buffer.takeError()));
      continue;
    }
    llvm::SmallVector<const char *, 64> Tokens;
    if (WindowsSyntax)
      llvm::cl::TokenizeWindowsCommandLine((*Buffer)->getBuffer(), Saver, Tokens);
    else
      llvm::cl::TokenizeGNUCommandLine((*Buffer)->getBuffer(), Saver, Tokens);
    std::string Base = std::string(path::parent_path(File));
    for (auto It = Tokens.rbegin(); It != Tokens.rend(); ++It)
      if (*It)
        Work.push_back({*It, Base, P.Depth + 1});
  }
  Args = std::move(Out);
}

/// Values of -x that are C or C++ source (CUDA, HIP, OpenCL and the others
/// would start offload toolchains, which run GPU detection programs).
bool isAllowedLanguage(llvm::StringRef Lang) {
  static const llvm::StringSet<> Allowed = {
      "c", "c-header", "cpp-output", "c++", "c++-header", "c++-cpp-output",
      "c++-system-header", "c++-user-header", "objective-c", "objective-c++",
      "objective-c-header", "objective-c++-header"};
  return Allowed.contains(Lang);
}

/// Front-end language options (the name after -f / -fno-, before '='):
/// what they change is what parses, which macros are defined or which
/// diagnostics appear. None takes a path.
bool isLanguageFOption(llvm::StringRef Spelling) {
  static const llvm::StringSet<> Allowed = {
      "exceptions", "cxx-exceptions", "rtti", "coroutines", "coroutines-ts", "char8_t",
      "ms-extensions", "ms-compatibility", "ms-compatibility-version", "delayed-template-parsing",
      "signed-char", "unsigned-char", "short-wchar", "short-enums", "pic", "PIC", "pie", "PIE",
      "builtin", "freestanding", "hosted", "gnu-keywords", "asm", "gnu89-inline", "openmp",
      "openmp-simd", "openmp-version", "sized-deallocation", "aligned-allocation", "new-alignment",
      "blocks", "operator-names", "dollars-in-identifiers", "wrapv", "trapv", "strict-enums",
      "threadsafe-statics", "constexpr-depth", "constexpr-steps", "template-depth",
      "bracket-depth", "fast-math", "math-errno", "finite-math-only", "strict-aliasing",
      "declspec", "borland-extensions", "digraphs", "trigraphs", "access-control",
      "gnu-inline-asm", "visibility", "visibility-inlines-hidden", "sanitize", "stack-protector",
      "stack-protector-strong", "stack-protector-all", "common", "lax-vector-conversions",
      "relaxed-template-template-args", "new-infallible", "assume-sane-operator-new",
      "zvector", "altivec", "reciprocal-math", "associative-math", "honor-infinities",
      "honor-nans", "signed-zeros", "rounding-math", "cf-protection", "pascal-strings",
      "experimental-library", "gnu-inline-asm", "implicit-modules", "modules",
      "char8_t", "double-square-bracket-attributes", "unsafe-math-optimizations",
      "ms-volatile", "strict-flex-arrays", "wchar-type", "emulated-tls", "vectorize",
      "no-builtin", "elide-constructors", "permissive", "deprecated-macro",
      "gnu-keywords", "fixed-point", "cuda-allow-variadic-functions", "apple-pragma-pack",
      "xl-pragma-pack", "pch-instantiate-templates", "diagnostics-color", "color-diagnostics",
      "diagnostics-show-option", "message-length", "template-backtrace-limit",
      "macro-backtrace-limit", "spell-checking", "caret-diagnostics", "show-column",
      "elide-type", "show-source-location", "diagnostics-show-template-tree"};
  llvm::StringRef Name = Spelling;
  if (!Name.consume_front("-f"))
    return false;
  Name.consume_front("no-");
  Name = Name.split('=').first;
  // "modules" and "implicit-modules" only in their "no-" forms (turning
  // modules on needs a module cache, which is a write).
  if ((Name == "modules" || Name == "implicit-modules") && !Spelling.starts_with("-fno-"))
    return false;
  return Allowed.contains(Name) || Name.starts_with("builtin-");
}

/// Options that only matter to code generation or linking and that every
/// build passes: dropped without a note (the note is for what a reader
/// should know about).
bool isRoutineBuildFlag(const llvm::opt::Option &O) {
  return O.matches(opt::OPT_o) || O.matches(opt::OPT_c) || O.matches(opt::OPT_pipe) ||
         O.matches(opt::OPT_g_Group) || O.matches(opt::OPT_gN_Group) ||
         O.matches(opt::OPT_DebugInfo_Group) || O.matches(opt::OPT_Link_Group) ||
         O.matches(opt::OPT_M_Group) || O.matches(opt::OPT_f_Group) ||
         O.matches(opt::OPT_f_clang_Group) || O.matches(opt::OPT_w);
}

/// Why a flag that is not on the allow-list is dropped (for the note).
std::string dropReason(const llvm::opt::Option &O, llvm::StringRef Spelling) {
  if (O.matches(opt::OPT_UNKNOWN))
    return "unknown to clang";
  if (O.matches(opt::OPT_fplugin_EQ) || O.matches(opt::OPT_fpass_plugin_EQ))
    return "loads code into the analyzer";
  if (O.matches(opt::OPT_Xclang) || O.matches(opt::OPT_mllvm))
    return "passes flags past the driver unchecked";
  if (O.matches(opt::OPT_offload_Group) || Spelling.contains("offload") ||
      Spelling.contains("gpu") || Spelling.contains("cuda") || Spelling.contains("hip") ||
      Spelling.contains("arch-tool") || Spelling.contains("openmp-targets"))
    return "GPU offload: may run architecture detection programs";
  if (O.matches(opt::OPT_B) || Spelling.starts_with("--gcc-") || Spelling.starts_with("-gcc-"))
    return "tool or toolchain path outside the system directories";
  return "not a flag that changes how the file parses";
}

} // namespace

std::vector<std::string> allowedArguments(const std::vector<std::string> &Input,
                                          const FlagContext &Context, const std::string &Driver,
                                          std::vector<std::string> &Dropped) {
  if (Input.empty())
    return {};
  std::vector<std::string> Args = Input;
  // A compiler launcher in front of the compiler (ccache g++ ...).
  static const llvm::StringSet<> Launchers = {"ccache", "sccache", "distcc", "icecc"};
  while (Args.size() > 1 && Launchers.contains(path::stem(Args.front())))
    Args.erase(Args.begin());
  // The database's compiler decides the driver mode (cc: C, c++: C++,
  // clang-cl: MSVC syntax) and maybe a target (arm-linux-gnueabi-g++); it is
  // never run, and its folder is never searched for tools.
  clang::driver::ParsedClangName Name =
      clang::driver::ToolChain::getTargetAndModeFromProgramName(Args.front());
  std::string Mode = Name.DriverMode ? Name.DriverMode : "";
  llvm::StringRef Stem = path::stem(Args.front());
  if (Mode.empty())
    Mode = Stem.ends_with("++") || Stem.ends_with("xx") ? "--driver-mode=g++"
           : Stem.ends_with("cl")                       ? "--driver-mode=cl"
                                                        : "--driver-mode=gcc";
  bool ClMode = Mode == "--driver-mode=cl";
  Args.erase(Args.begin());
  expandResponseFiles(Args, ClMode, Context, Dropped);

  std::vector<const char *> Raw;
  for (const std::string &A : Args)
    Raw.push_back(A.c_str());
  unsigned MissingIndex = 0, MissingCount = 0;
  const llvm::opt::OptTable &Table = clang::driver::getDriverOptTable();
  llvm::opt::InputArgList Parsed = Table.ParseArgs(
      Raw, MissingIndex, MissingCount,
      llvm::opt::Visibility(ClMode ? opt::CLOption : opt::ClangOption));

  std::vector<std::string> Out = {Driver, Mode};
  // A cross compiler's name prefix (aarch64-linux-gnu-g++); checked as a
  // triple here, since the registry that clang's own check uses is not
  // initialised in the tool.
  if (!Name.TargetPrefix.empty() &&
      llvm::Triple(Name.TargetPrefix).getArch() != llvm::Triple::UnknownArch)
    Out.push_back("--target=" + Name.TargetPrefix);
  bool HasInput = false;
  // Each parsed option keeps the tokens it was written as (-DX=1 stays one
  // token, -I dir two): from its index to the next option's.
  std::vector<const llvm::opt::Arg *> InOrder(Parsed.begin(), Parsed.end());
  for (size_t K = 0; K < InOrder.size(); ++K) {
    const llvm::opt::Arg *A = InOrder[K];
    const llvm::opt::Option O = A->getOption().getUnaliasedOption();
    std::string Spelling = A->getAsString(Parsed);
    auto Keep = [&] {
      size_t End = K + 1 < InOrder.size() ? InOrder[K + 1]->getIndex() : Args.size();
      for (size_t T = A->getIndex(); T < End && T < Args.size(); ++T)
        Out.push_back(Args[T]);
    };
    if (O.matches(opt::OPT__DASH_DASH)) {
      HasInput |= A->getNumValues() > 0; // "-- a.cpp": the rest are inputs
      Keep();
      continue;
    }
    if (O.matches(opt::OPT_INPUT)) {
      HasInput = true;
      llvm::StringRef Ext = path::extension(A->getValue());
      // CUDA and HIP sources would start offload toolchains: parsed as C++.
      if (Ext == ".cu" || Ext == ".cuh" || Ext == ".hip") {
        Dropped.push_back(std::string(A->getValue()) + " (CUDA/HIP source, analysed as C++)");
        Out.push_back("-x");
        Out.push_back("c++");
      }
      Keep();
      continue;
    }
    // Plain values that only select parsing behaviour.
    if (O.matches(opt::OPT_D) || O.matches(opt::OPT_U) || O.matches(opt::OPT_std_EQ) ||
        O.matches(opt::OPT_ansi) || O.matches(opt::OPT_stdlib_EQ) ||
        O.matches(opt::OPT_pedantic) || O.matches(opt::OPT_pedantic_errors) ||
        O.matches(opt::OPT_trigraphs) || O.matches(opt::OPT_pthread) ||
        O.matches(opt::OPT_pthreads) || O.matches(opt::OPT_target) ||
        O.matches(opt::OPT_target_legacy_spelling) || O.matches(opt::OPT_O_Group) ||
        O.matches(opt::OPT_W_Group) || O.matches(opt::OPT_W_value_Group) ||
        O.matches(opt::OPT_nostdinc) || O.matches(opt::OPT_nostdincxx) ||
        O.matches(opt::OPT_nostdlibinc) || O.matches(opt::OPT_nobuiltininc) ||
        (O.matches(opt::OPT_m_Group) && !O.matches(opt::OPT_mllvm))) {
      Keep();
      continue;
    }
    if (O.matches(opt::OPT_x)) {
      if (isAllowedLanguage(A->getValue())) {
        Keep();
        continue;
      }
      Dropped.push_back(Spelling + " (not C or C++; GPU languages may run detection programs)");
      continue;
    }
    if ((O.matches(opt::OPT_f_Group) || O.matches(opt::OPT_f_clang_Group)) &&
        isLanguageFOption(A->getSpelling())) {
      Keep();
      continue;
    }
    // Include search directories are kept wherever they point: they only
    // add places to look, and a source can name any file by absolute path
    // anyway (sibling checkouts of dependencies are common).
    if (O.matches(opt::OPT_I) || O.matches(opt::OPT_isystem) || O.matches(opt::OPT_iquote) ||
        O.matches(opt::OPT_idirafter) || O.matches(opt::OPT_cxx_isystem) ||
        O.matches(opt::OPT_isystem_after) || O.matches(opt::OPT_iframework) ||
        O.matches(opt::OPT_F)) {
      Keep();
      continue;
    }
    // Files read whatever the source says (-include /etc/shadow would print
    // it in a parse error in a CI log) and sysroots: inside the project, the
    // build directory or the system directories; a toolchain only from the
    // system.
    bool ToolchainPath = O.matches(opt::OPT_gcc_toolchain) || O.matches(opt::OPT_gcc_install_dir_EQ);
    if (O.matches(opt::OPT_include) || O.matches(opt::OPT_imacros) ||
        O.matches(opt::OPT_isysroot) || O.matches(opt::OPT__sysroot_EQ) ||
        O.matches(opt::OPT__sysroot) || ToolchainPath) {
      std::string Path = resolve(A->getValue(), Context.Directory);
      if (ToolchainPath ? inSystemDir(Path) : trusted(Path, Context)) {
        Keep();
        continue;
      }
      Dropped.push_back(Spelling + (ToolchainPath
                                        ? " (toolchain outside the system directories)"
                                        : " (outside the project and the system directories)"));
      continue;
    }
    if (O.matches(opt::OPT_driver_mode))
      continue; // decided above from the compiler's name
    if (isRoutineBuildFlag(O) && !O.matches(opt::OPT_fplugin_EQ) &&
        !O.matches(opt::OPT_fpass_plugin_EQ) && !A->getSpelling().contains("offload") &&
        !llvm::StringRef(Spelling).contains("-fopenmp-targets"))
      continue;
    Dropped.push_back(Spelling + " (" + dropReason(O, Spelling) + ")");
  }
  if (!HasInput)
    return {};
  return Out;
}

} // namespace asyncguard
