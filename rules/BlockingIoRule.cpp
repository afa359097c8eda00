// blocking-io: see rules/docs/blocking-io.md.
// Detection is shared by all blocking-call rules (core/Project.cpp, from the
// catalogue entries whose "rule" is "blocking-io"); this file says why it stalls.

#include "rules/Rule.h"

namespace asyncguard {
namespace {
class BlockingIoRule final : public Rule {
public:
  using Rule::Rule;
  std::string_view consequence() const override {
    return "the loop thread waits for the disk and no other task runs meanwhile";
  }
};
} // namespace

std::unique_ptr<Rule> createBlockingIoRule(const RuleInfo &Info) {
  return std::make_unique<BlockingIoRule>(Info);
}

} // namespace asyncguard
