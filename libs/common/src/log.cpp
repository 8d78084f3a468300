#include "carteiro/common/log.hpp"

#include <atomic>
#include <cstdio>
#include <mutex>

#include "carteiro/common/time.hpp"

namespace carteiro::log {

namespace {
std::atomic<Level> g_level{Level::info};
std::mutex g_mutex;
const char* name(Level l) {
  switch (l) {
    case Level::debug: return "debug";
    case Level::info: return "info";
    case Level::warn: return "warn";
    case Level::error: return "error";
  }
  return "?";
}
}  // namespace

void set_level(Level level) { g_level = level; }

void set_level(std::string_view n) {
  if (n == "debug") set_level(Level::debug);
  else if (n == "warn") set_level(Level::warn);
  else if (n == "error") set_level(Level::error);
  else set_level(Level::info);
}

bool enabled(Level level) { return level >= g_level.load(std::memory_order_relaxed); }

void write(Level level, std::string_view message) {
  std::string line = fmt::format("{} {} {}\n", iso8601_now(), name(level), message);
  std::lock_guard lock(g_mutex);
  std::fwrite(line.data(), 1, line.size(), stdout);
  std::fflush(stdout);
}

}  // namespace carteiro::log
