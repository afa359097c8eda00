// Covers: the middle of a cross-TU chain.
#include "store.h"

int lookup(int key) { return read_record(key) + 1; } // OK: plain function
int cached_lookup(int key) { return key; }
