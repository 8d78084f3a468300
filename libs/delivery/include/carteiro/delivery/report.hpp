#pragma once
// Sending a delivery status notification (dsn.hpp) to the original sender: from the queue
// when it gives up on recipients or reports a delay, and from the SMTP server when
// recipients accepted at RCPT stopped resolving before the end of DATA (after the 250,
// the server owes the sender a report: RFC 5321 section 6.1).
#include <asio/awaitable.hpp>

#include "carteiro/delivery/deliver.hpp"
#include "carteiro/delivery/dsn.hpp"

namespace carteiro::delivery {

// Delivers the DSN made from INPUT to INPUT.sender with the null sender (RFC 5321 section
// 4.5.5: a report is never reported on in turn), into the sender's mailbox or through the
// queue. local + remote == 0 when the sender does not resolve. Throws on store failure.
asio::awaitable<Delivered> deliver_report(Deliverer& deliverer, const DsnInput& input);

}  // namespace carteiro::delivery
