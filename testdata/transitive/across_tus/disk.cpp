// Covers: the leaf of a cross-TU chain.
#include "store.h"

#include <fcntl.h>
#include <unistd.h>

int read_record(int key) {
  int fd = ::open("/var/lib/records", O_RDONLY); // OK: plain function
  char c = 0;
  ::read(fd, &c, 1); // OK: plain function
  ::close(fd);
  return key + c;
}
