#pragma once
// Client of the upstream supplier's price API (one text line per request:
// "AUTH <token> PRICE <sku>" -> "<cents>" or "ERR <reason>"), and a local stub
// of that API for development and the self-test.

#include "inventory/config.hpp"
#include "inventory/metrics.hpp"

#include <asyncguard/rt.hpp>

#include <string>

namespace inventory {

class supplier_client {
public:
  supplier_client(const config &cfg, metrics &m) : m_cfg(cfg), m_metrics(m) {}
  /// The supplier's current price, retried with backoff on network errors; `stop` aborts it.
  rt::task<long> fetch_price(std::string sku, rt::cancel_token stop = {});

private:
  rt::task<long> fetch_once(const std::string &sku, rt::cancel_token stop);
  rt::task<std::string> auth_token();

  const config &m_cfg;
  metrics &m_metrics;
};

/// Serves the supplier protocol on `listener` until `stop` is cancelled.
rt::task<void> run_stub_supplier(rt::socket &listener, std::string expected_token,
                                 rt::cancel_token stop);

} // namespace inventory
