// blocking-sleep: see rules/docs/blocking-sleep.md.
// Detection is shared by all blocking-call rules (core/Project.cpp, from the
// catalogue entries whose "rule" is "blocking-sleep"); this file says why it stalls.

#include "rules/Rule.h"

namespace asyncguard {
namespace {
class BlockingSleepRule final : public Rule {
public:
  using Rule::Rule;
  std::string_view consequence() const override {
    return "the loop thread sleeps with it and no other task runs until it wakes";
  }
  std::string defaultAdvice(const BlockingCall &Leaf) const override {
    return "suspend instead: 'co_await asyncguard::rt::sleep_for(duration)'";
  }
};
} // namespace

std::unique_ptr<Rule> createBlockingSleepRule(const RuleInfo &Info) {
  return std::make_unique<BlockingSleepRule>(Info);
}

} // namespace asyncguard
