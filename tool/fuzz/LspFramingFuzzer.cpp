// Fuzzes the LSP transport: the byte stream an editor (or anything on the
// server's stdin) sends, read in chunks of fuzzer-chosen sizes, split into
// messages and parsed as JSON. Never a crash, a hang, a stack overflow on a
// deeply nested body, or a message larger than MaxMessageBytes.
#include "lsp/JsonRpc.h"

#include <algorithm>
#include <cstdint>
#include <cstring>

using namespace asyncguard::lsp;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *Data, size_t Size) {
  if (Size < 1)
    return 0;
  // The first byte picks the read size: partial headers and bodies.
  size_t Chunk = 1 + Data[0] % 64;
  const char *Bytes = reinterpret_cast<const char *>(Data + 1);
  size_t Left = Size - 1;
  MessageReader Reader([&](char *Out, size_t N) -> long {
    size_t Take = std::min({N, Chunk, Left});
    std::memcpy(Out, Bytes, Take);
    Bytes += Take;
    Left -= Take;
    return static_cast<long>(Take);
  });
  for (;;) {
    MessageReader::Result R = Reader.next();
    if (R.Kind == MessageReader::Status::End)
      break;
    if (R.Kind == MessageReader::Status::Message) {
      if (R.Body.size() > MaxMessageBytes)
        __builtin_trap();
      nlohmann::json J = parseJson(R.Body);
      (void)member(J, "method");
    }
  }
  return 0;
}
