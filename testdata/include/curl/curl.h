// Fake for asyncguard fixtures: declares only what the fixtures use; API shape from
// curl 8.x <curl/curl.h> (https://curl.se/libcurl/c/).
#ifndef ASYNCGUARD_FAKE_CURL_CURL_H
#define ASYNCGUARD_FAKE_CURL_CURL_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef void CURL;
typedef void CURLM;
typedef int curl_socket_t;

typedef enum {
  CURLE_OK = 0,
  CURLE_UNSUPPORTED_PROTOCOL = 1,
  CURLE_COULDNT_CONNECT = 7,
  CURLE_AGAIN = 81
} CURLcode;

typedef enum { CURLM_OK = 0 } CURLMcode;

typedef enum {
  CURLOPT_URL = 10002,
  CURLOPT_WRITEFUNCTION = 20011,
  CURLOPT_WRITEDATA = 10001,
  CURLOPT_CONNECT_ONLY = 141,
  CURLOPT_TIMEOUT_MS = 155
} CURLoption;

struct curl_waitfd {
  curl_socket_t fd;
  short events;
  short revents;
};

CURL *curl_easy_init(void);
CURLcode curl_easy_setopt(CURL *curl, CURLoption option, ...);
CURLcode curl_easy_perform(CURL *curl);
void curl_easy_cleanup(CURL *curl);
CURLcode curl_easy_recv(CURL *curl, void *buffer, size_t buflen, size_t *n);
CURLcode curl_easy_send(CURL *curl, const void *buffer, size_t buflen, size_t *n);
const char *curl_easy_strerror(CURLcode code);

CURLM *curl_multi_init(void);
CURLMcode curl_multi_add_handle(CURLM *multi_handle, CURL *curl_handle);
CURLMcode curl_multi_perform(CURLM *multi_handle, int *running_handles);
CURLMcode curl_multi_wait(CURLM *multi_handle, struct curl_waitfd extra_fds[],
                          unsigned int extra_nfds, int timeout_ms, int *ret);
CURLMcode curl_multi_poll(CURLM *multi_handle, struct curl_waitfd extra_fds[],
                          unsigned int extra_nfds, int timeout_ms, int *ret);
CURLMcode curl_multi_cleanup(CURLM *multi_handle);

#ifdef __cplusplus
}
#endif

#endif
