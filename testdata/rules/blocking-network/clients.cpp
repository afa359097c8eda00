// Covers: synchronous client libraries in coroutines (libcurl easy, cpr, cpp-httplib, libpq, MySQL, hiredis, gRPC sync stubs and streams) next to their asynchronous forms, which stay silent.
#include <fixture/task.h>

#include <cpr/cpr.h>
#include <curl/curl.h>
#include <grpcpp/grpcpp.h>
#include <hiredis/async.h>
#include <hiredis/hiredis.h>
#include <httplib.h>
#include <libpq-fe.h>
#include <mysql/mysql.h>

#include <memory>
#include <string>

fixture::task<int> with_curl(CURL *easy, CURLM *multi) {
  curl_easy_setopt(easy, CURLOPT_URL, "https://example.org");
  CURLcode rc = curl_easy_perform(easy); // WARN: blocking-network
  int running = 0;
  curl_multi_perform(multi, &running); // OK: the multi interface never waits
  char buf[64];
  size_t n = 0;
  curl_easy_recv(easy, buf, sizeof buf, &n); // OK: curl_easy_recv returns CURLE_AGAIN instead of waiting
  co_return static_cast<int>(rc);
}

fixture::task<long> with_cpr() {
  cpr::Response r = cpr::Get(cpr::Url{"https://example.org"}); // WARN: blocking-network
  cpr::Post(cpr::Url{"https://example.org"}, cpr::Body{"x"}); // WARN: blocking-network
  cpr::Session session;
  session.SetUrl(cpr::Url{"https://example.org"});
  session.Get(); // WARN: blocking-network
  cpr::AsyncResponse pending = cpr::GetAsync(cpr::Url{"https://example.org"}); // OK: returns at once
  co_return r.status_code;
}

fixture::task<int> with_httplib() {
  httplib::Client cli("http://example.org");
  auto res = cli.Get("/"); // WARN: blocking-network
  cli.Post("/items", "{}", "application/json"); // WARN: blocking-network
  httplib::SSLClient tls("example.org");
  tls.Get("/"); // WARN: blocking-network
  cli.set_connection_timeout(1); // OK: configuration only
  co_return res ? res->status : 0;
}

fixture::task<int> with_libpq() {
  PGconn *conn = PQconnectdb("dbname=app"); // WARN: blocking-network
  PGresult *res = PQexec(conn, "SELECT 1"); // WARN: blocking-network
  PQclear(res);
  const char *params[1] = {"42"};
  res = PQexecParams(conn, "SELECT $1", 1, nullptr, params, nullptr, nullptr, 0); // WARN: blocking-network
  PQclear(res);
  PQsendQuery(conn, "SELECT 2"); // OK: asynchronous command processing
  PQconsumeInput(conn); // OK: never waits
  PGconn *lazy = PQconnectStart("dbname=app"); // OK: non-blocking connect
  PQfinish(lazy);
  PQfinish(conn);
  co_return 0;
}

fixture::task<int> with_mysql(MYSQL *db) {
  mysql_real_connect(db, "localhost", "app", "secret", "app", 3306, nullptr, 0); // WARN: blocking-network
  mysql_query(db, "SELECT 1"); // WARN: blocking-network
  MYSQL_RES *result = mysql_store_result(db); // WARN: blocking-network
  int rows = 0;
  while (mysql_fetch_row(result)) // OK: rows are in memory after mysql_store_result
    ++rows;
  mysql_free_result(result);
  co_return rows;
}

void on_reply(redisAsyncContext *, void *, void *) {}

fixture::task<int> with_hiredis(redisAsyncContext *async_ctx) {
  redisContext *c = redisConnect("127.0.0.1", 6379); // WARN: blocking-network
  auto *reply = static_cast<redisReply *>(redisCommand(c, "GET %s", "key")); // WARN: blocking-network
  freeReplyObject(reply);
  redisAsyncCommand(async_ctx, on_reply, nullptr, "GET %s", "key"); // OK: asynchronous API
  redisFree(c);
  co_return 0;
}

fixture::task<std::string> with_grpc(helloworld::Greeter::Stub &stub, grpc::CompletionQueue &cq) {
  grpc::ClientContext ctx;
  helloworld::HelloRequest req;
  req.set_name("world");
  helloworld::HelloReply reply;
  grpc::Status status = stub.SayHello(&ctx, req, &reply); // WARN: blocking-network
  grpc::ClientContext ctx2;
  auto call = stub.AsyncSayHello(&ctx2, req, &cq); // OK: asynchronous stub, returns a reader
  grpc::ClientContext ctx3;
  stub.async()->SayHello(&ctx3, &req, &reply, [](grpc::Status) {}); // OK: callback API
  co_return status.ok() ? reply.message() : std::string();
}

fixture::task<int> with_grpc_stream(grpc::ClientReader<helloworld::HelloReply> &reader) {
  helloworld::HelloReply msg;
  int n = 0;
  while (reader.Read(&msg)) // WARN: blocking-network
    ++n;
  reader.Finish(); // WARN: blocking-network
  co_return n;
}

int main() {
  cpr::Get(cpr::Url{"https://example.org"}); // OK: main is not a coroutine
  return 0;
}
