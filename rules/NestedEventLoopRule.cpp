// nested-event-loop: see rules/docs/nested-event-loop.md.
// Detection is shared by all blocking-call rules (core/Project.cpp, from the
// catalogue entries whose "rule" is "nested-event-loop"); this file says why it stalls.

#include "rules/Rule.h"

namespace asyncguard {
namespace {
class NestedEventLoopRule final : public Rule {
public:
  using Rule::Rule;
  std::string_view consequence() const override {
    return "it runs a second event loop on the loop thread; every other task stalls, and it deadlocks if the work needs this loop";
  }
  std::string defaultAdvice(const BlockingCall &Leaf) const override {
    return "'co_await' the task instead of running it to completion synchronously";
  }
};
} // namespace

std::unique_ptr<Rule> createNestedEventLoopRule(const RuleInfo &Info) {
  return std::make_unique<NestedEventLoopRule>(Info);
}

} // namespace asyncguard
