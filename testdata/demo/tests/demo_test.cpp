// Self-test of the demo service: runs the service and the stub supplier on one
// loop (loopback, ephemeral ports), sends requests from a client task, checks
// the answers, shuts everything down gracefully and checks the audit log.
// Deterministic and done in well under a second; no input needed.
#include "inventory/catalog.hpp"
#include "inventory/config.hpp"
#include "inventory/metrics.hpp"
#include "inventory/net.hpp"
#include "inventory/service.hpp"
#include "inventory/supplier.hpp"

#include <asyncguard/rt.hpp>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>
#include <unistd.h>
#include <vector>

namespace rt = asyncguard::rt;
namespace fs = std::filesystem;
using namespace std::chrono_literals;

namespace {

struct results {
  int checks = 0;
  std::vector<std::string> failures;
  void expect(const std::string &what, const std::string &got, const std::string &want) {
    ++checks;
    if (got != want)
      failures.push_back(what + ": got '" + got + "', want '" + want + "'");
  }
};

rt::task<std::string> ask(rt::socket &conn, std::string &buffer, std::string request) {
  request += '\n';
  co_await rt::async_write(conn, request.data(), request.size());
  std::string reply;
  if (!co_await inventory::read_line(conn, buffer, reply))
    co_return "<connection closed>";
  co_return reply;
}

rt::task<void> client(std::uint16_t port, std::chrono::milliseconds refresh_interval,
                      results &r, rt::cancel_source stop) {
  try {
    rt::socket conn = rt::socket::tcp_v4();
    co_await rt::async_connect(conn, "127.0.0.1", port);
    std::string buf;
    r.expect("health", co_await ask(conn, buf, "HEALTH"), "OK healthy");
    r.expect("price from supplier", co_await ask(conn, buf, "PRICE sku-1"), "OK 1299");
    r.expect("price again (cache)", co_await ask(conn, buf, "PRICE sku-1"), "OK 1299");
    r.expect("price override", co_await ask(conn, buf, "PRICE sku-3"), "OK 8900");
    r.expect("unknown sku", co_await ask(conn, buf, "PRICE sku-404"), "ERR unknown sku");
    r.expect("stock", co_await ask(conn, buf, "STOCK sku-2"), "OK 40");
    r.expect("reserve", co_await ask(conn, buf, "RESERVE sku-2 3"), "OK reserved 3, 37 left");
    r.expect("reserve too many", co_await ask(conn, buf, "RESERVE sku-2 100"),
             "ERR insufficient stock");
    r.expect("unknown command", co_await ask(conn, buf, "FROBNICATE"), "ERR unknown command");
    // Let the refresher run a few times, then check it did.
    co_await rt::sleep_for(refresh_interval * 3);
    r.expect("price after refresh", co_await ask(conn, buf, "PRICE sku-2"), "OK 450");
    std::string stats = co_await ask(conn, buf, "STATS");
    r.expect("stats has refreshes", stats.find(" refreshes=0 ") == std::string::npos &&
                                            stats.find(" refreshes=") != std::string::npos
                                        ? "yes" : stats,
             "yes");
    std::string quit = "QUIT\n";
    co_await rt::async_write(conn, quit.data(), quit.size());
  } catch (const std::exception &e) {
    r.failures.push_back(std::string("client: ") + e.what());
  }
  stop.request_cancel(); // the accept loops and the refresher end; run() returns
}

// Stops the service as soon as the refresher has started a supplier call: the
// stub supplier stops accepting at that moment, so the call must be cancelled
// by `stop` rather than wait forever for a reply (which kept run() from
// returning when the client's shutdown raced with a refresh).
rt::task<void> stop_during_supplier_call(const inventory::metrics &m, rt::cancel_source stop) {
  while (m.supplier_calls.load(std::memory_order_relaxed) == 0)
    co_await rt::sleep_for(0ms);
  stop.request_cancel();
}

void write_file(const fs::path &p, const std::string &text) {
  std::ofstream(p) << text;
}

} // namespace

int main() {
  ::alarm(20); // a hang fails the test instead of blocking CTest
  fs::path dir = fs::temp_directory_path() / ("inventory-demo-test-" + std::to_string(::getpid()));
  fs::create_directories(dir);
  write_file(dir / "supplier.token", "demo-token-123\n");
  write_file(dir / "price-overrides.txt", "# promotions\nsku-3 = 8900\n");
  write_file(dir / "inventory.conf",
             "listen_port = 0\nsupplier_port = 0\n"
             "supplier_token_file = " + (dir / "supplier.token").string() + "\n" +
             "overrides_file = " + (dir / "price-overrides.txt").string() + "\n" +
             "audit_log = " + (dir / "audit.log").string() + "\n" +
             "refresh_interval_ms = 40\ncache_ttl_ms = 60000\nsupplier_retries = 2\n");

  results r;
  {
    inventory::config cfg = inventory::load_config_file((dir / "inventory.conf").string());
    inventory::catalog items = inventory::demo_catalog();
    items.apply_overrides(inventory::read_price_overrides(cfg.overrides_file));
    inventory::metrics stats(cfg.audit_log);

    rt::event_loop loop;
    rt::cancel_source stop;
    rt::socket supplier_listener = rt::socket::listen_tcp_v4("127.0.0.1", 0);
    cfg.supplier_port = supplier_listener.local_port();
    rt::socket listener = rt::socket::listen_tcp_v4("127.0.0.1", 0);
    inventory::inventory_service service(cfg, (dir / "inventory.conf").string(), items, stats);

    loop.spawn(inventory::run_stub_supplier(supplier_listener, "demo-token-123", stop.token()));
    loop.spawn(service.warm_up());
    loop.spawn(service.serve(listener, stop.token()));
    loop.spawn(service.refresher(stop.token()));
    loop.spawn(client(listener.local_port(), cfg.refresh_interval, r, stop));
    loop.run();
    stats.flush();
  }
  {
    // Shutdown in the middle of a refresh (a hang, ended by alarm(), before).
    inventory::config cfg = inventory::load_config_file((dir / "inventory.conf").string());
    cfg.refresh_interval = 1ms;
    inventory::catalog items = inventory::demo_catalog();
    inventory::metrics stats((dir / "shutdown-audit.log").string());
    rt::event_loop loop;
    rt::cancel_source stop;
    rt::socket supplier_listener = rt::socket::listen_tcp_v4("127.0.0.1", 0);
    cfg.supplier_port = supplier_listener.local_port();
    inventory::inventory_service service(cfg, (dir / "inventory.conf").string(), items, stats);
    loop.spawn(inventory::run_stub_supplier(supplier_listener, "demo-token-123", stop.token()));
    loop.spawn(service.refresher(stop.token()));
    loop.spawn(stop_during_supplier_call(stats, stop));
    loop.run();
    stats.flush();
    r.expect("shutdown during a supplier call", "returned", "returned");
  }

  std::ifstream audit(dir / "audit.log");
  std::string line;
  bool logged = false;
  while (std::getline(audit, line))
    logged = logged || line == "PRICE sku-1 -> OK 1299";
  r.expect("audit log line", logged ? "found" : "missing", "found");
  fs::remove_all(dir);

  for (const std::string &f : r.failures)
    std::fprintf(stderr, "FAIL %s\n", f.c_str());
  std::printf("%d checks, %zu failures\n", r.checks, r.failures.size());
  return r.failures.empty() ? 0 : 1;
}
