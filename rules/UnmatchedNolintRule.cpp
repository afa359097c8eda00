// unmatched-nolint: a NOLINTBEGIN without a NOLINTEND with the same check
// list, or a NOLINTEND without its NOLINTBEGIN, as clang-tidy reports them.
// See rules/docs/unmatched-nolint.md.

#include "rules/Rule.h"

namespace asyncguard {
namespace {

class UnmatchedNolintRule final : public Rule {
public:
  using Rule::Rule;
  void checkNolints(const SuppressionView &View, std::vector<ShapeFact> &Out) const override {
    for (const NolintFact &M : View.Markers) {
      if (!M.Unmatched)
        continue;
      bool IsBegin = M.Kind == "NOLINTBEGIN";
      ShapeFact S;
      S.Rule = std::string(id());
      S.Site.Range = M.Range;
      S.Subject = M.Kind;
      S.Message = IsBegin ? "unmatched 'NOLINTBEGIN' without a subsequent 'NOLINTEND' with the "
                            "same checks; it suppresses nothing"
                          : "unmatched 'NOLINTEND' without a previous 'NOLINTBEGIN' with the same "
                            "checks";
      S.Advice = IsBegin ? "close the region with 'NOLINTEND' and the same check list"
                         : "remove it, or open the region with 'NOLINTBEGIN' and the same check "
                           "list";
      Out.push_back(std::move(S));
    }
  }
};

} // namespace

std::unique_ptr<Rule> createUnmatchedNolintRule(const RuleInfo &Info) {
  return std::make_unique<UnmatchedNolintRule>(Info);
}

} // namespace asyncguard
