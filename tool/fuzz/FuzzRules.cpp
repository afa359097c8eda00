// The rule registry for the fuzz targets: every rule of Rules.def with its
// metadata (ids, levels, docs) but the base behaviour, so that the targets
// need not compile the AST matchers, which nothing fuzzed here calls.
#include "rules/Rule.h"

namespace asyncguard {

#define RULE(Class, Id, Kind, Level, Summary)                                                      \
  std::unique_ptr<Rule> create##Class##Rule(const RuleInfo &Info) {                                \
    return std::make_unique<Rule>(Info);                                                           \
  }
#include "rules/Rules.def"

} // namespace asyncguard
