// SPDX-License-Identifier: BSL-1.0
// A batch of one operation: N workers on the client's executor take the next item until none is
// left, each item's result is reported once, and the caller's cancellation reaches the calls in
// flight. Instantiated per request type beside its operation (ops/task_operations.cpp).
#pragma once

#include "core/outcome.hpp"
#include "core/perform.hpp"
#include "core/redaction.hpp"
#include "core/transport/executor_threading.hpp"

#include <tallyfy/batch.hpp>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/bind_cancellation_slot.hpp>
#include <boost/asio/cancellation_signal.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <algorithm>
#include <exception>
#include <memory>
#include <type_traits>
#include <vector>

namespace tallyfy::detail {

template <class Request>
struct batch_run {
    using clock = std::chrono::steady_clock;

    explicit batch_run(const boost::asio::any_io_executor& ex)
        : latch(ex, clock::time_point::max()) {}

    std::vector<Request> items;
    batch_options options;
    batch_listener listener;
    std::optional<clock::time_point> deadline;
    std::size_t next = 0;    ///< next item to take
    std::size_t running = 0; ///< workers not finished
    bool stop = false;       ///< take no more items: report the rest as not attempted
    error stop_code = error::cancelled;
    std::exception_ptr listener_failed;
    batch_summary summary;
    std::unique_ptr<boost::asio::cancellation_signal[]> signals; ///< one per worker
    boost::asio::steady_timer latch; ///< cancelled by the last worker to finish
};

// A batch waits for the rate limit as long as its deadline allows, not the per-call cap.
inline retry_policy batch_policy(retry_policy policy,
                                 std::optional<std::chrono::steady_clock::time_point> deadline,
                                 std::chrono::steady_clock::time_point now) {
    policy.max_retry_after = std::chrono::seconds(365LL * 24 * 3600);
    policy.total_deadline =
        deadline ? std::max(std::chrono::milliseconds(1),
                            std::chrono::ceil<std::chrono::milliseconds>(*deadline - now))
                 : std::chrono::milliseconds(0);
    return policy;
}

template <class Request>
boost::asio::awaitable<void> batch_worker(std::shared_ptr<client_core> core,
                                          std::shared_ptr<batch_run<Request>> run) {
    static_assert(std::is_same_v<response_of<Request>, task>, "batch_item_result holds a task");
    // A cancelled worker reports its call as cancelled and the rest as not attempted; Asio must
    // not throw at its next co_await instead.
    co_await boost::asio::this_coro::throw_if_cancelled(false);
    while (run->next < run->items.size()) {
        const std::size_t index = run->next++;
        Request& request = run->items[index];
        batch_item_result r;
        r.index = index;
        const auto now = std::chrono::steady_clock::now();
        if (!run->stop && ((run->options.stop_requested && run->options.stop_requested->load()) ||
                           (run->options.on_start && !run->options.on_start(index)))) {
            run->stop = true; // asked to stop: the calls in flight finish, no more start
            run->stop_code = error::cancelled;
        }
        if (run->stop || (run->deadline && now >= *run->deadline)) {
            r.attempted = false;
            r.error = run->stop ? run->stop_code : error::deadline_exceeded;
            r.details.code = r.error;
            ++run->summary.not_attempted;
        } else {
            request.options.retry = batch_policy(
                request.options.retry.value_or(core->options.retry), run->deadline, now);
            outcome<response_of<Request>> result = error_details{};
            try { // only allocation failures escape perform(): reported as the item's failure
                auto call = perform<Request>(*core, request);
                result = co_await std::move(call);
            } catch (...) {
                result = details_of(std::current_exception());
            }
            r.elapsed = std::chrono::duration_cast<std::chrono::milliseconds>(
                std::chrono::steady_clock::now() - now);
            if (result) {
                r.result = std::move(*result);
                ++run->summary.succeeded;
            } else {
                r.details = std::move(result).error();
                redact_secrets(r.details, *core);
                r.error = r.details.code;
                // Refused before any request was sent (deadline, a window ending beyond it,
                // cancelled while waiting): not attempted.
                r.attempted = !r.details.attempts.empty();
                ++(r.attempted ? run->summary.failed : run->summary.not_attempted);
                if (r.error == error::unauthorized && run->options.stop_after_unauthorized &&
                    !run->stop) {
                    run->stop = true;
                    run->stop_code = error::unauthorized;
                }
            }
        }
        if (run->listener && !run->listener_failed) {
            try {
                run->listener(r);
            } catch (...) {
                run->listener_failed = std::current_exception();
                run->stop = true;
            }
        }
    }
}

/// Runs the batch; must be awaited on `executor`: the client's, or a strand of it when several
/// threads run it (the workers, the latch and the batch's state all live on it).
template <class Request>
boost::asio::awaitable<batch_summary>
run_batch(std::shared_ptr<client_core> core, boost::asio::any_io_executor executor,
          std::vector<Request> items, batch_options options, batch_listener listener) {
    namespace asio = boost::asio;
    co_await asio::this_coro::throw_if_cancelled(false);
    const auto start = std::chrono::steady_clock::now();
    auto run = std::make_shared<batch_run<Request>>(executor);
    run->items = std::move(items);
    run->options = options;
    run->listener = std::move(listener);
    if (options.deadline.count() > 0)
        run->deadline = start + options.deadline;
    const std::size_t workers =
        std::min(std::max<std::size_t>(1, options.concurrency), run->items.size());
    run->signals = std::make_unique<asio::cancellation_signal[]>(workers);
    run->running = workers;
    for (std::size_t i = 0; i < workers; ++i)
        asio::co_spawn(
            executor, batch_worker<Request>(core, run),
            asio::bind_cancellation_slot(run->signals[i].slot(), [run](std::exception_ptr e) {
                if (e && !run->listener_failed)
                    run->listener_failed = e;
                if (--run->running == 0)
                    run->latch.cancel();
            }));
    bool cancelled = false;
    while (run->running > 0) {
        (void)co_await run->latch.async_wait(asio::as_tuple(asio::use_awaitable));
        if (run->running > 0 && !cancelled) {
            // Woken by the caller's cancellation, not by the last worker: stop taking items,
            // cancel the calls in flight, and wait for the workers to report them.
            cancelled = true;
            if (!run->stop) {
                run->stop = true;
                run->stop_code = error::cancelled;
            }
            for (std::size_t i = 0; i < workers; ++i)
                run->signals[i].emit(asio::cancellation_type::terminal);
            co_await asio::this_coro::reset_cancellation_state();
        }
    }
    if (run->listener_failed)
        std::rethrow_exception(run->listener_failed);
    run->summary.elapsed = std::chrono::duration_cast<std::chrono::milliseconds>(
        std::chrono::steady_clock::now() - start);
    co_return run->summary;
}

/// Where a batch runs: the client's executor, or a strand of it when several threads run it.
inline boost::asio::any_io_executor batch_executor(const client_core& core) {
    if (needs_connection_strand(core.executor, core.options.transport.threading))
        return boost::asio::make_strand(core.executor);
    return core.executor;
}

} // namespace tallyfy::detail
