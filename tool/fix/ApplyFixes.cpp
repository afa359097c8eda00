#include "fix/ApplyFixes.h"

#include "llvm/ADT/ScopeExit.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Signals.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/raw_ostream.h"

#include <algorithm>
#include <set>
#include <optional>
#include <sstream>
#include <unistd.h>

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

/// A line diff: ' ' kept, '-' removed, '+' added, in file order.
using EditScript = std::vector<std::pair<char, std::string>>;

/// The furthest-reaching D-paths from both ends meet on an optimal edit
/// path (Myers, "An O(ND) Difference Algorithm and Its Variations", 1986,
/// section 4b); returns a point of it strictly inside the box, so both
/// halves are smaller. Space is O(N + M); time O((N + M) D). The search is
/// the one of diff-match-patch's diff_bisect. Returns nullopt when the two
/// ranges have no line in common.
static std::optional<std::pair<size_t, size_t>>
middleOfEditPath(const std::vector<std::string> &A, size_t A0, size_t N,
                 const std::vector<std::string> &B, size_t B0, size_t M) {
  const long MaxD = static_cast<long>((N + M + 1) / 2), Offset = MaxD, Length = 2 * MaxD + 2;
  std::vector<long> Forward(Length, -1), Backward(Length, -1);
  Forward[Offset + 1] = Backward[Offset + 1] = 0;
  const long Delta = static_cast<long>(N) - static_cast<long>(M);
  const bool FrontMeets = Delta % 2 != 0;
  const long LN = static_cast<long>(N), LM = static_cast<long>(M);
  long K1Start = 0, K1End = 0, K2Start = 0, K2End = 0;
  for (long D = 0; D < MaxD; ++D) {
    for (long K1 = -D + K1Start; K1 <= D - K1End; K1 += 2) {
      long I = Offset + K1;
      long X = K1 == -D || (K1 != D && Forward[I - 1] < Forward[I + 1]) ? Forward[I + 1]
                                                                        : Forward[I - 1] + 1;
      long Y = X - K1;
      while (X < LN && Y < LM && A[A0 + X] == B[B0 + Y])
        ++X, ++Y;
      Forward[I] = X;
      if (X > LN) {
        K1End += 2;
      } else if (Y > LM) {
        K1Start += 2;
      } else if (FrontMeets) {
        long J = Offset + Delta - K1;
        if (J >= 0 && J < Length && Backward[J] != -1 && X >= LN - Backward[J])
          return std::pair<size_t, size_t>(X, Y);
      }
    }
    for (long K2 = -D + K2Start; K2 <= D - K2End; K2 += 2) {
      long I = Offset + K2;
      long X = K2 == -D || (K2 != D && Backward[I - 1] < Backward[I + 1]) ? Backward[I + 1]
                                                                          : Backward[I - 1] + 1;
      long Y = X - K2;
      while (X < LN && Y < LM && A[A0 + LN - X - 1] == B[B0 + LM - Y - 1])
        ++X, ++Y;
      Backward[I] = X;
      if (X > LN) {
        K2End += 2;
      } else if (Y > LM) {
        K2Start += 2;
      } else if (!FrontMeets) {
        long J = Offset + Delta - K2;
        if (J >= 0 && J < Length && Forward[J] != -1) {
          long X1 = Forward[J], Y1 = Offset + X1 - J;
          if (X1 >= LN - X)
            return std::pair<size_t, size_t>(X1, Y1);
        }
      }
    }
  }
  return std::nullopt;
}

/// Appends the script turning A[A0, A1) into B[B0, B1), by divide and
/// conquer on the middle of an optimal path: linear space, where a
/// longest-common-subsequence table is N x M (20 000 lines: 1.7 GB).
static void diffLines(const std::vector<std::string> &A, size_t A0, size_t A1,
                      const std::vector<std::string> &B, size_t B0, size_t B1,
                      EditScript &Out) {
  for (; A0 < A1 && B0 < B1 && A[A0] == B[B0]; ++A0, ++B0)
    Out.push_back({' ', A[A0]});
  size_t Suffix = 0;
  for (; A1 > A0 && B1 > B0 && A[A1 - 1] == B[B1 - 1]; --A1, --B1)
    ++Suffix;
  std::optional<std::pair<size_t, size_t>> Middle;
  if (A0 < A1 && B0 < B1)
    Middle = middleOfEditPath(A, A0, A1 - A0, B, B0, B1 - B0);
  if (Middle) {
    diffLines(A, A0, A0 + Middle->first, B, B0, B0 + Middle->second, Out);
    diffLines(A, A0 + Middle->first, A1, B, B0 + Middle->second, B1, Out);
  } else {
    for (size_t I = A0; I < A1; ++I)
      Out.push_back({'-', A[I]});
    for (size_t J = B0; J < B1; ++J)
      Out.push_back({'+', B[J]});
  }
  for (size_t I = A1; I < A1 + Suffix; ++I)
    Out.push_back({' ', A[I]});
}

std::string unifiedDiff(const std::string &Label, const std::string &Original,
                        const std::string &Fixed) {
  if (Original == Fixed)
    return "";
  std::vector<std::string> A = splitLines(Original), B = splitLines(Fixed);
  EditScript Script;
  diffLines(A, 0, A.size(), B, 0, B.size(), Script);
  // Removals before additions in each changed run, as diff(1) prints them.
  for (size_t K = 0; K < Script.size();) {
    size_t End = K;
    while (End < Script.size() && Script[End].first != ' ')
      ++End;
    std::stable_partition(Script.begin() + K, Script.begin() + End,
                          [](const auto &Line) { return Line.first == '-'; });
    K = End == K ? K + 1 : End;
  }

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

unsigned offsetAfterEdits(unsigned Offset, const std::vector<Edit> &Edits) {
  long Shift = 0;
  for (const Edit &E : Edits) {
    if (E.Offset >= Offset && !(E.Length == 0 && E.Offset == Offset))
      break;
    if (Offset < E.Offset + E.Length) // inside the replaced text
      return static_cast<unsigned>(E.Offset + Shift);
    Shift += static_cast<long>(E.Replacement.size()) - static_cast<long>(E.Length);
  }
  return static_cast<unsigned>(static_cast<long>(Offset) + Shift);
}

namespace {

/// Line, column and line text of `Offset` in `Text`.
void placeAt(SourceRange &Range, SourcePos &Pos, unsigned Offset, std::string_view Text,
             bool SetLineText) {
  Offset = std::min<unsigned>(Offset, Text.size());
  size_t LineStart = Offset ? Text.rfind('\n', Offset - 1) : std::string_view::npos;
  LineStart = LineStart == std::string_view::npos ? 0 : LineStart + 1;
  Pos.Offset = Offset;
  Pos.Line = 1 + std::count(Text.begin(), Text.begin() + LineStart, '\n');
  Pos.Column = Offset - LineStart + 1;
  if (SetLineText) {
    size_t LineEnd = Text.find('\n', LineStart);
    Range.LineText = std::string(Text.substr(LineStart, LineEnd == std::string_view::npos
                                                            ? std::string_view::npos
                                                            : LineEnd - LineStart));
    if (!Range.LineText.empty() && Range.LineText.back() == '\r')
      Range.LineText.pop_back();
  }
}

} // namespace

void remapAfterFixes(std::vector<Finding> &Findings,
                     const std::map<std::string, std::vector<Edit>> &Applied) {
  std::map<std::string, std::string> NewText;
  auto textOf = [&](const std::string &File) -> const std::string * {
    auto It = NewText.find(File);
    if (It == NewText.end()) {
      auto Buffer = llvm::MemoryBuffer::getFile(File, false, false);
      It = NewText.emplace(File, Buffer ? std::string((*Buffer)->getBuffer()) : std::string()).first;
    }
    return &It->second;
  };
  auto Remap = [&](SourceRange &Range) {
    auto Edits = Applied.find(Range.File);
    if (Edits == Applied.end())
      return;
    const std::string *Text = textOf(Range.File);
    unsigned Begin = offsetAfterEdits(Range.Begin.Offset, Edits->second);
    unsigned End = std::max(Begin, offsetAfterEdits(Range.End.Offset, Edits->second));
    placeAt(Range, Range.Begin, Begin, *Text, /*SetLineText=*/true);
    placeAt(Range, Range.End, End, *Text, /*SetLineText=*/false);
  };
  for (Finding &F : Findings) {
    Remap(F.Range);
    for (Note &N : F.Chain)
      Remap(N.Range);
    for (Note &N : F.Context)
      Remap(N.Range);
    bool Stale = false;
    for (Edit &E : F.Fix.Edits) {
      auto Edits = Applied.find(E.File);
      if (Edits == Applied.end())
        continue;
      for (const Edit &W : Edits->second)
        Stale |= E.Offset < W.Offset + W.Length && W.Offset < E.Offset + E.Length;
      unsigned Begin = offsetAfterEdits(E.Offset, Edits->second);
      E.Length = offsetAfterEdits(E.Offset + E.Length, Edits->second) - Begin;
      E.Offset = Begin;
    }
    if (Stale) {
      F.Fix.Edits.clear();
      F.Fix.NoFixReason = "another fix rewrote this code; run --fix again";
    }
  }
}

namespace {

/// Where a fix may be written: the real file behind `File` (symlinks
/// followed), which must be a regular file inside `Root`. An empty result
/// comes with the reason in `Why`.
std::string fixTarget(const std::string &File, const std::string &Root, std::string &Why) {
  llvm::SmallString<256> Real, RealRoot;
  if (llvm::sys::fs::real_path(File, Real) || llvm::sys::fs::real_path(Root, RealRoot)) {
    Why = "cannot resolve '" + File + "'";
    return "";
  }
  llvm::StringRef Path = Real;
  if (!Path.starts_with(RealRoot) ||
      (Path.size() > RealRoot.size() && !llvm::sys::path::is_separator(Path[RealRoot.size()]) &&
       !llvm::sys::path::is_separator(RealRoot.back()))) {
    Why = "'" + File + "' is outside the project (" + Root + ")" +
          (Real.str() != File ? " through a symlink to '" + std::string(Real) + "'" : "") +
          "; not fixed";
    return "";
  }
  llvm::sys::fs::file_status Status;
  if (llvm::sys::fs::status(Real, Status) || Status.type() != llvm::sys::fs::file_type::regular_file) {
    Why = "'" + File + "' is not a regular file; not fixed";
    return "";
  }
  // The mode bits, not only access(): root may write anything, but a file
  // its owner made read-only is not to be rewritten by a linter.
  if ((Status.permissions() & llvm::sys::fs::owner_write) == 0 ||
      llvm::sys::fs::access(Real, llvm::sys::fs::AccessMode::Write)) {
    Why = "'" + File + "' is read-only; not fixed";
    return "";
  }
  return std::string(Real);
}

/// True if `Path` still holds exactly what was analysed.
bool unchangedSinceAnalysis(const std::string &Path, const std::string &ExpectedHash) {
  auto Buffer = llvm::MemoryBuffer::getFile(Path, false, false);
  return Buffer && contentHash((*Buffer)->getBuffer()) == ExpectedHash;
}

/// Rewrites `Path` in place: same inode, so its mode, owner, ACLs and every
/// hard link stay as they were. Used where a rename would change what the
/// file is (hard links, a file owned by someone else).
std::error_code writeInPlace(const std::string &Path, const std::string &Contents) {
  int Fd = -1;
  if (std::error_code EC = llvm::sys::fs::openFileForWrite(Path, Fd, llvm::sys::fs::CD_OpenExisting))
    return EC;
  llvm::raw_fd_ostream OS(Fd, /*shouldClose=*/true);
  OS << Contents;
  OS.flush();
  if (!OS.has_error() && ::fsync(Fd) != 0)
    return std::error_code(errno, std::generic_category());
  std::error_code EC = OS.error();
  OS.clear_error();
  return EC;
}

/// Replaces `Path` atomically: a temporary file beside it, written, synced,
/// given the original's mode, then renamed over it. The temporary file is
/// removed on every path out, also when a signal ends the process.
std::error_code replaceByRename(const std::string &Path, const std::string &Contents,
                                const llvm::sys::fs::file_status &Original) {
  llvm::SmallString<256> Temp;
  int Fd = -1;
  if (std::error_code EC = llvm::sys::fs::createUniqueFile(Path + ".asyncguard-%%%%%%", Fd, Temp))
    return EC;
  llvm::sys::RemoveFileOnSignal(Temp);
  auto Cleanup = llvm::make_scope_exit([&] {
    llvm::sys::fs::remove(Temp);
    llvm::sys::DontRemoveFileOnSignal(Temp);
  });
  {
    llvm::raw_fd_ostream OS(Fd, /*shouldClose=*/true);
    OS << Contents;
    OS.flush();
    if (OS.has_error()) {
      std::error_code EC = OS.error();
      OS.clear_error();
      return EC;
    }
    if (::fsync(Fd) != 0)
      return std::error_code(errno, std::generic_category());
  }
  if (std::error_code EC = llvm::sys::fs::setPermissions(Temp, Original.permissions()))
    return EC;
  return llvm::sys::fs::rename(Temp, Path);
}

} // namespace

std::vector<std::string> writeFixes(const FixPlan &Plan,
                                    const std::map<std::string, std::string> &ExpectedHashes,
                                    const std::string &ProjectRoot,
                                    std::vector<std::string> &Written) {
  std::vector<std::string> Problems;
  for (const auto &[File, Edits] : Plan.EditsByFile) {
    auto Expected = ExpectedHashes.find(File);
    if (Expected == ExpectedHashes.end()) {
      Problems.push_back("'" + File + "' was not read by the analysis; not fixed");
      continue;
    }
    std::string Why;
    std::string Target = fixTarget(File, ProjectRoot, Why);
    if (Target.empty()) {
      Problems.push_back(Why);
      continue;
    }
    auto Buffer = llvm::MemoryBuffer::getFile(Target, false, false);
    if (!Buffer) {
      Problems.push_back("cannot read '" + File + "': " + Buffer.getError().message());
      continue;
    }
    std::string Original((*Buffer)->getBuffer());
    if (Expected->second != contentHash(Original)) {
      Problems.push_back("'" + File + "' changed since it was analyzed; not fixed (run again)");
      continue;
    }
    std::string Fixed = applyEdits(Original, Edits);
    llvm::sys::fs::file_status Status;
    if (llvm::sys::fs::status(Target, Status)) {
      Problems.push_back("cannot stat '" + File + "'");
      continue;
    }
    // An editor may have saved the file while the fixes were planned: check
    // again right before writing.
    if (!unchangedSinceAnalysis(Target, Expected->second)) {
      Problems.push_back("'" + File + "' changed since it was analyzed; not fixed (run again)");
      continue;
    }
    // A rename gives the file a new inode owned by us: hard links would split
    // and another user's file would change owner. Those are written in place.
    bool KeepInode = Status.getLinkCount() > 1 || Status.getUser() != ::geteuid() ||
                     Status.getGroup() != ::getegid();
    std::error_code EC = KeepInode ? writeInPlace(Target, Fixed) : replaceByRename(Target, Fixed, Status);
    if (EC) {
      Problems.push_back("cannot write '" + File + "': " + EC.message() + "; left unchanged");
      continue;
    }
    Written.push_back(File);
  }
  return Problems;
}

} // namespace asyncguard
