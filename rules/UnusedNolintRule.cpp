// unused-nolint: a NOLINT check naming an asyncguard rule that covers no
// finding of that rule (ruff's RUF100 unused-noqa). Reported only with
// --report-unused-suppressions. See rules/docs/unused-nolint.md.

#include "core/Suppression.h"
#include "rules/Rule.h"

#include <algorithm>

namespace asyncguard {
namespace {

class UnusedNolintRule final : public Rule {
public:
  using Rule::Rule;
  void checkNolints(const SuppressionView &View, std::vector<ShapeFact> &Out) const override {
    for (const NolintFact &M : View.Markers) {
      // An END shares its BEGIN's region; the BEGIN is reported for both.
      if (M.Unmatched || M.Kind == "NOLINTEND")
        continue;
      std::vector<std::string> Unused;
      for (const std::string &Pattern : M.Patterns)
        if (namesAsyncguardRule(Pattern) && judgeable(View, M, Pattern) && !used(View, M, Pattern))
          Unused.push_back(Pattern);
      if (Unused.empty())
        continue;
      std::string List;
      for (const std::string &P : Unused)
        List += (List.empty() ? "'" : ", '") + P + "'";
      ShapeFact S;
      S.Rule = std::string(id());
      S.Site.Range = M.Range;
      S.Subject = M.Kind + "(" + List + ")";
      S.Message = "'" + M.Kind + "' names " + List + " but suppresses no finding " +
                  (M.Kind == "NOLINTBEGIN" ? "in its region" : "on its line");
      S.Advice = "remove the check from the comment (or the whole comment)";
      Out.push_back(std::move(S));
    }
  }

private:
  /// Every rule the pattern covers runs in the file: otherwise its finding
  /// may just be switched off in this run.
  static bool judgeable(const SuppressionView &View, const NolintFact &M, const std::string &P) {
    for (const auto &R : allRules())
      if (patternCovers(P, R->id()) && R->info().Kind != RuleKind::Suppression &&
          !View.Enabled(M.Range.File, R->id()))
        return false;
    return true;
  }

  static bool used(const SuppressionView &View, const NolintFact &M, const std::string &P) {
    return std::any_of(View.Uses.begin(), View.Uses.end(), [&](const SuppressionUse &U) {
      return U.File == M.Range.File && U.Line >= M.FirstLine && U.Line <= M.LastLine &&
             patternCovers(P, U.Rule);
    });
  }
};

} // namespace

std::unique_ptr<Rule> createUnusedNolintRule(const RuleInfo &Info) {
  return std::make_unique<UnusedNolintRule>(Info);
}

} // namespace asyncguard
