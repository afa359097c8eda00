// Fake for asyncguard fixtures: declares only what the fixtures use; API shape from
// hiredis 1.2 <hiredis/hiredis.h> (https://github.com/redis/hiredis).
#ifndef ASYNCGUARD_FAKE_HIREDIS_H
#define ASYNCGUARD_FAKE_HIREDIS_H

#include <stddef.h>
#include <sys/time.h>

#ifdef __cplusplus
extern "C" {
#endif

#define REDIS_OK 0
#define REDIS_ERR -1
#define REDIS_REPLY_STRING 1

typedef struct redisReply {
  int type;
  long long integer;
  size_t len;
  char *str;
  size_t elements;
  struct redisReply **element;
} redisReply;

typedef struct redisContext {
  int err;
  char errstr[128];
  int fd;
} redisContext;

redisContext *redisConnect(const char *ip, int port);
redisContext *redisConnectWithTimeout(const char *ip, int port, const struct timeval tv);
redisContext *redisConnectNonBlock(const char *ip, int port);
void redisFree(redisContext *c);
void *redisCommand(redisContext *c, const char *format, ...);
void *redisCommandArgv(redisContext *c, int argc, const char **argv, const size_t *argvlen);
int redisAppendCommand(redisContext *c, const char *format, ...);
int redisGetReply(redisContext *c, void **reply);
void freeReplyObject(void *reply);

#ifdef __cplusplus
}
#endif

#endif
