// blocking-wait: see rules/docs/blocking-wait.md.
// Detection is shared by all blocking-call rules (core/Project.cpp, from the
// catalogue entries whose "rule" is "blocking-wait"); this file says why it stalls.

#include "rules/Rule.h"

namespace asyncguard {
namespace {
class BlockingWaitRule final : public Rule {
public:
  using Rule::Rule;
  std::string_view consequence() const override {
    return "the loop thread waits for another thread; no other task runs, and it deadlocks if that work needs this loop";
  }
  std::string defaultAdvice(const BlockingCall &Leaf) const override {
    return "'co_await' an awaitable result instead of waiting for it, or move the wait off the loop with 'co_await asyncguard::rt::offload([&] { return ...; })'";
  }
};
} // namespace

std::unique_ptr<Rule> createBlockingWaitRule(const RuleInfo &Info) {
  return std::make_unique<BlockingWaitRule>(Info);
}

} // namespace asyncguard
