#include "core/FactsJson.h"
#include "core/JsonInput.h"

namespace asyncguard {

namespace {

llvm::Error factsError(std::string_view Origin, const std::string &Why) {
  return llvm::createStringError(llvm::inconvertibleErrorCode(), "%.*s: %s",
                                 static_cast<int>(Origin.size()), Origin.data(), Why.c_str());
}

/// The position-valued keys of the facts' structs (SourcePos, Edit,
/// NolintFact); the schema check has already made them unsigned integers.
bool isPositionKey(const std::string &Key) {
  return Key == "Line" || Key == "Column" || Key == "Offset" || Key == "Length" ||
         Key == "FirstLine" || Key == "LastLine";
}

/// The first floating-point number, as a JSON pointer, or "". Facts hold
/// integers only, and nlohmann converts a double to an integer field with a
/// plain cast: undefined behaviour for 3e38 (found by FactsFuzzer).
/// Recursion is bounded by MaxJsonNesting (checked before parsing).
std::string firstFloatingPoint(const nlohmann::json &J, const std::string &Where) {
  if (J.is_number_float())
    return Where.empty() ? "/" : Where;
  if (J.is_array()) {
    for (size_t I = 0; I < J.size(); ++I)
      if (std::string Bad = firstFloatingPoint(J[I], Where + "/" + std::to_string(I)); !Bad.empty())
        return Bad;
  } else if (J.is_object()) {
    for (const auto &[Key, Value] : J.items())
      if (std::string Bad = firstFloatingPoint(Value, Where + "/" + Key); !Bad.empty())
        return Bad;
  }
  return "";
}

/// The first position above MaxSourcePosition, as a JSON pointer, or "".
/// Recursion is bounded by MaxJsonNesting (checked before parsing).
std::string outOfRangePosition(const nlohmann::json &J, const std::string &Where) {
  if (J.is_array()) {
    for (size_t I = 0; I < J.size(); ++I)
      if (std::string Bad = outOfRangePosition(J[I], Where + "/" + std::to_string(I)); !Bad.empty())
        return Bad;
    return "";
  }
  if (!J.is_object())
    return "";
  for (const auto &[Key, Value] : J.items()) {
    if (isPositionKey(Key) && Value.is_number_unsigned() &&
        Value.get<uint64_t>() > MaxSourcePosition)
      return Where + "/" + Key;
    if (std::string Bad = outOfRangePosition(Value, Where + "/" + Key); !Bad.empty())
      return Bad;
  }
  return "";
}

/// The file of the first fix edit that is not one of the files the TU read.
std::optional<std::string> editOfUnreadFile(const TuFacts &Facts) {
  auto Check = [&](const FixSuggestion &Fix) -> std::optional<std::string> {
    for (const Edit &E : Fix.Edits)
      if (!Facts.FileHashes.count(E.File))
        return E.File;
    return std::nullopt;
  };
  for (const FunctionFact &F : Facts.Functions) {
    for (const BlockingCall &B : F.Blocking)
      if (auto File = Check(B.Fix))
        return File;
    for (const CallEdge &C : F.Calls)
      if (auto File = Check(C.Fix))
        return File;
  }
  return std::nullopt;
}

} // namespace

std::optional<std::string> writeFactsJson(const TuFacts &Facts, bool ReplaceInvalidUtf8) {
  nlohmann::json Doc = {{"format", FactsFormatName},
                        {"version", FactsFormatVersion},
                        {"facts", nlohmann::json(Facts)}};
  try {
    return Doc.dump(-1, ' ', false,
                    ReplaceInvalidUtf8 ? nlohmann::json::error_handler_t::replace
                                       : nlohmann::json::error_handler_t::strict);
  } catch (const nlohmann::json::type_error &) {
    return std::nullopt; // invalid UTF-8 with the strict handler
  }
}

llvm::Expected<TuFacts> readFactsJson(std::string_view Text, std::string_view Origin) {
  auto Doc = parseUntrustedJson(Text, Origin);
  if (!Doc)
    return Doc.takeError();
  const nlohmann::json &J = *Doc;
  if (!J.is_object() || J.size() != 3 || !J.contains("format") || !J.contains("version") ||
      !J.contains("facts") || J["format"] != FactsFormatName)
    return factsError(Origin, "not an asyncguard facts file");
  if (!J["version"].is_number_unsigned() || J["version"].get<uint64_t>() != FactsFormatVersion)
    return factsError(Origin, "facts format version " + J["version"].dump() +
                                  ", but this asyncguard reads version " +
                                  std::to_string(FactsFormatVersion) +
                                  " (write the facts with the same asyncguard version)");
  const nlohmann::json &Body = J["facts"];
  if (!Body.is_object())
    return factsError(Origin, "'facts' is not an object");
  if (std::string Bad = firstFloatingPoint(Body, ""); !Bad.empty())
    return factsError(Origin, "does not match the facts schema: a fractional number at '" + Bad + "'");
  TuFacts Facts;
  try {
    Facts = Body.get<TuFacts>();
  } catch (const nlohmann::json::exception &E) {
    std::string What = E.what();
    return factsError(Origin, "wrong type in the facts: " + What.substr(What.find("] ") + 2));
  }
  // The reading above fills in defaults for missing keys and ignores
  // unknown ones; writing the result back must give the same document, so
  // `{}`, a renamed key or a number that does not fit its field is refused.
  nlohmann::json Patch = nlohmann::json::diff(nlohmann::json(Facts), Body);
  if (!Patch.empty()) {
    const nlohmann::json &First = Patch.front();
    std::string Op = First.value("op", "");
    std::string Where = First.value("path", "");
    std::string Why = Op == "add"      ? "unknown key or element at '" + Where + "'"
                      : Op == "remove" ? "missing key at '" + Where + "'"
                                       : "value out of range or of the wrong type at '" + Where + "'";
    return factsError(Origin, "does not match the facts schema: " + Why);
  }
  if (std::string Bad = outOfRangePosition(Body, ""); !Bad.empty())
    return factsError(Origin, "position out of range at '" + Bad + "' (above " +
                                  std::to_string(MaxSourcePosition) + ")");
  if (auto File = editOfUnreadFile(Facts))
    return factsError(Origin, "a fix edits '" + *File + "', which the TU did not read");
  return Facts;
}

} // namespace asyncguard
