#pragma once
// `domain check`: each record of `domain dns` looked up in the live DNS and judged.
#include <string>
#include <vector>

#include "carteiro/common/config.hpp"
#include "domain_records.hpp"

namespace carteiro::cli {

// Prints one line per record ("ok", "missing", "wrong", "dns-error" and why); true when
// every record is as it should be. Throws std::runtime_error on a bad `[dns] servers`.
bool check_records(const Config& config, const std::string& domain, const std::vector<PublishedRecord>& records);

}  // namespace carteiro::cli
