// SPDX-License-Identifier: BSL-1.0
// batch complete: completes many tasks concurrently (bounded), exactly one NDJSON result line per
// input line, progress on a terminal, a summary at the end.
#include "batch_input.hpp"
#include "batch_interrupt.hpp"
#include "batch_journal.hpp"
#include "batch_launch.hpp"
#include "command.hpp"
#include "exit_codes.hpp"
#include "output.hpp"
#include "progress.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/json/object.hpp>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <memory>
#include <optional>
#include <set>
#include <unistd.h>

namespace asio = boost::asio;
namespace json = boost::json;
using clock_type = std::chrono::steady_clock;

namespace tallyfy_cli {

namespace {

struct batch_state {
    std::vector<batch_line> lines;
    std::size_t finished = 0; ///< lines reported
    std::size_t done = 0, failed = 0, skipped = 0, retries = 0, requests = 0;
    std::set<int> failure_codes;
    progress_bar bar;
    list_writer out; ///< a result per line
};

json::object base_result(const batch_line& line) {
    json::object r;
    r["line"] = line.number;
    if (!line.run_id.empty())
        r["run_id"] = line.run_id;
    if (!line.task_id.empty())
        r["task_id"] = line.task_id;
    return r;
}

json::object failure(json::object r, std::string_view error, std::string_view message,
                     unsigned status = 0, std::size_t attempts = 0) {
    r["ok"] = false;
    r["error"] = error;
    r["status"] = status;
    r["attempts"] = attempts;
    if (!message.empty())
        r["message"] = message;
    return r;
}

void report(batch_state& st, const json::object& result) {
    st.bar.update(++st.finished, st.failed);
    st.out.item(result);
}

// A line that is not a task is answered without sending anything; false for a task line.
bool answer_without_sending(batch_state& st, const batch_line& line) {
    json::object r = base_result(line);
    switch (line.what) {
    case batch_line::kind::blank:
        ++st.skipped;
        r["skipped"] = "blank";
        break;
    case batch_line::kind::duplicate:
        ++st.skipped;
        r["duplicate_of"] = line.duplicate_of;
        r = failure(std::move(r), "duplicate",
                    "same task as line " + std::to_string(line.duplicate_of));
        break;
    case batch_line::kind::malformed:
        ++st.failed;
        st.failure_codes.insert(exit_usage);
        r = failure(std::move(r), "malformed_line", line.problem);
        break;
    case batch_line::kind::task:
        return false;
    }
    report(st, r);
    return true;
}

// One task line's result, from the SDK's batch.
json::object task_result(batch_state& st, const batch_line& line, std::size_t attempts,
                         unsigned status, const tallyfy::batch_item_result& item) {
    json::object r = base_result(line);
    st.retries += attempts > 0 ? attempts - 1 : 0;
    if (!item.error) {
        ++st.done;
        r["ok"] = true;
        r["status"] = status;
        r["attempts"] = attempts;
        r["ms"] = item.elapsed.count();
        return r;
    }
    ++st.failed;
    const auto& d = item.details;
    std::optional<tallyfy::error> code;
    if (item.error.category() == tallyfy::error_category())
        code = static_cast<tallyfy::error>(item.error.value());
    st.failure_codes.insert(exit_code_for(code));
    if (!item.attempted)
        return failure(std::move(r), "not_attempted",
                       code == tallyfy::error::unauthorized ? "stopped after an unauthorized answer"
                                                            : "not sent: " + item.error.message());
    r = failure(std::move(r), code ? tallyfy::error_name(*code) : item.error.message(),
                d.server_message.empty() ? d.detail : d.server_message,
                d.http_status ? d.http_status : status, attempts);
    if (!d.request_id.empty())
        r["request_id"] = d.request_id;
    return r;
}

asio::awaitable<int> complete(session& s, const parsed_args& args) {
    if (args.has("dry-run")) // one request per line: not one request to show
        throw usage_error("batch complete takes no --dry-run");
    std::string input = args.get("input").value_or("-");
    std::ifstream file;
    if (input != "-") {
        file.open(input);
        if (!file)
            throw usage_error("cannot read --input " + input);
    }
    batch_state st{.lines = read_batch_input(input == "-" ? std::cin : file),
                   .bar = progress_bar(0, false)};
    st.out.default_columns(
        {"line", "run_id", "task_id", "ok", "status", "attempts", "error", "message", "journal"});
    st.bar = progress_bar(st.lines.size(), ::isatty(STDERR_FILENO) == 1);
    std::optional<batch_journal> journal;
    if (auto path = args.get("journal"))
        journal.emplace(*path);
    auto start = clock_type::now();

    // Ctrl-C (or SIGTERM): no more tasks start, those in flight finish, the summary is printed
    // and the exit code is 130. A second one ends the process at once.
    auto stop = std::make_shared<std::atomic<bool>>(false);
    asio::signal_set signals(co_await asio::this_coro::executor, SIGINT, SIGTERM);
    watch_batch_interrupts(signals, stop, "tasks");

    // Task lines go to the SDK's batch (bounded concurrency, rate-limit waits, every item
    // reported once); each request is tagged so that every HTTP request of its call is counted.
    std::vector<tallyfy::complete_task_request> requests;
    std::vector<const batch_line*> line_of;
    std::vector<std::shared_ptr<std::vector<tallyfy::attempt_record>>> histories;
    for (const auto& line : st.lines) {
        if (answer_without_sending(st, line))
            continue;
        if (journal) {
            const auto key = batch_journal::key(line.run_id, line.task_id);
            if (journal->done(key)) { // completed by an earlier run of this journal
                ++st.done;
                json::object r = base_result(line);
                r["ok"] = true;
                r["journal"] = "done earlier";
                report(st, r);
                continue;
            }
            if (journal->in_doubt(key)) {
                // In flight when an earlier run ended: completed only if the read says not yet.
                tallyfy::get_task_request read{.task_id = line.task_id, .run_id = line.run_id};
                auto [ec, t] =
                    co_await s.api().get_task(std::move(read), asio::as_tuple(asio::use_awaitable));
                if (!ec && t.status == "completed") {
                    journal->finished(key, true);
                    ++st.done;
                    json::object r = base_result(line);
                    r["ok"] = true;
                    r["journal"] = "completed by the interrupted run";
                    report(st, r);
                    continue;
                }
            }
        }
        tallyfy::complete_task_request request{.task_id = line.task_id, .run_id = line.run_id};
        histories.push_back(std::make_shared<std::vector<tallyfy::attempt_record>>());
        request.options.history = histories.back();
        request.options.headers.push_back(
            {counting_transport::tag_header, std::to_string(line.number)});
        requests.push_back(std::move(request));
        line_of.push_back(&line);
    }
    std::string journal_error; // the first write the disk refused
    tallyfy::batch_listener on_item = [&](const tallyfy::batch_item_result& item) {
        const batch_line& line = *line_of[item.index];
        const auto& history = *histories[item.index];
        std::size_t attempts =
            std::max<std::size_t>(s.requests().take(std::to_string(line.number)), history.size());
        unsigned status = history.empty() ? 0 : history.back().status;
        json::object result = task_result(st, line, attempts, status, item);
        if (journal && item.attempted)
            try {
                journal->finished(batch_journal::key(line.run_id, line.task_id), !item.error);
            } catch (const std::exception& e) { // a re-run reads this task back: no harm
                journal_error = e.what();
            }
        report(st, result);
    };
    tallyfy::batch_options options{.concurrency = s.concurrency(), .stop_requested = stop};
    if (journal)
        options.on_start = [&](std::size_t index) {
            try {
                journal->started(
                    batch_journal::key(line_of[index]->run_id, line_of[index]->task_id));
                return true;
            } catch (const std::exception& e) { // not recorded: not sent
                journal_error = e.what();
                return false;
            }
        };
    auto batch = s.api().complete_tasks(std::move(requests), options, std::move(on_item));
    co_await std::move(batch);
    signals.cancel();
    st.bar.finish();
    st.out.finish();

    double seconds = std::chrono::duration<double>(clock_type::now() - start).count();
    st.requests = s.requests().total();
    std::fprintf(stderr,
                 "tallyfy: batch: %zu lines: %zu done, %zu failed, %zu skipped; %zu retries; "
                 "%zu requests in %.2f s (%.1f requests/s)\n",
                 st.lines.size(), st.done, st.failed, st.skipped, st.retries, st.requests, seconds,
                 seconds > 0 ? static_cast<double>(st.requests) / seconds : 0.0);
    if (!journal_error.empty()) {
        print_diagnostic("error: " + journal_error + "; the tasks after it were not sent");
        co_return exit_failure;
    }
    if (stop->load())
        co_return exit_interrupted; // interrupted: the lines not started say so, the journal knows
                                    // the rest
    if (st.failed == 0)
        co_return exit_ok;
    if (st.done > 0)
        co_return exit_partial; // some lines done, some not: the official CLI's 9
    // Every line failed: one class of failure gives its own exit code; a mix gives 1.
    co_return st.failure_codes.size() == 1 ? *st.failure_codes.begin() : exit_failure;
}

} // namespace

std::vector<command> batch_commands() {
    return {
        {.name = "batch complete",
         .arguments = "",
         .help = R"(Completes the tasks listed one per line: 'RUN_ID TASK_ID', or 'TASK_ID' for a
standalone task (blank lines and '#' comments are skipped). Requests run concurrently over the
connection pool, with retries; a completion whose response is lost is checked by reading the task
back, so nothing is completed twice.
Writes exactly one NDJSON line per input line to stdout, as each finishes:
  {"line":N,"run_id":..,"task_id":..,"ok":true,"status":200,"attempts":1,"ms":..}
  {"line":N,"task_id":..,"ok":false,"error":"not_found","status":404,"attempts":1,"message":..}
("attempts" counts every HTTP request of the line: retries, and read-backs of lost answers.)
Malformed lines get an error line ("malformed_line") and do not stop the batch; a repeated task
is not sent again ("duplicate"). A progress bar (rate, ETA) is drawn on stderr when it is a
terminal; a summary (done, failed, retries, requests/s) ends the run.

The global --concurrency N sets the requests in flight at once (default 16).
Ctrl-C stops starting tasks, lets those in flight finish, prints the summary and exits 130 (a
second Ctrl-C quits at once); the tasks not started are reported "not_attempted".
Exit code: 0 when every line succeeded; 9 when some succeeded and some failed; when every line
failed, the code of their class if they share one (e.g. 3 unauthorized, 5 not found), else 1.)",
         .options =
             {value_option("input", "FILE", "read FILE (\"-\": stdin, the default)"),
              value_option(
                  "journal", "FILE",
                  "record each task as it starts and ends, synced to disk; run again with the same "
                  "journal after an interruption: tasks done are not sent again, tasks that were "
                  "in flight are read back and completed only if they are not")},
         .min_positionals = 0,
         .max_positionals = 0,
         .run = complete},
        batch_launch_command(),
    };
}

} // namespace tallyfy_cli
