#pragma once
// The item catalog and a small TTL price cache. Both live on the loop thread.

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace inventory {

struct item {
  std::string sku;
  std::string name;
  long price_cents = 0;               ///< last known supplier price
  std::optional<long> override_cents; ///< promotion from the overrides file
  int stock = 0;
};

class catalog {
public:
  void add(item it);
  const item *find(std::string_view sku) const;
  /// Takes `qty` units; false (and nothing taken) when stock is short.
  bool reserve(std::string_view sku, int qty);
  void set_price(std::string_view sku, long cents);
  /// Replaces every item's override; returns how many items got one.
  std::size_t apply_overrides(const std::map<std::string, long> &overrides);
  std::vector<std::string> skus() const;
  std::vector<item> snapshot() const;
  std::size_t size() const { return m_items.size(); }

private:
  std::map<std::string, item, std::less<>> m_items;
};

/// The three demo items.
catalog demo_catalog();

/// Parses `sku = cents` lines ('#' comments). Throws std::invalid_argument.
std::map<std::string, long> parse_price_overrides(std::string_view text);

/// Reads and parses the overrides file. Synchronous (reads the disk).
std::map<std::string, long> read_price_overrides(const std::string &path);

/// FNV-1a over the catalog (a stand-in for a costly consistency check).
std::uint64_t catalog_checksum(const std::vector<item> &items);

class price_cache {
public:
  using clock = std::chrono::steady_clock;
  std::optional<long> get(const std::string &sku, clock::time_point now) const;
  void put(const std::string &sku, long cents, clock::time_point expires);
  void clear() { m_entries.clear(); }

private:
  struct entry {
    long cents;
    clock::time_point expires;
  };
  std::map<std::string, entry> m_entries;
};

} // namespace inventory
