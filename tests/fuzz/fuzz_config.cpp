// carteiro::parse_config (config.hpp): any text either gives a validated Config or throws
// ConfigError naming the file; nothing else may escape (toml++'s own errors included).
#include <cstdint>
#include <string>

#include "carteiro/common/config.hpp"
#include "fuzz_support.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string source = "fuzz.toml";
  try {
    carteiro::Config c = carteiro::parse_config(carteiro::fuzz::as_text(data, size), source);
    // What validation promises to the rest of the daemon.
    FUZZ_CHECK(!c.hostname.empty());
    FUZZ_CHECK(!c.data_dir.empty());
    FUZZ_CHECK(c.log_level == "debug" || c.log_level == "info" || c.log_level == "warn" || c.log_level == "error");
    FUZZ_CHECK(c.threads <= 256);
    FUZZ_CHECK(c.tls.cert.empty() == c.tls.key.empty());
    FUZZ_CHECK(c.smtp.max_message_size > 0 && c.submission.max_message_size > 0);
    FUZZ_CHECK(c.relay.port >= 1);
    FUZZ_CHECK(c.smtp.sender_checks_timeout_s >= 1);  // zero: every check would give up at once
  } catch (const carteiro::ConfigError& e) {
    std::string_view message = e.what();
    FUZZ_CHECK(message.substr(0, source.size()) == source);
  }
  return 0;
}
