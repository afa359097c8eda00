#include "report/Baseline.h"
#include "core/Files.h"
#include "core/JsonInput.h"
#include "core/Project.h"

#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include <nlohmann/json.hpp>

#include <algorithm>
#include <fstream>
#include <set>
#include <tuple>

namespace asyncguard {

NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(BaselineEntry, Fingerprint, Rule, File, Message)

/// The baseline format ("version" in the file); every baseline written so
/// far has it.
static constexpr unsigned BaselineVersion = 1;

llvm::Expected<std::vector<BaselineEntry>> readBaseline(const std::string &Path) {
  auto Buffer = readBoundedRegularFile(Path, limits::BaselineBytes, "baseline");
  if (!Buffer)
    return Buffer.takeError();
  auto Parsed = parseUntrustedJson((*Buffer)->getBuffer(), "'" + Path + "'");
  if (!Parsed)
    return Parsed.takeError();
  const nlohmann::json &J = *Parsed;
  auto NotABaseline = [&](const std::string &Why) {
    return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                   "'%s' is not an asyncguard baseline: %s", Path.c_str(),
                                   Why.c_str());
  };
  if (!J.is_object() || J.value("tool", nlohmann::json()) != "asyncguard")
    return NotABaseline("no \"tool\": \"asyncguard\"");
  if (J.value("version", nlohmann::json()) != BaselineVersion)
    return NotABaseline("\"version\" is not " + std::to_string(BaselineVersion));
  if (!J.contains("findings") || !J["findings"].is_array())
    return NotABaseline("\"findings\" is not an array");
  std::vector<BaselineEntry> Out;
  for (const nlohmann::json &E : J["findings"]) {
    if (!E.is_object() || !E.contains("Fingerprint"))
      return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                     "'%s' has an entry without a fingerprint", Path.c_str());
    // Checked here, not left to get<>(), which throws type_error (the tool
    // aborted with exit 134 on a number where a string belongs).
    for (const char *Key : {"Fingerprint", "Rule", "File", "Message"})
      if (E.contains(Key) && !E[Key].is_string())
        return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                       "'%s': an entry's \"%s\" is not a string (%s)",
                                       Path.c_str(), Key, E[Key].dump().c_str());
    Out.push_back(E.get<BaselineEntry>());
  }
  return Out;
}

llvm::Error writeBaseline(const std::string &Path, const std::vector<Finding> &Findings,
                          const std::string &SourceRoot, const std::vector<BaselineEntry> &Kept) {
  std::vector<BaselineEntry> Entries;
  for (const Finding &F : Findings)
    if (F.Suppression.empty())
      Entries.push_back(
          BaselineEntry{F.Fingerprint, F.Rule, relativeTo(F.Range.File, SourceRoot), F.Message});
  Entries.insert(Entries.end(), Kept.begin(), Kept.end());
  // By file, then fingerprint: a rewrite that keeps entries is a small diff.
  std::stable_sort(Entries.begin(), Entries.end(), [](const BaselineEntry &A, const BaselineEntry &B) {
    return std::tie(A.File, A.Fingerprint) < std::tie(B.File, B.Fingerprint);
  });
  std::set<std::string> Written;
  nlohmann::json List = nlohmann::json::array();
  for (const BaselineEntry &E : Entries)
    if (Written.insert(E.Fingerprint).second)
      List.push_back(E);
  nlohmann::json Doc = {{"tool", "asyncguard"}, {"version", BaselineVersion}, {"findings", List}};
  std::ofstream Out(Path, std::ios::binary);
  Out << Doc.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
  Out.close();
  if (!Out)
    return llvm::createStringError(llvm::inconvertibleErrorCode(), "cannot write baseline '%s'",
                                   Path.c_str());
  return llvm::Error::success();
}

/// Whether the file a baseline entry names (relative to the root) exists.
static bool entryFileExists(const BaselineEntry &E, const std::string &SourceRoot) {
  llvm::SmallString<256> Path(E.File);
  if (!llvm::sys::path::is_absolute(Path))
    llvm::sys::fs::make_absolute(SourceRoot, Path);
  return llvm::sys::fs::exists(Path);
}

std::vector<BaselineEntry> applyBaseline(const std::vector<BaselineEntry> &Known,
                                         std::vector<Finding> &Findings,
                                         const BaselineScope &Scope, const std::string &SourceRoot) {
  std::set<std::string> Matched;
  std::set<std::string> KnownKeys;
  for (const BaselineEntry &E : Known)
    KnownKeys.insert(E.Fingerprint);
  for (Finding &F : Findings) {
    if (!KnownKeys.count(F.Fingerprint))
      continue;
    Matched.insert(F.Fingerprint);
    if (F.Suppression.empty())
      F.Suppression = "baseline";
  }
  std::vector<BaselineEntry> Gone;
  for (const BaselineEntry &E : Known)
    if (!Matched.count(E.Fingerprint) &&
        (Scope.count(E.File) || !entryFileExists(E, SourceRoot)))
      Gone.push_back(E);
  return Gone;
}

std::vector<BaselineEntry> keptEntries(const std::vector<BaselineEntry> &Previous,
                                       const BaselineScope &Scope, const std::string &SourceRoot) {
  std::vector<BaselineEntry> Kept;
  for (const BaselineEntry &E : Previous) {
    if (!Scope.count(E.File) && entryFileExists(E, SourceRoot))
      Kept.push_back(E);
  }
  return Kept;
}

} // namespace asyncguard
