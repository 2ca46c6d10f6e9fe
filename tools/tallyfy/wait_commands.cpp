// SPDX-License-Identifier: BSL-1.0
// task wait | run wait: poll a task or a run until it is completed, for CI gates, with a
// deadline (exit 124) and Ctrl-C (exit 130) that also cut a poll in flight.
#include "command.hpp"
#include "exit_codes.hpp"
#include "output.hpp"
#include "values.hpp"

#include <tallyfy/client.hpp>
#include <tallyfy/completion.hpp>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/bind_cancellation_slot.hpp>
#include <boost/asio/cancellation_signal.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <chrono>
#include <cmath>
#include <csignal>
#include <cstdio>

namespace asio = boost::asio;
namespace json = boost::json;

namespace tallyfy_cli {

namespace {

using std::chrono::milliseconds;

constexpr milliseconds min_poll_interval{100};

milliseconds seconds_option(const parsed_args& args, std::string_view name, milliseconds fallback,
                            milliseconds least) {
    auto text = args.get(name);
    if (!text)
        return fallback;
    auto ms = milliseconds(std::llround(parse_seconds(name, *text) * 1000));
    if (ms < least)
        throw usage_error("--" + std::string(name) + " must be at least " +
                          std::to_string(least.count()) + " ms");
    return ms;
}

// The deadline, the pause between polls and Ctrl-C. Each timer's and the signal set's handler
// reads its error first and touches nothing else once cancelled: the waiter is cancelled
// before it is destroyed, but those handlers run later.
class poll_waiter {
public:
    poll_waiter(asio::any_io_executor ex, const parsed_args& args)
        : timeout_(seconds_option(args, "timeout", milliseconds(3'600'000), milliseconds(1)))
        , interval_(seconds_option(args, "interval", milliseconds(5'000), min_poll_interval))
        , deadline_(ex)
        , pause_(ex)
        , signals_(ex, SIGINT, SIGTERM) {
        deadline_.expires_after(timeout_);
        deadline_.async_wait([this](boost::system::error_code ec) {
            if (!ec)
                stop(timed_out_);
        });
        signals_.async_wait([this](boost::system::error_code ec, int) {
            if (!ec)
                stop(interrupted_);
        });
    }
    poll_waiter(const poll_waiter&) = delete;
    poll_waiter& operator=(const poll_waiter&) = delete;
    ~poll_waiter() {
        deadline_.cancel();
        pause_.cancel();
        signals_.cancel();
    }

    /// The slot a poll binds, so that the deadline and Ctrl-C cut it.
    asio::cancellation_slot slot() { return cancel_poll_.slot(); }
    bool stopped() const { return timed_out_ || interrupted_; }
    bool interrupted() const { return interrupted_; }
    double timeout_seconds() const { return static_cast<double>(timeout_.count()) / 1000; }

    /// Sleeps for the interval (cut to the deadline); false when stopped.
    asio::awaitable<bool> pause() {
        if (stopped())
            co_return false;
        pause_.expires_after(interval_);
        boost::system::error_code ec;
        co_await pause_.async_wait(asio::redirect_error(asio::use_awaitable, ec));
        co_return !stopped();
    }

private:
    void stop(bool& flag) {
        flag = true;
        pause_.cancel();
        cancel_poll_.emit(asio::cancellation_type::terminal);
    }

    milliseconds timeout_;
    milliseconds interval_;
    asio::steady_timer deadline_;
    asio::steady_timer pause_;
    asio::signal_set signals_;
    asio::cancellation_signal cancel_poll_;
    bool timed_out_ = false;
    bool interrupted_ = false;
};

// The exit of a stopped wait, and its line on stderr.
int stopped_wait(const poll_waiter& w, const std::string& what, const std::string& status) {
    if (w.interrupted()) {
        print_diagnostic("interrupted waiting for " + what);
        return exit_interrupted;
    }
    char seconds[32];
    std::snprintf(seconds, sizeof seconds, "%g", w.timeout_seconds());
    print_diagnostic("timed out after " + std::string(seconds) + " s waiting for " + what +
                     " (last status: " + tallyfy::printable(status, 80) + ")");
    return exit_timeout;
}

void report_status(const std::string& what, const std::string& status, std::string& last) {
    if (status == last)
        return;
    last = status;
    print_diagnostic("waiting for " + what + " (status: " + tallyfy::printable(status, 80) + ")");
}

asio::awaitable<int> wait_task(session& s, const parsed_args& args) {
    const asio::any_io_executor ex = co_await asio::this_coro::executor;
    poll_waiter w(ex, args);
    const std::string what = "task " + tallyfy::printable(args.positionals[0], 80);
    tallyfy::get_task_request request{.task_id = args.positionals[0],
                                      .run_id = string_option(args, "run")};
    std::string last;
    for (;;) {
        tallyfy::get_task_request poll = request;
        tallyfy::error_details why;
        auto [ec, found] = co_await s.api().get_task(
            std::move(poll),
            tallyfy::with_details(
                why, asio::bind_cancellation_slot(w.slot(), asio::as_tuple(asio::use_awaitable))));
        if (ec && !w.stopped()) // not found, unauthorized, ...: that error's exit code
            throw tallyfy::api_error(std::move(why));
        std::optional<tallyfy::task> t;
        if (!ec)
            t = std::move(found);
        if (t && t->is_completed()) {
            json::object done = *t->raw;
            if (t->task_type == "approval") // the decision, null when the API sent none
                done["is_approved"] =
                    t->is_approved ? json::value(*t->is_approved) : json::value(nullptr);
            print_json_line(done);
            co_return exit_ok;
        }
        if (t)
            report_status(what, t->status, last);
        if (!co_await w.pause())
            co_return stopped_wait(w, what, last);
    }
}

asio::awaitable<int> wait_run(session& s, const parsed_args& args) {
    const asio::any_io_executor ex = co_await asio::this_coro::executor;
    poll_waiter w(ex, args);
    const std::string what = "run " + tallyfy::printable(args.positionals[0], 80);
    tallyfy::get_run_request request{.run_id = args.positionals[0]};
    std::string last;
    for (;;) {
        tallyfy::get_run_request poll = request;
        tallyfy::error_details why;
        auto [ec, found] = co_await s.api().get_run(
            std::move(poll),
            tallyfy::with_details(
                why, asio::bind_cancellation_slot(w.slot(), asio::as_tuple(asio::use_awaitable))));
        if (ec && !w.stopped()) // not found, unauthorized, ...: that error's exit code
            throw tallyfy::api_error(std::move(why));
        std::optional<tallyfy::run> r;
        if (!ec)
            r = std::move(found);
        if (r && (r->status == "complete" || r->completed_at)) {
            print_json_line(*r->raw);
            co_return exit_ok;
        }
        if (r)
            report_status(what, r->status, last);
        if (!co_await w.pause())
            co_return stopped_wait(w, what, last);
    }
}

// The options of both waits.
std::vector<option_spec> wait_options() {
    return {value_option("timeout", "S",
                         "give up after S seconds (default 3600): exit 124. Here the whole wait, "
                         "wherever given: not the global per-request timeout"),
            value_option("interval", "S", "seconds between polls (default 5, at least 0.1)")};
}

} // namespace

std::vector<command> wait_commands() {
    auto task_options = wait_options();
    task_options.insert(
        task_options.begin(),
        value_option("run", "RUN_ID", "the task's run (omit for a standalone one-off task)"));
    return {
        with_positional("task wait", "TASK_ID",
                        R"(Waits until a task is completed and prints it as JSON (for CI gates).

Progress (each new status) goes to stderr. Ctrl-C stops the wait: exit 130. A task or run that
does not exist: exit 5.
An approval task's result holds its decision, is_approved (a rejection is a completion too: exit 0).)",
                        std::move(task_options), wait_task),
        with_positional(
            "run wait", "RUN_ID",
            R"(Waits until a run (process) is complete and prints it as JSON (for CI gates).

Progress (each new status) goes to stderr. Ctrl-C stops the wait: exit 130. A task or run that
does not exist: exit 5.)",
            wait_options(), wait_run),
    };
}

} // namespace tallyfy_cli
