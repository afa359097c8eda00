// blocking-process: see rules/docs/blocking-process.md.
// Detection is shared by all blocking-call rules (core/Project.cpp, from the
// catalogue entries whose "rule" is "blocking-process"); this file says why it stalls.

#include "rules/Rule.h"

namespace asyncguard {
namespace {
class BlockingProcessRule final : public Rule {
public:
  using Rule::Rule;
  std::string_view consequence() const override {
    return "the loop thread waits for the child process and no other task runs meanwhile";
  }
};
} // namespace

std::unique_ptr<Rule> createBlockingProcessRule(const RuleInfo &Info) {
  return std::make_unique<BlockingProcessRule>(Info);
}

} // namespace asyncguard
