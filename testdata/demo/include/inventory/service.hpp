#pragma once
// The inventory/price service: a line protocol over TCP.
//
//   HEALTH | PRICE <sku> | STOCK <sku> | RESERVE <sku> <qty> | STATS
//   RELOAD | ROTATE | ARCHIVE | QUIT          (one reply line per request)

#include "inventory/catalog.hpp"
#include "inventory/config.hpp"
#include "inventory/metrics.hpp"
#include "inventory/supplier.hpp"

#include <asyncguard/rt.hpp>

#include <string>

namespace inventory {

class inventory_service {
public:
  inventory_service(config cfg, std::string config_path, catalog &items, metrics &m);

  /// Accepts connections until `stop` is cancelled.
  rt::task<void> serve(rt::socket &listener, rt::cancel_token stop);
  /// Every refresh_interval: re-reads price overrides, refreshes supplier prices.
  rt::task<void> refresher(rt::cancel_token stop);
  /// Startup checks and cache prefetch.
  rt::task<void> warm_up();
  /// Answers one request line.
  rt::task<std::string> handle(std::string request);

private:
  rt::task<void> serve_connection(rt::socket conn);
  rt::task<void> refresh_prices(rt::cancel_token stop = {});
  rt::task<std::string> price(std::string sku);
  std::string reserve(const std::string &sku, int qty);
  rt::task<std::string> reload();
  rt::task<std::string> rotate_audit_log();
  rt::task<std::string> archive_audit_log();

  config m_cfg;
  std::string m_config_path;
  catalog &m_catalog;
  metrics &m_metrics;
  price_cache m_cache;
  supplier_client m_supplier;
};

} // namespace inventory
