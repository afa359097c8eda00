#include "core/Project.h"
#include "core/FeasibleChains.h"
#include "core/Suppression.h"
#include "rules/Rule.h"


#include <deque>
#include <set>

namespace asyncguard {

std::string relativeTo(const std::string &Path, const std::string &Root) {
  if (Root.empty())
    return Path;
  std::string Prefix = Root.back() == '/' ? Root : Root + "/";
  return Path.rfind(Prefix, 0) == 0 ? Path.substr(Prefix.size()) : Path;
}

static bool sameSite(const CallSite &A, const CallSite &B) {
  return A.Range.File == B.Range.File && A.Range.Begin == B.Range.Begin;
}

void ProjectSummary::add(const TuFacts &Tu) {
  // A header's markers are seen by every TU that includes it: keep one.
  for (const NolintFact &M : Tu.Nolints)
    if (std::none_of(Nolints.begin(), Nolints.end(), [&](const NolintFact &K) {
          return K.Range.File == M.Range.File && K.Range.Begin == M.Range.Begin;
        }))
      Nolints.push_back(M);
  // Shapes in headers and templates are seen by several TUs: keep one.
  for (const ShapeFact &S : Tu.Shapes)
    if (std::none_of(Shapes.begin(), Shapes.end(), [&](const ShapeFact &K) {
          return K.Rule == S.Rule && sameSite(K.Site, S.Site);
        }))
      Shapes.push_back(S);
  for (const FunctionFact &F : Tu.Functions) {
    auto [It, Inserted] = Functions.try_emplace(F.Usr, F);
    if (Inserted)
      continue;
    // The same function seen from another TU (inline, template): the union
    // of what each TU could resolve.
    FunctionFact &Known = It->second;
    for (const BlockingCall &B : F.Blocking)
      if (std::none_of(Known.Blocking.begin(), Known.Blocking.end(),
                       [&](const BlockingCall &K) { return sameSite(K.Site, B.Site); }))
        Known.Blocking.push_back(B);
    for (const CallEdge &E : F.Calls)
      if (std::none_of(Known.Calls.begin(), Known.Calls.end(), [&](const CallEdge &K) {
            return K.CalleeUsr == E.CalleeUsr && sameSite(K.Site, E.Site);
          }))
        Known.Calls.push_back(E);
  }
}

std::vector<Finding> ProjectSummary::findings(const ProjectOptions &Options) const {
  FeasibleChains Reached(Functions, Options.MaxDepth);
  std::vector<Finding> Out;
  auto Start = [&](const FunctionFact &F, const CallSite &Site, const std::string &RuleId) {
    Finding Fd;
    Fd.Rule = RuleId;
    if (const RuleInfo *Info = findRule(RuleId))
      Fd.Severity = Info->DefaultLevel;
    Fd.Range = Site.Range;
    Fd.Function = F.Name;
    Fd.Context.push_back(
        {F.Location, "'" + F.Name + "' " + F.AsyncReason + "; it runs on the event loop thread"});
    if (isSuppressed(Site.Nolint, RuleId))
      Fd.Suppression = "nolint";
    return Fd;
  };

  for (const auto &[Usr, F] : Functions) {
    if (!F.IsAsync)
      continue;
    for (const BlockingCall &B : F.Blocking) {
      const Rule *R = findRuleImpl(B.Rule);
      if (!R || !Options.configFor(B.Site.Range.File).isEnabled(B.Rule))
        continue;
      if (Reached.ends(B.DoomedIf))
        continue; // the process ends after it: nothing is left to stall
      Finding Fd = Start(F, B.Site, B.Rule);
      Fd.Callee = B.Api;
      Fd.Message = "'" + B.Api + "' " + B.Why + "; " + std::string(R->consequence());
      Fd.Advice = B.Instead.empty() ? R->defaultAdvice(B) : "instead: " + B.Instead;
      Fd.Fix = B.Fix;
      Out.push_back(std::move(Fd));
    }
    for (const CallEdge &E : F.Calls) {
      std::vector<Note> Steps;
      const BlockingCall *Leaf = Reached.chainFrom(E, Steps);
      const Rule *R = Leaf ? findRuleImpl(Leaf->Rule) : nullptr;
      if (!R || !Options.configFor(E.Site.Range.File).isEnabled(Leaf->Rule))
        continue;
      Finding Fd = Start(F, E.Site, Leaf->Rule);
      Fd.Callee = E.CalleeName;
      size_t Depth = Steps.size();
      Fd.Message = "'" + E.CalleeName + "' blocks: it reaches '" + Leaf->Api + "', which " +
                   Leaf->Why + " (" + std::to_string(Depth) + (Depth == 1 ? " call" : " calls") +
                   " deep); " + std::string(R->consequence());
      Fd.Chain = std::move(Steps);
      Fd.Advice = "run '" + E.CalleeName +
                  "' off the loop with 'co_await asyncguard::rt::offload([&] { return ...; })', "
                  "or make it a coroutine";
      Fd.Fix = E.Fix;
      Out.push_back(std::move(Fd));
    }
  }

  for (const ShapeFact &S : Shapes) {
    if (!findRule(S.Rule) || !Options.configFor(S.Site.Range.File).isEnabled(S.Rule))
      continue;
    Finding Fd;
    Fd.Rule = S.Rule;
    Fd.Severity = findRule(S.Rule)->DefaultLevel;
    Fd.Range = S.Site.Range;
    Fd.Message = S.Message;
    Fd.Advice = S.Advice;
    Fd.Function = S.Function;
    Fd.Callee = S.Subject;
    for (const RelatedPlace &P : S.Notes)
      Fd.Context.push_back({P.Range, P.Message});
    if (isSuppressed(S.Site.Nolint, S.Rule))
      Fd.Suppression = "nolint";
    Out.push_back(std::move(Fd));
  }

  // The NOLINT comments themselves, judged against every place a marker
  // could have silenced: the findings so far (suppressed or not) and the
  // blocking calls of synchronous functions (a NOLINT there cuts chains).
  std::vector<SuppressionUse> Uses;
  for (const Finding &Fd : Out)
    Uses.push_back({Fd.Range.File, Fd.Range.Begin.Line, Fd.Rule});
  for (const auto &[Usr, F] : Functions)
    if (!F.IsAsync)
      for (const BlockingCall &B : F.Blocking)
        Uses.push_back({B.Site.Range.File, B.Site.Range.Begin.Line, B.Rule});
  SuppressionView View{Nolints, Uses, [&](const std::string &File, std::string_view Rule) {
                         return Options.configFor(File).isEnabled(Rule);
                       }};
  for (const auto &R : allRules()) {
    if (R->info().Kind != RuleKind::Suppression)
      continue;
    if (R->id() == "unused-nolint" && !Options.ReportUnusedSuppressions)
      continue;
    std::vector<ShapeFact> Found;
    R->checkNolints(View, Found);
    for (ShapeFact &S : Found) {
      if (!Options.configFor(S.Site.Range.File).isEnabled(S.Rule))
        continue;
      Finding Fd;
      Fd.Rule = S.Rule;
      Fd.Severity = R->info().DefaultLevel;
      Fd.Range = S.Site.Range;
      Fd.Message = std::move(S.Message);
      Fd.Advice = std::move(S.Advice);
      Fd.Callee = std::move(S.Subject);
      Out.push_back(std::move(Fd));
    }
  }

  std::sort(Out.begin(), Out.end(), [](const Finding &A, const Finding &B) {
    return std::tie(A.Range.File, A.Range.Begin.Line, A.Range.Begin.Column, A.Rule, A.Callee) <
           std::tie(B.Range.File, B.Range.Begin.Line, B.Range.Begin.Column, B.Rule, B.Callee);
  });
  Out.erase(std::unique(Out.begin(), Out.end(),
                        [](const Finding &A, const Finding &B) {
                          return A.Range.File == B.Range.File &&
                                 A.Range.Begin == B.Range.Begin && A.Rule == B.Rule;
                        }),
            Out.end());
  std::map<std::string, unsigned> Seen;
  for (Finding &Fd : Out) {
    std::string Key = Fd.Rule + "|" + relativeTo(Fd.Range.File, Options.SourceRoot) + "|" +
                      Fd.Function + "|" + Fd.Callee;
    unsigned Occurrence = Seen[Key]++;
    Fd.Fingerprint = contentHash(Key) + ":" + std::to_string(Occurrence + 1);
  }
  return Out;
}

} // namespace asyncguard
