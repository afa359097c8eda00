// blocking-network: see rules/docs/blocking-network.md.
// Detection is shared by all blocking-call rules (core/Project.cpp, from the
// catalogue entries whose "rule" is "blocking-network"); this file says why it stalls.

#include "rules/Rule.h"

namespace asyncguard {
namespace {
class BlockingNetworkRule final : public Rule {
public:
  using Rule::Rule;
  std::string_view consequence() const override {
    return "the loop thread waits for the network and no other task runs meanwhile";
  }
};
} // namespace

std::unique_ptr<Rule> createBlockingNetworkRule(const RuleInfo &Info) {
  return std::make_unique<BlockingNetworkRule>(Info);
}

} // namespace asyncguard
