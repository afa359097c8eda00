#include "report/Report.h"
#include "core/Project.h"

namespace asyncguard {

std::vector<const Finding *> Report::visible() const {
  std::vector<const Finding *> Out;
  for (const Finding &F : Findings)
    if (F.Suppression.empty() || IncludeSuppressed)
      Out.push_back(&F);
  return Out;
}

std::string Report::displayPath(const std::string &File) const {
  return relativeTo(File, SourceRoot);
}

unsigned codePointColumn(const std::string &Line, unsigned ByteColumn) {
  unsigned Column = 1;
  for (size_t I = 0; I + 1 < ByteColumn && I < Line.size(); ++I)
    if ((static_cast<unsigned char>(Line[I]) & 0xC0) != 0x80)
      ++Column;
  if (ByteColumn > Line.size() + 1)
    Column += ByteColumn - (Line.size() + 1);
  return Column;
}

} // namespace asyncguard
