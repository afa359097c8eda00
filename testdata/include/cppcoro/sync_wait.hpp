// Fake for asyncguard fixtures: declares only what the fixtures use; API shape from
// cppcoro <cppcoro/sync_wait.hpp> (https://github.com/lewissbaker/cppcoro, master 2020).
// Declared only: fixtures are analyzed, never linked.
#ifndef ASYNCGUARD_FAKE_CPPCORO_SYNC_WAIT_HPP
#define ASYNCGUARD_FAKE_CPPCORO_SYNC_WAIT_HPP

#include <utility>

namespace cppcoro {

namespace detail {
template <typename T> decltype(auto) get_awaiter(T &&value) {
  if constexpr (requires { static_cast<T &&>(value).operator co_await(); })
    return static_cast<T &&>(value).operator co_await();
  else
    return static_cast<T &&>(value);
}
} // namespace detail

template <typename T, typename = void> struct awaitable_traits {
  using awaiter_t = decltype(detail::get_awaiter(std::declval<T>()));
  using await_result_t = decltype(std::declval<awaiter_t &>().await_resume());
};

/// Starts the awaitable and blocks the calling thread until it completes.
template <typename AWAITABLE>
auto sync_wait(AWAITABLE &&awaitable) -> typename awaitable_traits<AWAITABLE &&>::await_result_t;

} // namespace cppcoro

#endif
