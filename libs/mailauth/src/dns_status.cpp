#include "carteiro/mailauth/dns.hpp"

// The interface has no code of its own yet; this unit keeps the library a real target.
namespace carteiro::mailauth {}
