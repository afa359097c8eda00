#include "inventory/service.hpp"
#include "inventory/net.hpp"

#include <cstdlib>
#include <future>
#include <sstream>
#include <system_error>
#include <utility>

namespace inventory {

inventory_service::inventory_service(config cfg, std::string config_path, catalog &items,
                                     metrics &m)
    : m_cfg(std::move(cfg)), m_config_path(std::move(config_path)), m_catalog(items),
      m_metrics(m), m_supplier(m_cfg, m) {}

rt::task<void> inventory_service::serve(rt::socket &listener, rt::cancel_token stop) {
  for (;;) {
    rt::socket conn;
    try {
      conn = co_await rt::async_accept(listener, stop);
    } catch (const std::system_error &e) {
      if (e.code() == std::errc::operation_canceled)
        co_return;
      m_metrics.log(std::string("accept failed: ") + e.what());
      continue;
    }
    conn.set_no_delay(true);
    rt::event_loop::current()->spawn(serve_connection(std::move(conn)));
  }
}

rt::task<void> inventory_service::serve_connection(rt::socket conn) {
  std::string buffer, line;
  try {
    while (co_await read_line(conn, buffer, line)) {
      if (line == "QUIT")
        break;
      std::string reply;
      try {
        reply = co_await handle(line);
      } catch (const std::exception &e) {
        m_metrics.errors.fetch_add(1, std::memory_order_relaxed);
        reply = std::string("ERR internal: ") + e.what();
      }
      m_metrics.log(line + " -> " + reply); // queued, never blocks
      reply += '\n';
      co_await rt::async_write(conn, reply.data(), reply.size());
    }
  } catch (const std::exception &e) {
    m_metrics.log(std::string("connection dropped: ") + e.what());
  }
}

rt::task<std::string> inventory_service::handle(std::string request) {
  m_metrics.requests.fetch_add(1, std::memory_order_relaxed);
  std::istringstream in(request); // parsing a string: no I/O
  std::string verb, sku;
  int qty = 0;
  in >> verb >> sku >> qty;
  if (verb == "HEALTH")
    co_return "OK healthy";
  if (verb == "PRICE")
    co_return co_await price(std::move(sku));
  if (verb == "STOCK") {
    const item *it = m_catalog.find(sku);
    co_return it ? "OK " + std::to_string(it->stock) : std::string("ERR unknown sku");
  }
  if (verb == "RESERVE")
    co_return reserve(sku, qty);
  if (verb == "STATS")
    co_return "OK " + m_metrics.summary();
  if (verb == "RELOAD")
    co_return co_await reload();
  if (verb == "ROTATE")
    co_return co_await rotate_audit_log();
  if (verb == "ARCHIVE")
    co_return co_await archive_audit_log();
  co_return "ERR unknown command";
}

rt::task<std::string> inventory_service::price(std::string sku) {
  const item *it = m_catalog.find(sku);
  if (!it)
    co_return "ERR unknown sku";
  if (it->override_cents)
    co_return "OK " + std::to_string(*it->override_cents);
  const auto now = price_cache::clock::now();
  if (std::optional<long> hit = m_cache.get(sku, now)) {
    m_metrics.cache_hits.fetch_add(1, std::memory_order_relaxed);
    co_return "OK " + std::to_string(*hit);
  }
  m_metrics.cache_misses.fetch_add(1, std::memory_order_relaxed);
  long cents = it->price_cents; // fallback when the supplier is down
  try {
    cents = co_await m_supplier.fetch_price(sku);
    m_catalog.set_price(sku, cents);
  } catch (const std::exception &e) {
    m_metrics.errors.fetch_add(1, std::memory_order_relaxed);
    m_metrics.log("supplier unavailable, serving catalog price for " + sku + ": " + e.what());
  }
  m_cache.put(sku, cents, now + m_cfg.cache_ttl);
  co_return "OK " + std::to_string(cents);
}

// A plain function called from a coroutine: no blocking inside, no finding.
std::string inventory_service::reserve(const std::string &sku, int qty) {
  if (!m_catalog.find(sku))
    return "ERR unknown sku";
  if (!m_catalog.reserve(sku, qty))
    return "ERR insufficient stock";
  return "OK reserved " + std::to_string(qty) + ", " +
         std::to_string(m_catalog.find(sku)->stock) + " left";
}

rt::task<void> inventory_service::warm_up() {
  // The checksum runs on another thread, on a copy of the catalog...
  std::future<std::uint64_t> checksum =
      std::async(std::launch::async, [items = m_catalog.snapshot()] { return catalog_checksum(items); });
  // MISTAKE: ...and then the loop thread waits for that thread anyway.
  std::uint64_t sum = checksum.get(); // asyncguard: blocking-wait
  m_metrics.log("catalog: " + std::to_string(m_catalog.size()) + " items, checksum " +
                std::to_string(sum));
  co_await refresh_prices();
}

rt::task<void> inventory_service::refresh_prices(rt::cancel_token stop) {
  for (const std::string &sku : m_catalog.skus()) {
    try {
      m_catalog.set_price(sku, co_await m_supplier.fetch_price(sku, stop));
    } catch (const std::exception &e) { // once `stop` is cancelled, the rest fail at once
      m_metrics.log("refresh of " + sku + " failed: " + e.what());
    }
  }
  m_cache.clear();
  m_metrics.refreshes.fetch_add(1, std::memory_order_relaxed);
}

rt::task<void> inventory_service::refresher(rt::cancel_token stop) {
  for (;;) {
    try {
      co_await sleep(m_cfg.refresh_interval, stop); // inventory::sleep: a timer, not ::sleep
    } catch (const std::system_error &) {
      co_return; // cancelled: shutting down
    }
    try {
      // MISTAKE (transitive): read_price_overrides (catalog.cpp) calls
      // read_text_file (config.cpp), which opens the file on the loop thread.
      std::map<std::string, long> overrides = read_price_overrides(m_cfg.overrides_file); // asyncguard: blocking-io
      m_catalog.apply_overrides(overrides);
      co_await refresh_prices(stop); // shutdown cancels an in-flight supplier call
    } catch (const std::exception &e) {
      m_metrics.errors.fetch_add(1, std::memory_order_relaxed);
      m_metrics.log(std::string("refresh failed: ") + e.what());
    }
  }
}

rt::task<std::string> inventory_service::reload() {
  // MISTAKE: block_on runs a second loop on this thread (the runtime refuses:
  // it throws nested_block_on, and the client gets "ERR internal").
  config fresh = rt::block_on(load_config_async(m_config_path)); // asyncguard: nested-event-loop
  // The right way to call the same blocking helper as the refresher:
  std::map<std::string, long> overrides =
      co_await rt::offload([&] { return read_price_overrides(fresh.overrides_file); });
  m_cfg.refresh_interval = fresh.refresh_interval;
  m_cfg.cache_ttl = fresh.cache_ttl;
  m_cfg.overrides_file = fresh.overrides_file;
  std::size_t applied = m_catalog.apply_overrides(overrides);
  m_cache.clear();
  co_return "OK reloaded, " + std::to_string(applied) + " price overrides";
}

rt::task<std::string> inventory_service::rotate_audit_log() {
  std::string command = "gzip -f '" + m_cfg.audit_log + "'";
  // MISTAKE: the loop thread waits for a shell and gzip.
  int status = std::system(command.c_str()); // asyncguard: blocking-process
  co_return status == 0 ? std::string("OK rotated") : "ERR gzip exited with " + std::to_string(status);
}

rt::task<std::string> inventory_service::archive_audit_log() {
  std::string command = "cp '" + m_cfg.audit_log + "' '" + m_cfg.audit_log + ".bak'";
  // The right way: the same std::system call, on the blocking pool.
  int status = co_await rt::offload([&] { return std::system(command.c_str()); });
  co_return status == 0 ? std::string("OK archived") : "ERR cp exited with " + std::to_string(status);
}

} // namespace inventory
