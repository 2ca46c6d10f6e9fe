// SPDX-License-Identifier: BSL-1.0
// The driver of write_reconciler for task writes (complete, reopen): sends, reads the task back
// with get_task when the outcome is unknown, resends only when the server provably did not apply
// the write. The caller's attempt history gathers every exchange, read-backs included.
#pragma once

#include "core/perform.hpp"
#include "core/reconcile/write_reconciler.hpp"

#include <optional>

namespace tallyfy::detail {

enum class task_state { completed, open };

template <task_state Wanted>
struct reconcile_task_write {
    template <class Request>
    static boost::asio::awaitable<outcome<task>> run(client_core& core, const Request& r,
                                                     http_request request);
};

/// Gathers the attempts of several exchanges into the caller's history, in order.
class history_merger {
public:
    explicit history_merger(const call_options& caller);
    /// The call options of each exchange: the caller's, with a history of their own when the
    /// caller asked for one (each exchange overwrites its history).
    const call_options& exchange_options() const noexcept { return own_ ? *own_ : caller_; }
    /// Moves the last exchange's attempts over, their reasons prefixed.
    void take(const char* prefix);
    ~history_merger();

private:
    const call_options& caller_;
    std::optional<call_options> own_;
    std::vector<attempt_record> all_;
};

template <task_state Wanted>
template <class Request>
boost::asio::awaitable<outcome<task>>
reconcile_task_write<Wanted>::run(client_core& core, const Request& r, http_request request) {
    using machine = write_reconciler;
    const retry_policy& policy = r.options.retry ? *r.options.retry : core.runner.default_policy;
    machine reconciler(policy.reconcile_completions, policy.max_attempts);
    history_merger history(r.options);
    const call_options& call = history.exchange_options();
    const http_method method = request.method;
    for (bool first = true;; first = false) {
        if (!first) { // a resend: built again (the first one was moved into its send)
            auto rebuilt = build_request<operation<Request>>(core, r);
            if (!rebuilt)
                co_return std::move(rebuilt).error();
            request = std::move(*rebuilt);
        }
        auto sending = execute(core.runner, std::move(request), call);
        auto sent = co_await std::move(sending);
        history.take("");
        // Built in place: the decoded task is not moved again, no empty error is made first.
        outcome<task> answer = sent ? decode_task(*sent) : outcome<task>(std::move(sent).error());
        machine::write_result written = machine::write_result::failed;
        if (sent) {
            written = answer ? machine::write_result::answered
                             : machine::write_result::applied_unreadable;
            if (!answer) { // the write happened; what the caller must hear is that it may have
                error_details d = std::move(answer).error();
                d.code = error::outcome_unknown;
                d.method = std::string(to_string(method));
                // The request was moved into its send: its target is built again, only here.
                if (auto again = build_request<operation<Request>>(core, r))
                    d.path = again->target.substr(0, again->target.find('?'));
                d.detail =
                    "the server accepted the write but its response could not be read: " + d.detail;
                answer = std::move(d);
            }
        } else {
            const auto& e = answer.error(); // the send's failure
            if (e.code == error::outcome_unknown)
                written = e.may_still_be_processing ? machine::write_result::unknown_in_progress
                                                    : machine::write_result::unknown_finished;
        }
        auto next = reconciler.after_write(written);
        if (next != machine::action::read_back)
            co_return answer; // delivered, or failed for a known reason
        get_task_request read{
            .task_id = r.task_id, .run_id = r.run_id, .with = {}, .options = call};
        auto reading = perform<get_task_request>(core, read);
        auto current = co_await std::move(reading);
        history.take("read back: ");
        auto seen = !current ? machine::read_result::failed
                    : current->is_completed() == (Wanted == task_state::completed)
                        ? machine::read_result::in_wanted_state
                        : machine::read_result::not_in_wanted_state;
        next = reconciler.after_read_back(seen);
        if (next == machine::action::deliver_read_back)
            co_return std::move(*current);
        if (next != machine::action::resend || !core.runner.budget.try_spend(false))
            co_return answer; // outcome_unknown: the write may have happened
    }
}

} // namespace tallyfy::detail
