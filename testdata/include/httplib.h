// Fake for asyncguard fixtures: declares only what the fixtures use; API shape from
// cpp-httplib v0.14 <httplib.h> (https://github.com/yhirose/cpp-httplib).
#ifndef ASYNCGUARD_FAKE_HTTPLIB_H
#define ASYNCGUARD_FAKE_HTTPLIB_H

#include <functional>
#include <map>
#include <memory>
#include <string>
#include <utility>

namespace httplib {

using Headers = std::multimap<std::string, std::string>;

struct Request {
  std::string method;
  std::string path;
  std::string body;
};

struct Response {
  int status = -1;
  std::string body;
  Headers headers;
  void set_content(const std::string &s, const std::string &content_type) {
    body = s;
    (void)content_type;
  }
};

enum class Error { Success = 0, Unknown, Connection };

class Result {
public:
  Result() = default;
  Result(std::unique_ptr<Response> &&res, Error err) : m_res(std::move(res)), m_err(err) {}
  explicit operator bool() const { return m_res != nullptr; }
  const Response &value() const { return *m_res; }
  const Response *operator->() const { return m_res.get(); }
  Error error() const { return m_err; }

private:
  std::unique_ptr<Response> m_res;
  Error m_err = Error::Unknown;
};

class ClientImpl {
public:
  explicit ClientImpl(const std::string &host, int port = 80) : m_host(host), m_port(port) {}
  virtual ~ClientImpl() = default;
  Result Get(const std::string &path) { return {}; }
  Result Get(const std::string &path, const Headers &headers) { return {}; }
  Result Head(const std::string &path) { return {}; }
  Result Post(const std::string &path, const std::string &body,
              const std::string &content_type) { return {}; }
  Result Put(const std::string &path, const std::string &body,
             const std::string &content_type) { return {}; }
  Result Patch(const std::string &path, const std::string &body,
               const std::string &content_type) { return {}; }
  Result Delete(const std::string &path) { return {}; }
  Result Options(const std::string &path) { return {}; }
  bool send(Request &req, Response &res, Error &error) { return false; }
  void set_connection_timeout(long sec, long usec = 0) {}
  void stop() {}

private:
  std::string m_host;
  int m_port;
};

class Client {
public:
  explicit Client(const std::string &scheme_host_port)
      : m_cli(std::make_unique<ClientImpl>(scheme_host_port)) {}
  Client(const std::string &host, int port) : m_cli(std::make_unique<ClientImpl>(host, port)) {}
  Result Get(const std::string &path) { return m_cli->Get(path); }
  Result Get(const std::string &path, const Headers &headers) { return m_cli->Get(path, headers); }
  Result Head(const std::string &path) { return m_cli->Head(path); }
  Result Post(const std::string &path, const std::string &body,
              const std::string &content_type) { return m_cli->Post(path, body, content_type); }
  Result Put(const std::string &path, const std::string &body,
             const std::string &content_type) { return m_cli->Put(path, body, content_type); }
  Result Patch(const std::string &path, const std::string &body,
               const std::string &content_type) { return m_cli->Patch(path, body, content_type); }
  Result Delete(const std::string &path) { return m_cli->Delete(path); }
  Result Options(const std::string &path) { return m_cli->Options(path); }
  bool send(Request &req, Response &res, Error &error) { return m_cli->send(req, res, error); }
  void set_connection_timeout(long sec, long usec = 0) { m_cli->set_connection_timeout(sec, usec); }
  void stop() { m_cli->stop(); }

private:
  std::unique_ptr<ClientImpl> m_cli;
};

class SSLClient : public ClientImpl {
public:
  explicit SSLClient(const std::string &host, int port = 443) : ClientImpl(host, port) {}
};

class Server {
public:
  using Handler = std::function<void(const Request &, Response &)>;
  Server &Get(const std::string &pattern, Handler handler) { return *this; }
  Server &Post(const std::string &pattern, Handler handler) { return *this; }
  bool listen(const std::string &host, int port, int socket_flags = 0) { return false; }
  void stop() {}
};

} // namespace httplib

#endif
