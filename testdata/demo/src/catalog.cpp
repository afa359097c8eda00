#include "inventory/catalog.hpp"
#include "inventory/config.hpp"

#include <sstream>
#include <stdexcept>

namespace inventory {

void catalog::add(item it) {
  std::string key = it.sku;
  m_items.insert_or_assign(std::move(key), std::move(it));
}

const item *catalog::find(std::string_view sku) const {
  auto it = m_items.find(sku);
  return it == m_items.end() ? nullptr : &it->second;
}

bool catalog::reserve(std::string_view sku, int qty) {
  auto it = m_items.find(sku);
  if (it == m_items.end() || qty <= 0 || it->second.stock < qty)
    return false;
  it->second.stock -= qty;
  return true;
}

void catalog::set_price(std::string_view sku, long cents) {
  if (auto it = m_items.find(sku); it != m_items.end())
    it->second.price_cents = cents;
}

std::size_t catalog::apply_overrides(const std::map<std::string, long> &overrides) {
  std::size_t applied = 0;
  for (auto &[sku, it] : m_items) {
    auto o = overrides.find(sku);
    it.override_cents = o == overrides.end() ? std::nullopt : std::optional<long>(o->second);
    applied += it.override_cents.has_value();
  }
  return applied;
}

std::vector<std::string> catalog::skus() const {
  std::vector<std::string> out;
  for (const auto &entry : m_items)
    out.push_back(entry.first);
  return out;
}

std::vector<item> catalog::snapshot() const {
  std::vector<item> out;
  for (const auto &entry : m_items)
    out.push_back(entry.second);
  return out;
}

catalog demo_catalog() {
  catalog c;
  c.add({"sku-1", "espresso beans 1kg", 1199, std::nullopt, 25});
  c.add({"sku-2", "paper filters x100", 399, std::nullopt, 40});
  c.add({"sku-3", "burr grinder", 9900, std::nullopt, 5});
  return c;
}

std::map<std::string, long> parse_price_overrides(std::string_view text) {
  std::map<std::string, long> out;
  std::istringstream in{std::string(text)};
  std::string line;
  while (std::getline(in, line)) {
    if (std::size_t hash = line.find('#'); hash != std::string::npos)
      line.erase(hash);
    std::istringstream fields(line);
    std::string sku, eq;
    long cents = 0;
    if (!(fields >> sku))
      continue; // blank line
    if (!(fields >> eq >> cents) || eq != "=")
      throw std::invalid_argument("bad price override line: '" + line + "'");
    out[sku] = cents;
  }
  return out;
}

// Step 1 of the chain behind the refresher's finding: looks like a harmless
// parse helper, but read_text_file (config.cpp) opens the file.
std::map<std::string, long> read_price_overrides(const std::string &path) {
  return parse_price_overrides(read_text_file(path));
}

std::uint64_t catalog_checksum(const std::vector<item> &items) {
  std::uint64_t h = 1469598103934665603ull;
  auto mix = [&h](std::string_view bytes) {
    for (unsigned char c : bytes)
      h = (h ^ c) * 1099511628211ull;
  };
  for (const item &it : items) {
    mix(it.sku);
    mix(it.name);
    mix(std::to_string(it.stock));
  }
  return h;
}

std::optional<long> price_cache::get(const std::string &sku, clock::time_point now) const {
  auto it = m_entries.find(sku);
  if (it == m_entries.end() || it->second.expires <= now)
    return std::nullopt;
  return it->second.cents;
}

void price_cache::put(const std::string &sku, long cents, clock::time_point expires) {
  m_entries[sku] = entry{cents, expires};
}

} // namespace inventory
