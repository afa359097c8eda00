// Fake for asyncguard fixtures: declares only what the fixtures use; API shape from
// folly v2023.x <folly/experimental/coro/BlockingWait.h> (https://github.com/facebook/folly):
// blockingWait is a reference to a function object of type blocking_wait_fn, so a call
// resolves to 'folly::coro::blocking_wait_fn::operator()'. Declared only: fixtures are
// analyzed, never linked.
#ifndef ASYNCGUARD_FAKE_FOLLY_CORO_BLOCKINGWAIT_H
#define ASYNCGUARD_FAKE_FOLLY_CORO_BLOCKINGWAIT_H

#include <type_traits>
#include <utility>

namespace folly {
namespace coro {

namespace detail {
template <typename T> decltype(auto) getAwaiter(T &&value) {
  if constexpr (requires { static_cast<T &&>(value).operator co_await(); })
    return static_cast<T &&>(value).operator co_await();
  else
    return static_cast<T &&>(value);
}
} // namespace detail

template <typename Awaitable>
using await_result_t =
    decltype(std::declval<decltype(detail::getAwaiter(std::declval<Awaitable>())) &>()
                 .await_resume());

/// Awaits the passed awaitable and blocks the current thread until it completes.
struct blocking_wait_fn {
  template <typename Awaitable>
  auto operator()(Awaitable &&awaitable) const -> std::decay_t<await_result_t<Awaitable>>;
};
inline constexpr blocking_wait_fn blocking_wait{};
static constexpr blocking_wait_fn const &blockingWait = blocking_wait; // backcompat

} // namespace coro
} // namespace folly

#endif
