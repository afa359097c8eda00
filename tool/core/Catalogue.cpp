#include "core/Catalogue.h"
#include "core/EmbeddedData.h"
#include "rules/Rule.h"

#include <nlohmann/json.hpp>

using nlohmann::json;

namespace asyncguard {

std::string_view canonicalName(std::string_view Name) {
  if (Name.starts_with("::"))
    Name.remove_prefix(2);
  return Name;
}

bool isCatalogueRule(std::string_view Rule) {
  const RuleInfo *Info = findRule(Rule);
  return Info && Info->Kind == RuleKind::BlockingCall;
}

static llvm::Error entryError(std::string_view Origin, const json &J, const std::string &What) {
  return llvm::createStringError(llvm::inconvertibleErrorCode(), "%s: %s in entry %s",
                                 std::string(Origin).c_str(), What.c_str(),
                                 J.dump().substr(0, 120).c_str());
}

static llvm::Expected<ArgCondition> parseCondition(const json &J, std::string_view Origin) {
  if (!J.is_object())
    return entryError(Origin, J, "a condition must be an object");
  ArgCondition C;
  auto Names = [&](const json &V) {
    std::vector<std::string> Out;
    if (V.is_string())
      Out.push_back(std::string(canonicalName(V.get<std::string>())));
    else if (V.is_array())
      for (const json &N : V)
        if (N.is_string())
          Out.push_back(std::string(canonicalName(N.get<std::string>())));
    return Out;
  };
  if (J.contains("object")) {
    C.K = ArgCondition::Kind::ObjectIs;
    C.Names = Names(J["object"]);
    return C;
  }
  if (J.contains("any_of")) {
    if (!J["any_of"].is_array() || J["any_of"].empty())
      return entryError(Origin, J, "\"any_of\" must be a non-empty array of conditions");
    C.K = ArgCondition::Kind::AnyOf;
    for (const json &Alternative : J["any_of"]) {
      auto Sub = parseCondition(Alternative, Origin);
      if (!Sub)
        return Sub.takeError();
      C.Alternatives.push_back(std::move(*Sub));
    }
    return C;
  }
  if (J.contains("min_args")) {
    if (!J["min_args"].is_number_unsigned())
      return entryError(Origin, J, "\"min_args\" must be a count");
    C.K = ArgCondition::Kind::MinArgs;
    C.Count = J["min_args"].get<unsigned>();
    return C;
  }
  if (!J.contains("arg") || !J["arg"].is_number_integer() || J["arg"].get<int>() < 0)
    return entryError(Origin, J,
                      "a condition needs \"arg\" (a 0-based index), \"object\", \"any_of\" or "
                      "\"min_args\"");
  C.Arg = J["arg"].get<int>();
  if (J.contains("field") && J["field"].is_string() && J.contains("has_flag") &&
      J["has_flag"].is_string()) {
    C.K = ArgCondition::Kind::FieldHasFlag;
    C.Field = J["field"].get<std::string>();
    C.Flag = J["has_flag"].get<std::string>();
  } else if (J.contains("is_numeric_host")) {
    C.K = ArgCondition::Kind::NumericHost;
  } else if (J.contains("non_blocking_fd")) {
    C.K = ArgCondition::Kind::NonBlockingFd;
  } else if (J.contains("has_flag") && J["has_flag"].is_string()) {
    C.K = ArgCondition::Kind::HasFlag;
    C.Flag = J["has_flag"].get<std::string>();
  } else if (J.contains("is_zero")) {
    C.K = ArgCondition::Kind::IsZero;
  } else if (J.contains("refers_to")) {
    C.K = ArgCondition::Kind::RefersTo;
    C.Names = Names(J["refers_to"]);
  } else {
    return entryError(Origin, J,
                      "a condition needs has_flag, is_zero, refers_to, is_numeric_host, "
                      "non_blocking_fd or field + has_flag");
  }
  return C;
}

static std::string stringField(const json &J, const char *Key) {
  auto It = J.find(Key);
  return It != J.end() && It->is_string() ? It->get<std::string>() : std::string();
}

llvm::Expected<CatalogueEntry> Catalogue::parseEntry(const void *Opaque, std::string_view Origin) {
  const json &J = *static_cast<const json *>(Opaque);
  if (!J.is_object())
    return entryError(Origin, J, "an entry must be an object");
  CatalogueEntry E;
  E.Origin = std::string(Origin);
  E.Name = std::string(canonicalName(stringField(J, "name")));
  E.Rule = stringField(J, "rule");
  if (E.Name.empty())
    return entryError(Origin, J, "missing \"name\"");
  if (!isCatalogueRule(E.Rule))
    return entryError(Origin, J, "\"rule\" must be a blocking-call rule id, not '" + E.Rule + "'");
  E.Why = stringField(J, "why");
  if (E.Why.empty())
    E.Why = "blocks the calling thread";
  E.Instead = stringField(J, "instead");
  if (std::string Fix = stringField(J, "fix"); !Fix.empty())
    E.Fix = Fix;
  static const char *const FixKinds[] = {"sleep_for", "sleep_until", "sleep_seconds",
                                         "sleep_micros", "await_arg", "offload", "none"};
  if (std::find(std::begin(FixKinds), std::end(FixKinds), E.Fix) == std::end(FixKinds))
    return entryError(Origin, J, "unknown \"fix\" '" + E.Fix + "'");
  for (auto [Key, Slot] : {std::pair{"unless", &E.Unless}, std::pair{"when", &E.When}}) {
    if (!J.contains(Key))
      continue;
    auto C = parseCondition(J[Key], Origin);
    if (!C)
      return C.takeError();
    *Slot = std::move(*C);
  }
  E.Returns = std::string(canonicalName(stringField(J, "returns")));
  E.FirstParam = std::string(canonicalName(stringField(J, "first_param")));
  if (E.Name == "*" && E.Returns.empty())
    return entryError(Origin, J, "a \"*\" entry needs \"returns\"");
  return E;
}

llvm::Error Catalogue::addFile(std::string_view Origin, std::string_view Text) {
  json Doc = json::parse(Text, nullptr, /*allow_exceptions=*/false, /*ignore_comments=*/true);
  if (Doc.is_discarded() || !Doc.is_array())
    return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                   "%s: not a JSON array of catalogue entries",
                                   std::string(Origin).c_str());
  for (const json &J : Doc) {
    // { "name": "ns::*", "non_blocking": true }: a library's own functions
    // are not followed into (their internals are its business), except the
    // entries that say they block.
    if (J.is_object() && J.value("non_blocking", false)) {
      std::string Name = J.value("name", "");
      if (Name.empty())
        return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                       "%s: a non_blocking entry needs a name",
                                       std::string(Origin).c_str());
      markNonBlocking(Name);
      continue;
    }
    auto E = parseEntry(&J, Origin);
    if (!E)
      return E.takeError();
    add(std::move(*E));
  }
  return llvm::Error::success();
}

void Catalogue::add(CatalogueEntry Entry) {
  if (Entry.Name == "*") {
    Signatures.push_back(std::move(Entry));
    return;
  }
  std::string Key = Entry.Name;
  ByName.insert_or_assign(std::move(Key), std::move(Entry));
}

void Catalogue::markNonBlocking(std::string_view Name) {
  NonBlocking.insert_or_assign(std::string(canonicalName(Name)), true);
}

const CatalogueEntry *Catalogue::lookup(std::string_view QualifiedName) const {
  QualifiedName = canonicalName(QualifiedName);
  if (isNonBlocking(QualifiedName))
    return nullptr;
  auto It = ByName.find(QualifiedName);
  return It == ByName.end() ? nullptr : &It->second;
}

bool Catalogue::isNonBlocking(std::string_view QualifiedName) const {
  QualifiedName = canonicalName(QualifiedName);
  if (NonBlocking.count(QualifiedName))
    return true;
  // "ns::*" covers everything in ns that has no entry of its own.
  if (ByName.count(QualifiedName))
    return false;
  for (size_t Colon = QualifiedName.rfind("::"); Colon != std::string_view::npos && Colon > 0;
       Colon = QualifiedName.rfind("::", Colon - 1)) {
    if (NonBlocking.count(std::string(QualifiedName.substr(0, Colon)) + "::*"))
      return true;
    if (Colon < 2)
      break;
  }
  return false;
}

llvm::Expected<Catalogue> Catalogue::builtin() {
  Catalogue C;
  for (const EmbeddedFile &F : embeddedCatalogue())
    if (llvm::Error E = C.addFile(F.Name, F.Content))
      return std::move(E);
  return C;
}

} // namespace asyncguard
