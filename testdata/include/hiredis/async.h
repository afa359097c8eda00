// Fake for asyncguard fixtures: declares only what the fixtures use; API shape from
// hiredis 1.2 <hiredis/async.h> (https://github.com/redis/hiredis).
#ifndef ASYNCGUARD_FAKE_HIREDIS_ASYNC_H
#define ASYNCGUARD_FAKE_HIREDIS_ASYNC_H

#include "hiredis.h"

#ifdef __cplusplus
extern "C" {
#endif

struct redisAsyncContext;
typedef void(redisCallbackFn)(struct redisAsyncContext *, void *, void *);

typedef struct redisAsyncContext {
  redisContext c;
  int err;
  char *errstr;
  void *data;
} redisAsyncContext;

redisAsyncContext *redisAsyncConnect(const char *ip, int port);
int redisAsyncCommand(redisAsyncContext *ac, redisCallbackFn *fn, void *privdata,
                      const char *format, ...);
int redisAsyncCommandArgv(redisAsyncContext *ac, redisCallbackFn *fn, void *privdata,
                          int argc, const char **argv, const size_t *argvlen);
void redisAsyncDisconnect(redisAsyncContext *ac);
void redisAsyncFree(redisAsyncContext *ac);

#ifdef __cplusplus
}
#endif

#endif
