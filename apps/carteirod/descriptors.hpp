#pragma once
// RLIMIT_NOFILE at start: every connection is a file descriptor, so the configured
// connection limits must fit in what the system allows the process.
#include "carteiro/common/config.hpp"

namespace carteiro {

// Raises the soft limit to the hard one (logging both), then lowers max_connections of the
// listener kinds, in proportion, when together they would not leave
// limits.reserved_descriptors (plus the outbound queue's connections) free for the store,
// the queue and temporary files. Logs a warning naming the new limits.
void fit_descriptor_limits(Config& config);

}  // namespace carteiro
