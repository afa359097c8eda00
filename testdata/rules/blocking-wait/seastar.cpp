// Covers: seastar future::get()/wait() in a coroutine (the reactor, not a seastar::thread) block; the same inside the lambda handed to seastar::async (a seastar::thread) and co_await stay silent.
#include <seastar/core/future.hh>

seastar::future<int> fetch();

seastar::future<int> handler() {
  int v = fetch().get(); // WARN: blocking-wait
  seastar::future<int> f = fetch();
  f.wait(); // WARN: blocking-wait
  v += co_await fetch(); // OK: awaiting is the right thing
  v += co_await seastar::async([] { return fetch().get(); }); // OK: runs in a seastar::thread, where get() may wait
  co_return v;
}
