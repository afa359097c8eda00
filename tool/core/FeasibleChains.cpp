#include "core/FeasibleChains.h"
#include "core/Suppression.h"

#include <tuple>

namespace asyncguard {

namespace {
bool siteBefore(const CallSite &A, const CallSite &B) {
  return std::tie(A.Range.File, A.Range.Begin.Offset) < std::tie(B.Range.File, B.Range.Begin.Offset);
}
} // namespace

// The summary arithmetic on facts: here rather than beside the AST stage
// that records the guards (core/ConstantGuards), so that code working on
// merged facts alone (merge, the fuzz targets) does not link the AST code.
bool guardsMayHold(const std::vector<ParamGuard> &Guards, const ParamValues &Values) {
  for (const ParamGuard &G : Guards) {
    if (G.Param >= Values.size() || !Values[G.Param])
      continue;
    int64_t V = *Values[G.Param];
    bool Holds = G.Op == "==" ? V == G.Value
                 : G.Op == "!=" ? V != G.Value
                 : G.Op == "<"  ? V < G.Value
                 : G.Op == "<=" ? V <= G.Value
                 : G.Op == ">"  ? V > G.Value
                 : G.Op == ">=" ? V >= G.Value
                                : true;
    if (!Holds)
      return false;
  }
  return true;
}

ParamValues calleeValues(const std::vector<ArgValue> &Args, const ParamValues &Caller) {
  ParamValues Out(Args.size());
  for (size_t I = 0; I < Args.size(); ++I) {
    if (Args[I].Kind == "constant")
      Out[I] = Args[I].Value;
    else if (Args[I].Kind == "param" && Args[I].Value >= 0 &&
             static_cast<size_t>(Args[I].Value) < Caller.size())
      Out[I] = Caller[Args[I].Value];
  }
  // Trailing unknowns say nothing: drop them, so equal values compare equal.
  while (!Out.empty() && !Out.back())
    Out.pop_back();
  return Out;
}

std::string FeasibleChains::key(const std::string &Usr, const ParamValues &Values) {
  std::string K = Usr;
  for (const auto &V : Values)
    K += V ? "|" + std::to_string(*V) : "|_";
  return K;
}

bool FeasibleChains::ends(const std::vector<std::string> &DoomedIf) const {
  if (DoomedIf.empty())
    return false;
  for (const std::string &Usr : DoomedIf)
    if (!NeverReturn.count(Usr))
      return false;
  return true;
}

bool FeasibleChains::live(const std::vector<ParamGuard> &Guards,
                          const std::vector<std::string> &DoomedIf,
                          const ParamValues &Values) const {
  return !ends(DoomedIf) && guardsMayHold(Guards, Values);
}

std::string FeasibleChains::enter(const CallEdge &E, const ParamValues &Caller,
                                  std::vector<std::string> &New) {
  auto Callee = Functions.find(E.CalleeUsr);
  // A coroutine that blocks is reported inside itself, not at each call.
  if (Callee == Functions.end() || Callee->second.IsAsync)
    return "";
  ParamValues Values = calleeValues(E.Args, Caller);
  std::string K = key(E.CalleeUsr, Values);
  auto [It, Inserted] = States.try_emplace(K);
  if (Inserted) {
    It->second.F = &Callee->second;
    It->second.Values = std::move(Values);
    New.push_back(K);
  }
  return K;
}

FeasibleChains::FeasibleChains(const std::map<std::string, FunctionFact> &Functions,
                               unsigned MaxDepth)
    : Functions(Functions), MaxDepth(MaxDepth) {
  // Functions that never return, across TUs: each TU said which functions
  // of other TUs would make one of its own never return. Least fixpoint:
  // recursion alone never makes a function "never returns".
  for (const auto &[Usr, F] : Functions)
    if (F.NeverReturns)
      NeverReturn.insert(Usr);
  for (bool Changed = true; Changed;) {
    Changed = false;
    for (const auto &[Usr, F] : Functions)
      if (!NeverReturn.count(Usr) && ends(F.NeverReturnsIf)) {
        NeverReturn.insert(Usr);
        Changed = true;
      }
  }

  // States (function, known parameter values) reachable from the async
  // functions' calls within MaxDepth steps, breadth-first.
  std::vector<std::string> Level;
  for (const auto &[Usr, F] : Functions) {
    if (!F.IsAsync)
      continue;
    for (const CallEdge &E : F.Calls)
      if (live(E.Guards, E.DoomedIf, {}))
        enter(E, {}, Level);
  }
  for (unsigned Depth = 1; Depth <= MaxDepth && !Level.empty(); ++Depth) {
    std::vector<std::string> Next;
    for (const std::string &K : Level) {
      State &S = States.at(K);
      if (Depth == MaxDepth)
        continue; // its callees could not be reached within the cap
      for (const CallEdge &E : S.F->Calls) {
        if (!live(E.Guards, E.DoomedIf, S.Values))
          continue;
        std::string To = enter(E, S.Values, Next);
        if (!To.empty())
          States.at(K).Edges.push_back({&E, To});
      }
    }
    Level = std::move(Next);
  }

  // Shortest distance to a feasible blocking call; after round d every
  // state whose shortest chain has d calls knows it.
  for (auto &[K, S] : States)
    for (const BlockingCall &B : S.F->Blocking)
      if (!isSuppressed(B.Site.Nolint, B.Rule) && live(B.Guards, B.DoomedIf, S.Values) &&
          (!S.Leaf || siteBefore(B.Site, S.Leaf->Site))) {
        S.Leaf = &B;
        S.Dist = 1;
      }
  for (unsigned Round = 1; Round < MaxDepth; ++Round) {
    bool Changed = false;
    for (auto &[K, S] : States) {
      if (S.Dist == 1)
        continue;
      unsigned Best = S.Dist;
      const CallEdge *Via = S.Next;
      std::string ViaKey = S.NextKey;
      for (const auto &[E, To] : S.Edges) {
        unsigned D = States.at(To).Dist;
        if (D == 0 || D + 1 > MaxDepth)
          continue;
        if (Best == 0 || D + 1 < Best || (D + 1 == Best && siteBefore(E->Site, Via->Site))) {
          Best = D + 1;
          Via = E;
          ViaKey = To;
        }
      }
      if (Best != S.Dist || Via != S.Next) {
        S.Dist = Best;
        S.Next = Via;
        S.NextKey = ViaKey;
        Changed = true;
      }
    }
    if (!Changed)
      break;
  }
}

const BlockingCall *FeasibleChains::chainFrom(const CallEdge &E, std::vector<Note> &Steps) const {
  auto Callee = Functions.find(E.CalleeUsr);
  if (Callee == Functions.end() || Callee->second.IsAsync || !live(E.Guards, E.DoomedIf, {}))
    return nullptr;
  auto It = States.find(key(E.CalleeUsr, calleeValues(E.Args, {})));
  if (It == States.end() || It->second.Dist == 0)
    return nullptr;
  for (unsigned Guard = 0; Guard <= MaxDepth; ++Guard) {
    const State &S = It->second;
    const std::string &Name = S.F->Name;
    if (S.Leaf) {
      Steps.push_back({S.Leaf->Site.Range,
                       "'" + Name + "' calls '" + S.Leaf->Api + "' here, which " + S.Leaf->Why});
      return S.Leaf;
    }
    Steps.push_back({S.Next->Site.Range, "'" + Name + "' calls '" + S.Next->CalleeName + "' here"});
    It = States.find(S.NextKey);
    if (It == States.end())
      return nullptr;
  }
  return nullptr;
}

} // namespace asyncguard
