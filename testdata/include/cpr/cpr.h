// Fake for asyncguard fixtures: declares only what the fixtures use; API shape from
// cpr 1.10 <cpr/cpr.h>, <cpr/api.h>, <cpr/session.h>, <cpr/async_wrapper.h>
// (https://github.com/libcpr/cpr).
#ifndef ASYNCGUARD_FAKE_CPR_CPR_H
#define ASYNCGUARD_FAKE_CPR_CPR_H

#include <chrono>
#include <functional>
#include <future>
#include <initializer_list>
#include <map>
#include <string>
#include <utility>

namespace cpr {

class Url {
public:
  Url() = default;
  Url(const char *url) : m_url(url) {}
  Url(std::string url) : m_url(std::move(url)) {}
  const std::string &str() const { return m_url; }

private:
  std::string m_url;
};

class Body {
public:
  Body() = default;
  Body(const char *body) : m_body(body) {}
  Body(std::string body) : m_body(std::move(body)) {}

private:
  std::string m_body;
};

class Parameters {
public:
  Parameters() = default;
  Parameters(std::initializer_list<std::pair<std::string, std::string>> parameters)
      : m_parameters(parameters.begin(), parameters.end()) {}

private:
  std::map<std::string, std::string> m_parameters;
};

class Header : public std::map<std::string, std::string> {
public:
  using std::map<std::string, std::string>::map;
};

class Timeout {
public:
  Timeout(std::chrono::milliseconds duration) : ms(duration) {}
  std::chrono::milliseconds ms;
};

class Response {
public:
  long status_code = 0;
  std::string text;
  Header header;
  Url url;
};

class Session {
public:
  void SetUrl(const Url &url) { m_url = url; }
  void SetTimeout(const Timeout &) {}
  void SetBody(const Body &) {}
  Response Get() { return {}; }
  Response Post() { return {}; }
  Response Put() { return {}; }
  Response Patch() { return {}; }
  Response Delete() { return {}; }
  Response Head() { return {}; }
  Response Options() { return {}; }

private:
  Url m_url;
};

/// cpr 1.10+: what the *Async functions return (older releases: std::future<Response>).
template <typename T, bool isCancellable = false> class AsyncWrapper {
public:
  explicit AsyncWrapper(std::future<T> &&f) : m_future(std::move(f)) {}
  bool valid() const noexcept { return m_future.valid(); }
  T get() { return m_future.get(); }
  void wait() const { m_future.wait(); }
  template <class Rep, class Period>
  std::future_status wait_for(const std::chrono::duration<Rep, Period> &timeout) const {
    return m_future.wait_for(timeout);
  }
  template <class Clock, class Duration>
  std::future_status wait_until(const std::chrono::time_point<Clock, Duration> &t) const {
    return m_future.wait_until(t);
  }

private:
  std::future<T> m_future;
};

using AsyncResponse = AsyncWrapper<Response>;

template <typename... Ts> Response Get(Ts &&...) { return {}; }
template <typename... Ts> Response Post(Ts &&...) { return {}; }
template <typename... Ts> Response Put(Ts &&...) { return {}; }
template <typename... Ts> Response Patch(Ts &&...) { return {}; }
template <typename... Ts> Response Delete(Ts &&...) { return {}; }
template <typename... Ts> Response Head(Ts &&...) { return {}; }
template <typename... Ts> Response Options(Ts &&...) { return {}; }

template <typename... Ts> AsyncResponse GetAsync(Ts &&...) {
  std::promise<Response> p;
  p.set_value(Response{});
  return AsyncResponse(p.get_future());
}
template <typename... Ts> AsyncResponse PostAsync(Ts &&...) {
  std::promise<Response> p;
  p.set_value(Response{});
  return AsyncResponse(p.get_future());
}

template <typename Then, typename... Ts> auto GetCallback(Then then, Ts &&...) {
  std::promise<decltype(then(Response{}))> p;
  return p.get_future();
}

} // namespace cpr

#endif
