#include "rules/Rule.h"
#include "core/EmbeddedData.h"

namespace asyncguard {

#define RULE(Class, Id, Kind, Level, Summary) std::unique_ptr<Rule> create##Class##Rule(const RuleInfo &);
#include "rules/Rules.def"

namespace {
struct RuleRow {
  RuleInfo Info;
  std::string_view ClassName;
};
const RuleRow Rows[] = {
#define RULE(Class, Id, Kind, DefaultLevel, Summary)                                               \
  {{Id, RuleKind::Kind, Level::DefaultLevel, Summary}, #Class},
#include "rules/Rules.def"
};
} // namespace

std::string_view levelName(Level L) {
  switch (L) {
  case Level::Note:
    return "note";
  case Level::Warning:
    return "warning";
  case Level::Error:
    return "error";
  }
  return "warning";
}

std::string Rule::defaultAdvice(const BlockingCall &Leaf) const {
  return "move the call off the loop with 'co_await asyncguard::rt::offload([&] { return ...; })'";
}

const std::vector<std::unique_ptr<Rule>> &allRules() {
  static const std::vector<std::unique_ptr<Rule>> Rules = [] {
    std::vector<std::unique_ptr<Rule>> Out;
    size_t Index = 0;
#define RULE(Class, Id, Kind, Level, Summary) Out.push_back(create##Class##Rule(Rows[Index++].Info));
#include "rules/Rules.def"
    return Out;
  }();
  return Rules;
}

const Rule *findRuleImpl(std::string_view Id) {
  for (const auto &R : allRules())
    if (R->id() == Id)
      return R.get();
  return nullptr;
}

const RuleInfo *findRule(std::string_view Id) {
  for (const RuleRow &Row : Rows)
    if (Row.Info.Id == Id)
      return &Row.Info;
  return nullptr;
}

std::string_view ruleClassName(std::string_view Id) {
  for (const RuleRow &Row : Rows)
    if (Row.Info.Id == Id)
      return Row.ClassName;
  return {};
}

std::string_view ruleDoc(std::string_view Id) {
  std::string File = std::string(Id) + ".md";
  for (const EmbeddedFile &F : embeddedDocs())
    if (F.Name == File)
      return F.Content;
  return {};
}

std::string ruleDocUri(std::string_view Id) {
  return std::string(AG_REPOSITORY_URL) + "/blob/main/rules/docs/" + std::string(Id) + ".md";
}

} // namespace asyncguard
