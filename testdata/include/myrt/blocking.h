// Fake for asyncguard fixtures: a user's own runtime, named by a fix_style
// template object ({"offload": "co_await myrt::run_blocking([&] { return {expr}; })"}).
#pragma once
#include <coroutine>
#include <utility>

namespace myrt {
template <typename F> struct blocking_awaitable {
  F fn;
  bool await_ready() const noexcept { return true; }
  void await_suspend(std::coroutine_handle<>) const noexcept {}
  auto await_resume() { return fn(); }
};
template <typename F> blocking_awaitable<F> run_blocking(F fn) { return {std::move(fn)}; }
} // namespace myrt
