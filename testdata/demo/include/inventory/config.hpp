#pragma once
// Service settings, read from a small `key = value` file.

#include <asyncguard/rt/task.hpp>

#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>

namespace inventory {

namespace rt = asyncguard::rt;

struct config {
  std::string listen_address = "127.0.0.1";
  std::uint16_t listen_port = 7070;
  std::string supplier_host = "127.0.0.1";
  std::uint16_t supplier_port = 7071;
  std::string supplier_token_file = "supplier.token";
  std::string overrides_file = "price-overrides.txt";
  std::string audit_log = "inventory-audit.log";
  std::chrono::milliseconds refresh_interval{1000};
  std::chrono::milliseconds cache_ttl{5000};
  int supplier_retries = 3;
};

/// Parses `key = value` lines ('#' starts a comment). Throws
/// std::invalid_argument on an unknown key or a malformed line.
config parse_config(std::string_view text);

/// Reads a whole file. Synchronous: blocks the calling thread on the disk.
/// Throws std::runtime_error when the file cannot be opened.
std::string read_text_file(const std::string &path);

/// Synchronous loader for startup code (main), before the loop runs.
config load_config_file(const std::string &path);

/// Loader for coroutines: the file is read on the blocking pool.
rt::task<config> load_config_async(std::string path);

} // namespace inventory
