#include <fixture/task.h>

#include <unistd.h>

fixture::task<int> handle(int request) {
#ifdef PLANT_FINDING
  ::usleep(1000);
#endif
  co_return request + 1;
}
