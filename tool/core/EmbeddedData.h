#pragma once
#include <string_view>
#include <vector>

namespace asyncguard {

/// A data file compiled into the binary (see tool/EmbedData.cmake).
struct EmbeddedFile {
  std::string_view Name;
  std::string_view Content;
};

/// rules/catalogue/*.jsonc, sorted by name.
const std::vector<EmbeddedFile> &embeddedCatalogue();
/// rules/docs/*.md, sorted by name.
const std::vector<EmbeddedFile> &embeddedDocs();

} // namespace asyncguard
