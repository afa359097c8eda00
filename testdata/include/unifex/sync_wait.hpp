// Fake for asyncguard fixtures: declares only what the fixtures use; API shape from
// libunifex include/unifex/sync_wait.hpp (https://github.com/facebookexperimental/libunifex,
// commit 0248b38). Declared only: fixtures are analyzed, never linked.
#ifndef ASYNCGUARD_FAKE_UNIFEX_SYNC_WAIT_HPP
#define ASYNCGUARD_FAKE_UNIFEX_SYNC_WAIT_HPP

#include <optional>

namespace unifex {

template <typename T> struct just_sender { T value; };
template <typename T> just_sender<T> just(T value) { return {value}; }

namespace _sync_wait_cpo {
struct _fn {
  template <typename Sender> auto operator()(Sender &&sender) const -> std::optional<int>;
};
} // namespace _sync_wait_cpo
inline constexpr _sync_wait_cpo::_fn sync_wait{};

} // namespace unifex

#endif
