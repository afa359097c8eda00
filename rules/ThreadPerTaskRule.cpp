// thread-per-task: a thread started per iteration of an unbounded or
// data-dependent loop, or detached per callback invocation. See
// rules/docs/thread-per-task.md.

#include "rules/Rule.h"
#include "rules/ThreadShapes.h"

namespace asyncguard {
namespace {

constexpr const char *Advice =
    "submit the work to a fixed pool sized from 'std::thread::hardware_concurrency()' "
    "('asyncguard::rt::thread_pool'), or from a coroutine 'co_await asyncguard::rt::offload(fn)'";

/// The innermost loop around a start that does not bound it, if any.
const LoopInfo *unboundedLoop(const ThreadStart &Start) {
  for (auto It = Start.Loops.rbegin(); It != Start.Loops.rend(); ++It)
    if (It->Bound == LoopBound::Unbounded || It->Bound == LoopBound::PerItem)
      return &*It;
  return nullptr;
}

class ThreadPerTaskRule final : public Rule {
public:
  using Rule::Rule;
  void checkAst(AstView &View, std::vector<ShapeFact> &Out) const override {
    for (const ThreadStart &Start : findThreadStarts(View)) {
      ShapeFact S;
      S.Rule = std::string(id());
      S.Site = View.site(Start.At->getSourceRange());
      S.Function = Start.Function;
      S.Subject = Start.What;
      S.Advice = Advice;
      if (Start.DetachedInCallback) {
        S.Message = "a detached '" + Start.What +
                    "' is started each time this callback runs; one thread per request grows "
                    "without bound under load, each with its own 8 MiB stack, and nothing waits "
                    "for it or limits it";
        Out.push_back(std::move(S));
        continue;
      }
      const LoopInfo *Loop = unboundedLoop(Start);
      if (!Loop)
        continue;
      S.Message = "'" + Start.What +
                  "' starts a new thread on every iteration of a loop without a fixed bound; "
                  "under load the threads grow with the work, each with its own 8 MiB stack, "
                  "until memory or the scheduler gives out";
      S.Notes.push_back({View.site(Loop->Loop->getBeginLoc()).Range, Loop->Why});
      Out.push_back(std::move(S));
    }
  }
};

} // namespace

std::unique_ptr<Rule> createThreadPerTaskRule(const RuleInfo &Info) {
  return std::make_unique<ThreadPerTaskRule>(Info);
}

} // namespace asyncguard
