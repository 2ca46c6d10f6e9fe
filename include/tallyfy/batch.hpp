// SPDX-License-Identifier: BSL-1.0
// Batches: many calls of one kind with bounded concurrency, every item reported exactly once.
//
//     tallyfy::batch_listener on_item = [](const tallyfy::batch_item_result& r) {
//         if (r.error) log(r.index, tallyfy::api_error::describe(r.details));
//     };
//     auto batch = api.complete_tasks(std::move(requests), {.concurrency = 16}, on_item);
//     tallyfy::batch_summary summary = co_await std::move(batch);
//
// A batch waits for the API's rate limit however long its window needs (within the batch's own
// deadline, if any) instead of failing items with rate_limited: the client's pacer spends what
// is left of each window at full speed and queues the rest for the next windows (see
// pacing_options), so a batch far over the limit finishes with about one 429 per window.
#pragma once

#include <tallyfy/api_error.hpp>
#include <tallyfy/models.hpp>

#include <boost/system/error_code.hpp>

#include <atomic>
#include <chrono>
#include <cstddef>
#include <functional>
#include <memory>

namespace tallyfy {

/// How client::complete_tasks runs a batch.
struct batch_options {
    /// Calls in flight at once (at least 1). Give the pool as many connections
    /// (transport_options::pool.max_connections) to keep them all busy.
    std::size_t concurrency = 16;
    /// Deadline of the whole batch (0: none). Each item's retries, backoff and rate-limit waits
    /// end by it; items not started by then are reported with deadline_exceeded, not sent.
    std::chrono::milliseconds deadline{0};
    /// After an unauthorized (401) answer nothing more is sent: every other item would fail the
    /// same way. The rest are reported with unauthorized, `attempted` false.
    bool stop_after_unauthorized = true;
    /// Called with an item's index right before its first request is sent (not for items
    /// reported without being sent), one call at a time like the listener: where a journal
    /// records what may reach the server. False: the item is not sent, and neither is any
    /// after it (all reported not attempted, cancelled): a journal that cannot be written stops
    /// the batch rather than send what it could not record. Must not throw.
    std::function<bool(std::size_t)> on_start;
    /// Once it reads true, no more items start: those left are reported as not attempted with
    /// cancelled, while the calls in flight finish (unlike cancelling the batch, which cancels
    /// them). Set it from anywhere (a signal handler's thread, another executor).
    std::shared_ptr<const std::atomic<bool>> stop_requested;
};

/// What became of one item; reported exactly once per item.
struct batch_item_result {
    std::size_t index = 0;           ///< position in the input
    boost::system::error_code error; ///< empty: the call succeeded
    error_details details;           ///< on failure: every detail (token redacted)
    task result;                     ///< on success: the completed task
    /// False: no request was sent (stopped after a 401, cancelled or past the deadline before
    /// sending, or the rate-limit window ends past the deadline).
    bool attempted = true;
    std::chrono::milliseconds elapsed{0}; ///< from the item's start to its end (waits included)
};

/// Called once per item as it finishes, one call at a time, on the client's executor (a strand of
/// it when several threads run it). Must not throw (an exception stops the batch and is
/// rethrown by it once the calls in flight end).
using batch_listener = std::function<void(const batch_item_result&)>;

/// What a batch did, once every item was reported (client::complete_tasks completes with it).
struct batch_summary {
    std::size_t succeeded = 0;            ///< items whose call succeeded
    std::size_t failed = 0;               ///< attempted and failed
    std::size_t not_attempted = 0;        ///< reported without being sent
    std::chrono::milliseconds elapsed{0}; ///< from the batch's start to its last report
};

} // namespace tallyfy
