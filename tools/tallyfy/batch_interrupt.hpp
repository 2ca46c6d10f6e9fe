// SPDX-License-Identifier: BSL-1.0
// Ctrl-C in a batch, the same for every batch command: the first SIGINT or SIGTERM asks the batch
// to stop starting items (those in flight finish and the summary is printed, exit 130); a second
// one ends the process at once. A closed stdout (EPIPE) stops it as the first Ctrl-C does.
#pragma once

#include <boost/asio/signal_set.hpp>

#include <atomic>
#include <memory>
#include <string_view>

namespace tallyfy_cli {

/// Waits on `signals` (SIGINT and SIGTERM, set up by the caller, which keeps it alive for the
/// batch): the first sets `stop` and says on stderr that the `items` in flight are finishing
/// ("tasks", "launches"); the second exits with exit_interrupted without unwinding.
void watch_batch_interrupts(boost::asio::signal_set& signals,
                            std::shared_ptr<std::atomic<bool>> stop, std::string_view items);

} // namespace tallyfy_cli
