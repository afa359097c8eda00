#pragma once
// Per-TU facts: plain data, serializable, and all the reporting layers need.
// A TU is parsed once; everything after (merge, rules, reporters, fixes, LSP)
// works on these values only.

#include <nlohmann/json.hpp>
#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace asyncguard {

/// The hash used for file contents everywhere (cache keys, --fix guards).
std::string contentHash(std::string_view Bytes);

/// A position in a file: 1-based line, 1-based byte column, 0-based byte offset.
struct SourcePos {
  unsigned Line = 0;
  unsigned Column = 0;
  unsigned Offset = 0;
  friend bool operator==(const SourcePos &, const SourcePos &) = default;
  friend auto operator<=>(const SourcePos &A, const SourcePos &B) {
    return A.Offset <=> B.Offset;
  }
};

/// A half-open range in one file; `File` is an absolute, normalized path.
struct SourceRange {
  std::string File;
  SourcePos Begin;
  SourcePos End;
  /// The text of the line `Begin` is on (for carets, snippets, columns).
  std::string LineText;
  friend bool operator==(const SourceRange &, const SourceRange &) = default;
};

/// One replacement of `Length` bytes at `Offset` in `File`.
struct Edit {
  std::string File;
  unsigned Offset = 0;
  unsigned Length = 0;
  std::string Replacement;
  friend bool operator==(const Edit &, const Edit &) = default;
};

/// A mechanical rewrite, or the reason why none is offered.
struct FixSuggestion {
  std::string Description;
  std::vector<Edit> Edits;
  std::string NoFixReason;
  bool empty() const { return Edits.empty(); }
};

/// Where a call happens, with the NOLINT patterns that cover that line.
struct CallSite {
  SourceRange Range;
  /// Check patterns from NOLINT comments covering the line ("*" = all).
  std::vector<std::string> Nolint;
};

/// A NOLINT comment that is bare or names an asyncguard rule: what the
/// unmatched-nolint and unused-nolint reports need to know about it.
struct NolintFact {
  SourceRange Range;  ///< the "NOLINT..." word
  std::string Kind;   ///< "NOLINT", "NOLINTNEXTLINE", "NOLINTBEGIN" or "NOLINTEND"
  std::vector<std::string> Patterns; ///< "*" for a bare marker
  unsigned FirstLine = 0; ///< first line it covers (a BEGIN/END pair: both carry the region)
  unsigned LastLine = 0;
  bool Unmatched = false; ///< a BEGIN without END or an END without BEGIN
};

/// "Parameter `Param` `Op` `Value`": a condition on the enclosing
/// function's parameter under which a call runs. Op is one of
/// "==", "!=", "<", "<=", ">", ">=".
struct ParamGuard {
  unsigned Param = 0;
  std::string Op;
  int64_t Value = 0;
  friend bool operator==(const ParamGuard &, const ParamGuard &) = default;
};

/// What a call passes to one parameter: nothing known, an integral
/// constant (an enumerator, a literal, a constexpr value), or one of the
/// caller's own parameters, unchanged.
struct ArgValue {
  std::string Kind; ///< "", "constant" or "param"
  int64_t Value = 0; ///< the constant, or the caller's parameter index
  friend bool operator==(const ArgValue &, const ArgValue &) = default;
};

/// A call to a catalogued blocking API.
struct BlockingCall {
  std::string Api;  ///< catalogue name, e.g. "std::this_thread::sleep_for"
  std::string Rule; ///< rule id, e.g. "blocking-sleep"
  std::string Why;  ///< "sleeps the calling thread for the given duration"
  std::string Instead;
  CallSite Site;
  FixSuggestion Fix;
  /// The call runs only when every guard holds (core/ConstantGuards.h).
  std::vector<ParamGuard> Guards;
  /// The process ends after the call if every one of these functions never
  /// returns (defined in other TUs); empty: no such condition is known
  /// (core/NoReturnPaths.h). A call that ends the process for certain is
  /// not recorded at all.
  std::vector<std::string> DoomedIf;
};

/// A call to a function that may be defined in the project.
struct CallEdge {
  std::string CalleeUsr;
  std::string CalleeName;
  CallSite Site;
  FixSuggestion Fix; ///< offloads the whole call
  std::vector<ParamGuard> Guards;      ///< as in BlockingCall
  std::vector<std::string> DoomedIf;   ///< as in BlockingCall
  /// What the call passes to each parameter of the callee; empty when
  /// nothing is known about any of them (core/ConstantGuards.h).
  std::vector<ArgValue> Args;
};

/// One function defined outside system headers.
struct FunctionFact {
  std::string Usr;
  std::string Name; ///< qualified name for messages
  SourceRange Location;
  bool IsAsync = false;
  std::string AsyncReason; ///< why it is an async context (for the note)
  std::vector<BlockingCall> Blocking;
  std::vector<CallEdge> Calls;
  /// Every path through the body ends in a call that never returns
  /// (core/NoReturnPaths.h) ...
  bool NeverReturns = false;
  /// ... or it does once every one of these functions (defined in other
  /// TUs) is found never to return.
  std::vector<std::string> NeverReturnsIf;
};

/// A place related to a finding, with what happens there.
struct RelatedPlace {
  SourceRange Range;
  std::string Message;
};

/// A finding of a structural rule (a shape, not a call), found while the
/// AST is alive: a lock held across a suspension, an oversized pool.
struct ShapeFact {
  std::string Rule;
  CallSite Site;
  std::string Message;
  std::string Advice;
  std::string Function; ///< enclosing function (for the fingerprint)
  std::string Subject;  ///< what it is about, e.g. the lock's type (fingerprint)
  std::vector<RelatedPlace> Notes;
};

/// A diagnostic from Clang while parsing a TU (errors only).
struct ParseError {
  std::string Text; ///< rendered like clang: "file:line:col: error: ..." + source
};

/// Everything learned from one translation unit.
struct TuFacts {
  std::string MainFile;
  std::vector<FunctionFact> Functions;
  std::vector<ShapeFact> Shapes;
  std::vector<ParseError> Errors;
  /// Compiler flags removed before parsing, with the reason.
  std::vector<std::string> DroppedFlags;
  /// The TU could not be parsed without errors (its facts may be partial).
  bool Failed = false;
  /// Clang crashed on it: the process survived, but --fix refuses to write.
  bool Crashed = false;
  /// Every file the TU read (main file and all headers) with a hash of the
  /// contents it was analysed with: the cache's dependencies, and --fix's
  /// guard against rewriting a file that changed since.
  std::map<std::string, std::string> FileHashes;
  /// Every path Clang looked up while parsing and did not find (an include
  /// searched in the directories before the one that had it, a
  /// `__has_include` that was false): the cache's negative dependencies, so
  /// that a header added later that would shadow or satisfy one of them
  /// invalidates the entry.
  std::vector<std::string> AbsentFiles;
  /// NOLINT markers in the project files the TU read.
  std::vector<NolintFact> Nolints;
  /// Names from the config's "blocking"/"non_blocking" that name a
  /// declaration in this TU (the others are reported as a config note).
  std::vector<std::string> ConfigNamesFound;
};

NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(SourcePos, Line, Column, Offset)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(SourceRange, File, Begin, End, LineText)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(Edit, File, Offset, Length, Replacement)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(FixSuggestion, Description, Edits, NoFixReason)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(CallSite, Range, Nolint)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(NolintFact, Range, Kind, Patterns, FirstLine,
                                                LastLine, Unmatched)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(ParamGuard, Param, Op, Value)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(ArgValue, Kind, Value)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(BlockingCall, Api, Rule, Why, Instead, Site, Fix,
                                                Guards, DoomedIf)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(CallEdge, CalleeUsr, CalleeName, Site, Fix,
                                                Guards, DoomedIf, Args)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(FunctionFact, Usr, Name, Location, IsAsync,
                                                AsyncReason, Blocking, Calls, NeverReturns,
                                                NeverReturnsIf)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(RelatedPlace, Range, Message)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(ShapeFact, Rule, Site, Message, Advice, Function,
                                                Subject, Notes)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(ParseError, Text)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(TuFacts, MainFile, Functions, Shapes, Errors,
                                                DroppedFlags, Failed, Crashed, FileHashes,
                                                AbsentFiles, Nolints, ConfigNamesFound)


} // namespace asyncguard
