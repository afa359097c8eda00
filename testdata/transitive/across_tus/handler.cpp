// Covers: a chain that crosses translation units (handler.cpp -> store.cpp -> disk.cpp), a
// helper declared in a header and defined elsewhere; the other TUs' plain functions are silent.
#include "store.h"

#include <fixture/task.h>

fixture::task<int> serve(int key) {
  int value = lookup(key); // WARN: blocking-io
  int cached = cached_lookup(key); // OK: never reaches a blocking call
  co_return value + cached;
}
