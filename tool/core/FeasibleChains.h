#pragma once
// Propagation of "blocks" from leaves to the calls of async contexts, over
// feasible paths only (issue 21): a call after which the process ends is
// not a step (core/NoReturnPaths), a call whose guards are false for the
// constants a chain passes is not taken (core/ConstantGuards), and of the
// feasible chains the shortest is the witness (ties: the earliest site).

#include "core/ConstantGuards.h"
#include "core/Facts.h"
#include "core/Finding.h"

#include <map>
#include <set>
#include <string>
#include <vector>

namespace asyncguard {

class FeasibleChains {
public:
  /// Chains of up to `MaxDepth` calls from the async functions' call sites.
  FeasibleChains(const std::map<std::string, FunctionFact> &Functions, unsigned MaxDepth);

  /// True if the process certainly ends after a call with these conditions
  /// (every function named never returns, across TUs).
  bool ends(const std::vector<std::string> &DoomedIf) const;
  /// True if the function never returns.
  bool neverReturns(const std::string &Usr) const { return NeverReturn.count(Usr) > 0; }
  /// The shortest feasible chain from an async function's call `E`: a note
  /// per step and the blocking leaf, or nullptr.
  const BlockingCall *chainFrom(const CallEdge &E, std::vector<Note> &Steps) const;

private:
  struct State {
    const FunctionFact *F = nullptr;
    ParamValues Values;
    unsigned Dist = 0; ///< 0 = no feasible chain (yet)
    const BlockingCall *Leaf = nullptr;
    const CallEdge *Next = nullptr;
    std::string NextKey;
    std::vector<std::pair<const CallEdge *, std::string>> Edges; ///< feasible, to known states
  };
  static std::string key(const std::string &Usr, const ParamValues &Values);
  /// The state of calling `E` with `Caller` values, discovered if new.
  std::string enter(const CallEdge &E, const ParamValues &Caller, std::vector<std::string> &New);
  bool live(const std::vector<ParamGuard> &Guards, const std::vector<std::string> &DoomedIf,
            const ParamValues &Values) const;

  const std::map<std::string, FunctionFact> &Functions;
  unsigned MaxDepth;
  std::set<std::string> NeverReturn;
  std::map<std::string, State> States;
};

} // namespace asyncguard
