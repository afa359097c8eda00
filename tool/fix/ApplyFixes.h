#pragma once
// --fix and --diff: the findings' edits applied to files, or shown.

#include "core/Finding.h"

#include <map>
#include <string>
#include <vector>

namespace asyncguard {

/// The edits to make, per file, after dropping duplicates (the runtime
/// include is added once) and findings whose edits overlap an earlier one.
struct FixPlan {
  std::map<std::string, std::vector<Edit>> EditsByFile;
  std::vector<const Finding *> Applied;
  std::vector<const Finding *> Skipped; ///< overlapping an applied fix
};

FixPlan planFixes(const std::vector<const Finding *> &Findings);

/// The contents of a file after `Edits` (sorted, non-overlapping).
std::string applyEdits(const std::string &Original, const std::vector<Edit> &Edits);

/// A unified diff (3 lines of context) from `Original` to `Fixed`, with
/// "a/Label" and "b/Label" headers; empty if nothing changed.
std::string unifiedDiff(const std::string &Label, const std::string &Original,
                        const std::string &Fixed);

/// Where byte `Offset` of the original text is after `Edits` (sorted,
/// non-overlapping, as planFixes makes them) were applied. An offset inside a
/// replaced range moves to the start of its replacement.
unsigned offsetAfterEdits(unsigned Offset, const std::vector<Edit> &Edits);

/// Re-points the positions of findings that remain after --fix rewrote some
/// of their files: every range and fix edit in a file of `Applied` (file ->
/// the edits written to it) is moved through those edits, and its line,
/// column and line text are recomputed from the file's new text. A fix whose
/// edits overlap a written edit is dropped (its text is gone).
void remapAfterFixes(std::vector<Finding> &Findings,
                     const std::map<std::string, std::vector<Edit>> &Applied);

/// Writes each file's fixed contents. Only files the analysis read (they
/// have an entry in `ExpectedHashes`) whose real path (symlinks followed) is a
/// writable regular file inside `ProjectRoot` are written, and only while
/// their contents still match the hash (checked again right before the
/// write). A file is replaced atomically (temporary file, fsync, rename,
/// same mode) unless that would change what it is: hard-linked files and
/// files owned by another user are rewritten in place, keeping inode, owner
/// and links. Returns one message per file it did not write.
std::vector<std::string> writeFixes(const FixPlan &Plan,
                                    const std::map<std::string, std::string> &ExpectedHashes,
                                    const std::string &ProjectRoot,
                                    std::vector<std::string> &Written);

} // namespace asyncguard
