#include "fix/ApplyFixes.h"

#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/raw_ostream.h"

#include <algorithm>
#include <set>
#include <sstream>

namespace asyncguard {

FixPlan planFixes(const std::vector<const Finding *> &Findings) {
  FixPlan Plan;
  for (const Finding *F : Findings) {
    if (F->Fix.empty() || !F->Suppression.empty())
      continue;
    // A fix is all or nothing: skip it if any of its edits overlaps an
    // accepted edit other than an identical one (the shared include).
    bool Conflict = false;
    std::vector<const Edit *> New;
    for (const Edit &E : F->Fix.Edits) {
      const std::vector<Edit> &Existing = Plan.EditsByFile[E.File];
      bool Duplicate = std::find(Existing.begin(), Existing.end(), E) != Existing.end();
      if (Duplicate)
        continue;
      for (const Edit &X : Existing) {
        bool Overlap = E.Offset < X.Offset + X.Length && X.Offset < E.Offset + E.Length;
        bool SamePoint = E.Offset == X.Offset && (E.Length == 0 || X.Length == 0) &&
                         !(E.Length == 0 && X.Length == 0 && E.Replacement == X.Replacement);
        if (Overlap || (SamePoint && E.Length && X.Length))
          Conflict = true;
      }
      New.push_back(&E);
    }
    if (Conflict) {
      Plan.Skipped.push_back(F);
      continue;
    }
    for (const Edit *E : New)
      Plan.EditsByFile[E->File].push_back(*E);
    Plan.Applied.push_back(F);
  }
  for (auto &[File, Edits] : Plan.EditsByFile)
    std::stable_sort(Edits.begin(), Edits.end(),
                     [](const Edit &A, const Edit &B) { return A.Offset < B.Offset; });
  return Plan;
}

std::string applyEdits(const std::string &Original, const std::vector<Edit> &Edits) {
  std::string Out;
  size_t Pos = 0;
  for (const Edit &E : Edits) {
    if (E.Offset < Pos || E.Offset + E.Length > Original.size())
      continue; // planFixes never produces these; never write past the file
    Out.append(Original, Pos, E.Offset - Pos);
    Out += E.Replacement;
    Pos = E.Offset + E.Length;
  }
  Out.append(Original, Pos, std::string::npos);
  return Out;
}

static std::vector<std::string> splitLines(const std::string &Text) {
  std::vector<std::string> Lines;
  size_t Start = 0;
  while (Start < Text.size()) {
    size_t End = Text.find('\n', Start);
    if (End == std::string::npos) {
      Lines.push_back(Text.substr(Start));
      break;
    }
    Lines.push_back(Text.substr(Start, End - Start + 1));
    Start = End + 1;
  }
  return Lines;
}

std::string unifiedDiff(const std::string &Label, const std::string &Original,
                        const std::string &Fixed) {
  if (Original == Fixed)
    return "";
  std::vector<std::string> A = splitLines(Original), B = splitLines(Fixed);
  // Longest common subsequence over lines; files are small and edits local,
  // so trim the common prefix and suffix first.
  size_t Prefix = 0;
  while (Prefix < A.size() && Prefix < B.size() && A[Prefix] == B[Prefix])
    ++Prefix;
  size_t Suffix = 0;
  while (Suffix < A.size() - Prefix && Suffix < B.size() - Prefix &&
         A[A.size() - 1 - Suffix] == B[B.size() - 1 - Suffix])
    ++Suffix;
  size_t N = A.size() - Prefix - Suffix, M = B.size() - Prefix - Suffix;
  std::vector<std::vector<unsigned>> L(N + 1, std::vector<unsigned>(M + 1, 0));
  for (size_t I = N; I-- > 0;)
    for (size_t J = M; J-- > 0;)
      L[I][J] = A[Prefix + I] == B[Prefix + J] ? L[I + 1][J + 1] + 1
                                               : std::max(L[I + 1][J], L[I][J + 1]);
  // The edit script: ' ', '-', '+' per line, over the whole files.
  std::vector<std::pair<char, std::string>> Script;
  for (size_t I = 0; I < Prefix; ++I)
    Script.push_back({' ', A[I]});
  size_t I = 0, J = 0;
  while (I < N || J < M) {
    if (I < N && J < M && A[Prefix + I] == B[Prefix + J]) {
      Script.push_back({' ', A[Prefix + I]});
      ++I, ++J;
    } else if (I < N && (J == M || L[I + 1][J] >= L[I][J + 1])) {
      Script.push_back({'-', A[Prefix + I++]}); // removals first, as diff(1) prints them
    } else {
      Script.push_back({'+', B[Prefix + J++]});
    }
  }
  for (size_t K = A.size() - Suffix; K < A.size(); ++K)
    Script.push_back({' ', A[K]});

  std::ostringstream OS;
  OS << "--- a/" << Label << "\n+++ b/" << Label << "\n";
  const size_t Context = 3;
  std::vector<size_t> Changes;
  for (size_t K = 0; K < Script.size(); ++K)
    if (Script[K].first != ' ')
      Changes.push_back(K);
  for (size_t C = 0; C < Changes.size();) {
    // One hunk: changes whose gaps fit in the context of both sides.
    size_t First = Changes[C], Last = Changes[C];
    while (++C < Changes.size() && Changes[C] - Last <= 2 * Context)
      Last = Changes[C];
    size_t Begin = First >= Context ? First - Context : 0;
    size_t End = std::min(Script.size(), Last + 1 + Context);
    size_t OldStart = 1, NewStart = 1, OldCount = 0, NewCount = 0;
    for (size_t Q = 0; Q < Begin; ++Q) {
      OldStart += Script[Q].first != '+';
      NewStart += Script[Q].first != '-';
    }
    for (size_t Q = Begin; Q < End; ++Q) {
      OldCount += Script[Q].first != '+';
      NewCount += Script[Q].first != '-';
    }
    OS << "@@ -" << (OldCount ? OldStart : OldStart - 1) << "," << OldCount << " +"
       << (NewCount ? NewStart : NewStart - 1) << "," << NewCount << " @@\n";
    for (size_t Q = Begin; Q < End; ++Q) {
      OS << Script[Q].first << Script[Q].second;
      if (Script[Q].second.empty() || Script[Q].second.back() != '\n')
        OS << "\n\\ No newline at end of file\n";
    }
  }
  return OS.str();
}

std::vector<std::string> writeFixes(const FixPlan &Plan,
                                    const std::map<std::string, std::string> &ExpectedHashes,
                                    std::vector<std::string> &Written) {
  std::vector<std::string> Problems;
  for (const auto &[File, Edits] : Plan.EditsByFile) {
    auto Buffer = llvm::MemoryBuffer::getFile(File, false, false);
    if (!Buffer) {
      Problems.push_back("cannot read '" + File + "': " + Buffer.getError().message());
      continue;
    }
    std::string Original((*Buffer)->getBuffer());
    auto Expected = ExpectedHashes.find(File);
    if (Expected == ExpectedHashes.end() || Expected->second != contentHash(Original)) {
      Problems.push_back("'" + File + "' changed since it was analyzed; not fixed (run again)");
      continue;
    }
    std::string Fixed = applyEdits(Original, Edits);
    llvm::sys::fs::file_status Status;
    bool HaveStatus = !llvm::sys::fs::status(File, Status);
    llvm::SmallString<256> Temp;
    int Fd = -1;
    if (llvm::sys::fs::createUniqueFile(File + ".asyncguard-%%%%%%", Fd, Temp)) {
      Problems.push_back("cannot write next to '" + File + "'");
      continue;
    }
    {
      llvm::raw_fd_ostream OS(Fd, /*shouldClose=*/true);
      OS << Fixed;
      OS.flush();
      if (OS.has_error()) {
        OS.clear_error();
        llvm::sys::fs::remove(Temp);
        Problems.push_back("cannot write '" + File + "'");
        continue;
      }
    }
    if (HaveStatus)
      llvm::sys::fs::setPermissions(Temp, Status.permissions());
    if (llvm::sys::fs::rename(Temp, File)) {
      llvm::sys::fs::remove(Temp);
      Problems.push_back("cannot replace '" + File + "'");
      continue;
    }
    Written.push_back(File);
  }
  return Problems;
}

} // namespace asyncguard
