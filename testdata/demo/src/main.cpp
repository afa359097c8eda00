// inventory_service [CONFIG] [--stub-supplier]
//
// Serves the inventory/price line protocol (see service.hpp) until SIGINT or
// SIGTERM. --stub-supplier also serves a local stub of the supplier API on
// supplier_port, for trying the service without one.
#include "inventory/catalog.hpp"
#include "inventory/config.hpp"
#include "inventory/metrics.hpp"
#include "inventory/net.hpp"
#include "inventory/service.hpp"
#include "inventory/supplier.hpp"

#include <asyncguard/rt.hpp>

#include <chrono>
#include <csignal>
#include <cstdio>
#include <exception>
#include <string>

namespace rt = asyncguard::rt;
using namespace std::chrono_literals;

namespace {

volatile std::sig_atomic_t g_signal = 0;
extern "C" void on_signal(int sig) { g_signal = sig; }

rt::task<void> watch_signals(rt::cancel_source stop) {
  while (g_signal == 0)
    co_await inventory::sleep(100ms);
  stop.request_cancel();
}

std::string trimmed(std::string s) {
  while (!s.empty() && (s.back() == '\n' || s.back() == '\r' || s.back() == ' '))
    s.pop_back();
  return s;
}

int run(const std::string &config_path, bool stub_supplier) {
  // Plain startup code: the loop does not run yet, so blocking here is fine
  // (and none of it is a finding).
  inventory::config cfg = inventory::load_config_file(config_path);
  std::string token = trimmed(inventory::read_text_file(cfg.supplier_token_file));
  inventory::catalog items = inventory::demo_catalog();
  items.apply_overrides(inventory::read_price_overrides(cfg.overrides_file));
  inventory::metrics stats(cfg.audit_log);

  rt::loop_options options;
  // The runtime twin of the analyzer: any resume longer than 20 ms is logged.
  options.stall = rt::stall_detector{20ms, [&stats](std::chrono::nanoseconds d) {
                                       stats.log("loop stalled for " +
                                                 std::to_string(d.count() / 1000000) + " ms");
                                     }};
  rt::event_loop loop(options);
  rt::cancel_source stop;
  rt::socket listener = rt::socket::listen_tcp_v4(cfg.listen_address, cfg.listen_port);
  rt::socket supplier_listener;
  if (stub_supplier) {
    supplier_listener = rt::socket::listen_tcp_v4(cfg.supplier_host, cfg.supplier_port);
    loop.spawn(inventory::run_stub_supplier(supplier_listener, token, stop.token()));
  }
  inventory::inventory_service service(cfg, config_path, items, stats);
  loop.spawn(service.warm_up());
  loop.spawn(service.serve(listener, stop.token()));
  loop.spawn(service.refresher(stop.token()));
  loop.spawn(watch_signals(stop));
  std::printf("inventory service on %s:%u\n", cfg.listen_address.c_str(),
              static_cast<unsigned>(listener.local_port()));
  std::fflush(stdout);
  loop.run();
  stats.flush();
  std::printf("%s\n", stats.summary().c_str());
  return 0;
}

} // namespace

int main(int argc, char **argv) {
  std::string config_path = "inventory.conf";
  bool stub_supplier = false;
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    if (arg == "--stub-supplier")
      stub_supplier = true;
    else
      config_path = arg;
  }
  std::signal(SIGINT, on_signal);
  std::signal(SIGTERM, on_signal);
  try {
    return run(config_path, stub_supplier);
  } catch (const std::exception &e) {
    std::fprintf(stderr, "inventory_service: %s\n", e.what());
    return 1;
  }
}
