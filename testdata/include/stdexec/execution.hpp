// Fake for asyncguard fixtures: declares only what the fixtures use; API shape from
// stdexec include/stdexec/__detail/__sync_wait.hpp and __run_loop.hpp
// (https://github.com/NVIDIA/stdexec, commit 0242420).
// Declared only: fixtures are analyzed, never linked.
#ifndef ASYNCGUARD_FAKE_STDEXEC_EXECUTION_HPP
#define ASYNCGUARD_FAKE_STDEXEC_EXECUTION_HPP

#include <optional>
#include <tuple>

namespace stdexec {

template <typename T> struct just_sender { T value; };
template <typename T> just_sender<T> just(T value) { return {value}; }

namespace __sync_wait {
struct sync_wait_t {
  template <typename Sender> auto operator()(Sender &&sndr) const -> std::optional<std::tuple<int>>;
};
} // namespace __sync_wait
using __sync_wait::sync_wait_t;
inline constexpr sync_wait_t sync_wait{};

class run_loop {
public:
  void run();
  void finish();
};

} // namespace stdexec

#endif
