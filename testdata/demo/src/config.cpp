#include "inventory/config.hpp"

#include <asyncguard/rt/offload.hpp>

#include <fstream>
#include <sstream>
#include <stdexcept>

namespace inventory {

namespace {

std::string trim(std::string_view s) {
  const char *ws = " \t\r\n";
  std::size_t b = s.find_first_not_of(ws);
  if (b == std::string_view::npos)
    return {};
  return std::string(s.substr(b, s.find_last_not_of(ws) - b + 1));
}

} // namespace

config parse_config(std::string_view text) {
  config cfg;
  std::istringstream in{std::string(text)}; // a string stream: no I/O
  std::string line;
  for (int lineno = 1; std::getline(in, line); ++lineno) {
    if (std::size_t hash = line.find('#'); hash != std::string::npos)
      line.erase(hash);
    if (trim(line).empty())
      continue;
    std::size_t eq = line.find('=');
    if (eq == std::string::npos)
      throw std::invalid_argument("config line " + std::to_string(lineno) +
                                  ": expected 'key = value'");
    std::string key = trim(std::string_view(line).substr(0, eq));
    std::string value = trim(std::string_view(line).substr(eq + 1));
    if (key == "listen_address")
      cfg.listen_address = value;
    else if (key == "listen_port")
      cfg.listen_port = static_cast<std::uint16_t>(std::stoul(value));
    else if (key == "supplier_host")
      cfg.supplier_host = value;
    else if (key == "supplier_port")
      cfg.supplier_port = static_cast<std::uint16_t>(std::stoul(value));
    else if (key == "supplier_token_file")
      cfg.supplier_token_file = value;
    else if (key == "overrides_file")
      cfg.overrides_file = value;
    else if (key == "audit_log")
      cfg.audit_log = value;
    else if (key == "refresh_interval_ms")
      cfg.refresh_interval = std::chrono::milliseconds(std::stol(value));
    else if (key == "cache_ttl_ms")
      cfg.cache_ttl = std::chrono::milliseconds(std::stol(value));
    else if (key == "supplier_retries")
      cfg.supplier_retries = std::stoi(value);
    else
      throw std::invalid_argument("config line " + std::to_string(lineno) +
                                  ": unknown key '" + key + "'");
  }
  return cfg;
}

// Step 2 of the chain behind the refresher's finding: a plain function that
// opens a file. Harmless by itself (main uses it before the loop starts).
std::string read_text_file(const std::string &path) {
  std::ifstream in(path, std::ios::binary);
  if (!in)
    throw std::runtime_error("cannot open '" + path + "'");
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

// Only called from main(), before the event loop runs: blocking is fine there.
config load_config_file(const std::string &path) {
  return parse_config(read_text_file(path));
}

rt::task<config> load_config_async(std::string path) {
  // The right way: the same file read, on the blocking pool.
  std::string text = co_await rt::offload([&] {
    std::ifstream in(path, std::ios::binary);
    if (!in)
      throw std::runtime_error("cannot open '" + path + "'");
    std::ostringstream out;
    out << in.rdbuf();
    return out.str();
  });
  co_return parse_config(text); // parsing a string on the loop: fine
}

} // namespace inventory
