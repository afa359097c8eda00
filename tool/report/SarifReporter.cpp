// SARIF 2.1.0 as GitHub code scanning ingests it (DESIGN.md, "CLI contract").
// Artifact URIs are relative to %SRCROOT%, which is left for the consumer to
// resolve; only a file outside the root is named by an absolute file URI.

#include "core/Project.h"
#include "report/Report.h"
#include "rules/Rule.h"

#include "llvm/Support/Path.h"
#include <nlohmann/json.hpp>

using nlohmann::json;

namespace asyncguard {
namespace {

constexpr const char *SrcRoot = "%SRCROOT%";

std::string uriEscape(const std::string &Path) {
  static const char *Hex = "0123456789ABCDEF";
  std::string Out;
  for (unsigned char C : Path) {
    if (std::isalnum(C) || C == '/' || C == '-' || C == '_' || C == '.' || C == '~')
      Out += static_cast<char>(C);
    else {
      Out += '%';
      Out += Hex[C >> 4];
      Out += Hex[C & 15];
    }
  }
  return Out;
}

json artifact(const Report &R, const std::string &File) {
  std::string Relative = relativeTo(File, R.SourceRoot);
  // A file outside the root (a system or vendored header) has no relative
  // form; "%SRCROOT%/../.." would break on another checkout and an absolute
  // path under a base id is invalid, so it gets an absolute file URI.
  if (llvm::sys::path::is_absolute(Relative))
    return {{"uri", "file://" + uriEscape(Relative)}};
  return {{"uri", uriEscape(Relative)}, {"uriBaseId", SrcRoot}};
}

json region(const SourceRange &Range) {
  json Region = {{"startLine", Range.Begin.Line},
                 {"startColumn", codePointColumn(Range.LineText, Range.Begin.Column)}};
  if (Range.End.Line == Range.Begin.Line && Range.End.Column > Range.Begin.Column) {
    Region["endLine"] = Range.End.Line;
    Region["endColumn"] = codePointColumn(Range.LineText, Range.End.Column);
  }
  if (!Range.LineText.empty())
    Region["snippet"] = {{"text", Range.LineText}};
  return Region;
}

json physical(const Report &R, const SourceRange &Range) {
  return {{"artifactLocation", artifact(R, Range.File)}, {"region", region(Range)}};
}

/// The first paragraph under "## What it finds" in a rule's doc.
std::string fullDescription(std::string_view Doc, std::string_view Fallback) {
  size_t At = Doc.find("## What it finds");
  if (At == std::string_view::npos)
    return std::string(Fallback);
  At = Doc.find('\n', At);
  while (At < Doc.size() && Doc[At] == '\n')
    ++At;
  size_t End = Doc.find("\n\n", At);
  std::string Text(Doc.substr(At, End == std::string_view::npos ? End : End - At));
  for (char &C : Text)
    if (C == '\n')
      C = ' ';
  return Text.empty() ? std::string(Fallback) : Text;
}

json ruleDescriptor(const Rule &Rl) {
  std::string_view Doc = ruleDoc(Rl.id());
  std::string Summary(Rl.info().Summary);
  return {{"id", std::string(Rl.id())},
          {"name", std::string(ruleClassName(Rl.id()))},
          {"shortDescription", {{"text", Summary}}},
          {"fullDescription", {{"text", fullDescription(Doc, Summary)}}},
          {"help", {{"text", Doc.empty() ? Summary : std::string(Doc)},
                    {"markdown", Doc.empty() ? Summary : std::string(Doc)}}},
          {"helpUri", ruleDocUri(Rl.id())},
          {"defaultConfiguration", {{"level", std::string(levelName(Rl.info().DefaultLevel))}}},
          {"properties",
           {{"tags", {"async", "concurrency", "performance"}}, {"precision", "high"}}}};
}

} // namespace

std::string renderSarif(const Report &R) {
  json Rules = json::array();
  std::map<std::string, size_t> RuleIndex;
  for (const auto &Rl : allRules()) {
    RuleIndex[std::string(Rl->id())] = Rules.size();
    Rules.push_back(ruleDescriptor(*Rl));
  }

  json Results = json::array();
  for (const Finding *F : R.visible()) {
    json Result = {{"ruleId", F->Rule},
                   {"ruleIndex", RuleIndex[F->Rule]},
                   {"level", std::string(levelName(F->Severity))},
                   {"message", {{"text", F->Message + ". " + F->Advice}}},
                   {"locations", json::array({{{"physicalLocation", physical(R, F->Range)}}})},
                   {"partialFingerprints", {{"asyncguard/v1", F->Fingerprint}}}};
    json Related = json::array();
    int Id = 1;
    for (const Note &N : F->Context)
      Related.push_back({{"id", Id++}, {"physicalLocation", physical(R, N.Range)},
                         {"message", {{"text", N.Message}}}});
    for (const Note &N : F->Chain)
      Related.push_back({{"id", Id++}, {"physicalLocation", physical(R, N.Range)},
                         {"message", {{"text", N.Message}}}});
    Result["relatedLocations"] = Related;
    if (!F->Chain.empty()) {
      json Steps = json::array();
      Steps.push_back({{"location", {{"physicalLocation", physical(R, F->Range)},
                                     {"message", {{"text", "'" + F->Function + "' calls '" +
                                                               F->Callee + "' here"}}}}}});
      for (const Note &N : F->Chain)
        Steps.push_back({{"location", {{"physicalLocation", physical(R, N.Range)},
                                       {"message", {{"text", N.Message}}}}}});
      Result["codeFlows"] = json::array({{{"threadFlows", json::array({{{"locations", Steps}}})}}});
    }
    if (!F->Fix.empty()) {
      std::map<std::string, json> ByFile;
      for (const Edit &E : F->Fix.Edits)
        ByFile[E.File].push_back({{"deletedRegion", {{"byteOffset", E.Offset}, {"byteLength", E.Length}}},
                                  {"insertedContent", {{"text", E.Replacement}}}});
      json Changes = json::array();
      for (auto &[File, Replacements] : ByFile)
        Changes.push_back({{"artifactLocation", artifact(R, File)}, {"replacements", Replacements}});
      Result["fixes"] = json::array({{{"description", {{"text", F->Fix.Description}}},
                                      {"artifactChanges", Changes}}});
    }
    if (!F->Suppression.empty())
      Result["suppressions"] = json::array(
          {{{"kind", F->Suppression == "nolint" ? "inSource" : "external"},
            {"justification", F->Suppression == "nolint" ? "NOLINT comment" : "baseline"}}});
    Results.push_back(std::move(Result));
  }

  json Notifications = json::array();
  for (const TuFailure &Failure : R.Failures) {
    std::string Text = "could not analyze this file; its findings are missing";
    if (!Failure.Errors.empty())
      Text += ": " + Failure.Errors.front().substr(0, Failure.Errors.front().find('\n'));
    // The error text names the file as the compiler saw it; keep it relative.
    size_t Abs = Text.find(R.SourceRoot + "/");
    if (!R.SourceRoot.empty() && Abs != std::string::npos)
      Text.erase(Abs, R.SourceRoot.size() + 1);
    Notifications.push_back({{"level", "error"},
                             {"message", {{"text", Text}}},
                             {"locations", json::array({{{"physicalLocation",
                                                          {{"artifactLocation", artifact(R, Failure.File)}}}}})}});
  }

  json Run = {
      {"tool",
       {{"driver",
         {{"name", "asyncguard"},
          {"version", AG_VERSION},
          {"semanticVersion", AG_VERSION},
          {"informationUri", AG_REPOSITORY_URL},
          {"rules", Rules}}}}},
      {"invocations", json::array({{{"executionSuccessful", R.Failures.empty()},
                                    {"exitCode", R.ExitCode},
                                    {"toolExecutionNotifications", Notifications}}})},
      {"originalUriBaseIds",
       {{SrcRoot, {{"description", {{"text", "The root of the analyzed source tree"}}}}}}},
      {"columnKind", "unicodeCodePoints"},
      {"results", Results}};
  json Doc = {{"$schema", "https://json.schemastore.org/sarif-2.1.0.json"},
              {"version", "2.1.0"},
              {"runs", json::array({Run})}};
  // Source text and paths need not be UTF-8: invalid bytes become U+FFFD
  // instead of an exception.
  return Doc.dump(2, ' ', false, json::error_handler_t::replace) + "\n";
}

} // namespace asyncguard
