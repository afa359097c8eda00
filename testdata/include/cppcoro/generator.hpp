// Fake for asyncguard fixtures: declares only what the fixtures use; API shape from
// cppcoro <cppcoro/generator.hpp> (https://github.com/lewissbaker/cppcoro, master 2020).
#ifndef ASYNCGUARD_FAKE_CPPCORO_GENERATOR_HPP
#define ASYNCGUARD_FAKE_CPPCORO_GENERATOR_HPP

#include <coroutine>
#include <exception>
#include <iterator>
#include <memory>
#include <utility>

namespace cppcoro {

template <typename T> class generator;

namespace detail {
template <typename T> class generator_promise {
public:
  using value_type = std::remove_reference_t<T>;
  generator<T> get_return_object() noexcept;
  std::suspend_always initial_suspend() const noexcept { return {}; }
  std::suspend_always final_suspend() const noexcept { return {}; }
  std::suspend_always yield_value(value_type &value) noexcept {
    m_value = std::addressof(value);
    return {};
  }
  std::suspend_always yield_value(value_type &&value) noexcept {
    m_value = std::addressof(value);
    return {};
  }
  void unhandled_exception() { m_exception = std::current_exception(); }
  void return_void() {}
  // Disallow co_await in generator coroutines.
  template <typename U> std::suspend_never await_transform(U &&value) = delete;
  value_type &value() const noexcept { return *m_value; }

private:
  value_type *m_value = nullptr;
  std::exception_ptr m_exception;
};
} // namespace detail

template <typename T> class [[nodiscard]] generator {
public:
  using promise_type = detail::generator_promise<T>;

  class iterator {
  public:
    using iterator_category = std::input_iterator_tag;
    using difference_type = std::ptrdiff_t;
    using value_type = typename promise_type::value_type;
    iterator() noexcept = default;
    explicit iterator(std::coroutine_handle<promise_type> coroutine) noexcept
        : m_coroutine(coroutine) {}
    bool operator==(std::default_sentinel_t) const noexcept {
      return !m_coroutine || m_coroutine.done();
    }
    iterator &operator++() {
      m_coroutine.resume();
      return *this;
    }
    void operator++(int) { ++*this; }
    value_type &operator*() const noexcept { return m_coroutine.promise().value(); }

  private:
    std::coroutine_handle<promise_type> m_coroutine;
  };

  explicit generator(std::coroutine_handle<promise_type> coroutine) noexcept
      : m_coroutine(coroutine) {}
  generator(generator &&other) noexcept : m_coroutine(std::exchange(other.m_coroutine, {})) {}
  ~generator() {
    if (m_coroutine)
      m_coroutine.destroy();
  }
  iterator begin() {
    if (m_coroutine)
      m_coroutine.resume();
    return iterator{m_coroutine};
  }
  std::default_sentinel_t end() noexcept { return {}; }

private:
  std::coroutine_handle<promise_type> m_coroutine;
};

namespace detail {
template <typename T> generator<T> generator_promise<T>::get_return_object() noexcept {
  return generator<T>{std::coroutine_handle<generator_promise<T>>::from_promise(*this)};
}
} // namespace detail

} // namespace cppcoro

#endif
