// SPDX-License-Identifier: BSL-1.0
// batch complete: completes many tasks concurrently (bounded), exactly one NDJSON result line per
// input line, progress on a terminal, a summary at the end.
#include "batch_input.hpp"
#include "command.hpp"
#include "exit_codes.hpp"
#include "output.hpp"
#include "progress.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/json/object.hpp>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <set>
#include <unistd.h>

namespace asio = boost::asio;
namespace json = boost::json;
using clock_type = std::chrono::steady_clock;

namespace tallyfy_cli {

namespace {

struct batch_state {
    std::vector<batch_line> lines;
    std::size_t next = 0;     ///< next line to take
    std::size_t finished = 0; ///< lines reported
    std::size_t done = 0, failed = 0, skipped = 0, retries = 0, requests = 0;
    std::set<int> failure_codes;
    bool unauthorized = false; ///< stop sending after a 401: every other line would fail too
    progress_bar bar;
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

// Completes one input line; never throws.
asio::awaitable<json::object> complete_line(session& s, batch_state& st, const batch_line& line) {
    json::object r = base_result(line);
    switch (line.what) {
    case batch_line::kind::blank:
        ++st.skipped;
        r["skipped"] = "blank";
        co_return r;
    case batch_line::kind::duplicate:
        ++st.skipped;
        r["duplicate_of"] = line.duplicate_of;
        co_return failure(std::move(r), "duplicate",
                          "same task as line " + std::to_string(line.duplicate_of));
    case batch_line::kind::malformed:
        ++st.failed;
        st.failure_codes.insert(exit_usage);
        co_return failure(std::move(r), "malformed_line", line.problem);
    case batch_line::kind::task:
        break;
    }
    if (st.unauthorized) {
        ++st.failed;
        st.failure_codes.insert(exit_unauthorized);
        co_return failure(std::move(r), "not_attempted", "stopped after an unauthorized answer");
    }
    auto history = std::make_shared<std::vector<tallyfy::attempt_record>>();
    tallyfy::complete_task_request request{.task_id = line.task_id, .run_id = line.run_id};
    request.options.history = history;
    // Every request of the call (retries, read-backs of a lost completion) is counted.
    std::string tag = std::to_string(line.number);
    request.options.headers.push_back({counting_transport::tag_header, tag});
    auto start = clock_type::now();
    std::exception_ptr error;
    try {
        co_await s.api().complete_task(std::move(request));
    } catch (...) {
        error = std::current_exception();
    }
    std::size_t attempts = std::max<std::size_t>(s.requests().take(tag), history->size());
    st.retries += attempts > 0 ? attempts - 1 : 0;
    unsigned status = history->empty() ? 0 : history->back().status;
    if (!error) {
        ++st.done;
        r["ok"] = true;
        r["status"] = status;
        r["attempts"] = attempts;
        r["ms"] = std::chrono::duration_cast<std::chrono::milliseconds>(clock_type::now() - start)
                      .count();
        co_return r;
    }
    ++st.failed;
    if (auto e = tallyfy::api_error::from(error)) {
        const auto& d = e->details();
        auto code = e->error_value();
        st.failure_codes.insert(exit_code_for(code));
        if (code == tallyfy::error::unauthorized)
            st.unauthorized = true;
        r = failure(std::move(r), code ? tallyfy::error_name(*code) : d.code.message(),
                    d.server_message.empty() ? d.detail : d.server_message,
                    d.http_status ? d.http_status : status, attempts);
        if (!d.request_id.empty())
            r["request_id"] = d.request_id;
        co_return r;
    }
    st.failure_codes.insert(exit_failure);
    std::string what = "unexpected failure";
    try {
        std::rethrow_exception(error);
    } catch (const std::exception& x) {
        what = x.what();
    } catch (...) {
    }
    co_return failure(std::move(r), "internal", what, status, attempts);
}

asio::awaitable<void> worker(session& s, batch_state& st) {
    while (st.next < st.lines.size()) {
        const batch_line& line = st.lines[st.next++];
        json::object result = co_await complete_line(s, st, line);
        st.bar.update(++st.finished, st.failed);
        print_json_line(result);
    }
}

asio::awaitable<int> complete(session& s, const parsed_args& args) {
    std::string input = args.get("input").value_or("-");
    std::ifstream file;
    if (input != "-") {
        file.open(input);
        if (!file)
            throw usage_error("cannot read --input " + input);
    }
    batch_state st{.lines = read_batch_input(input == "-" ? std::cin : file),
                   .bar = progress_bar(0, false)};
    st.bar = progress_bar(st.lines.size(), ::isatty(STDERR_FILENO) == 1);
    auto start = clock_type::now();

    // N workers pull lines; the timer is the latch that the last one to finish releases.
    auto executor = co_await asio::this_coro::executor;
    asio::steady_timer all_done(executor, clock_type::time_point::max());
    std::size_t workers = std::min<std::size_t>(s.concurrency(), st.lines.size());
    std::size_t running = workers;
    for (std::size_t i = 0; i < workers; ++i)
        asio::co_spawn(executor, worker(s, st), [&](std::exception_ptr) {
            if (--running == 0)
                all_done.cancel();
        });
    if (workers > 0)
        co_await all_done.async_wait(asio::as_tuple(asio::use_awaitable));
    st.bar.finish();

    double seconds = std::chrono::duration<double>(clock_type::now() - start).count();
    st.requests = s.requests().total();
    std::fprintf(stderr,
                 "tallyfy: batch: %zu lines: %zu done, %zu failed, %zu skipped; %zu retries; "
                 "%zu requests in %.2f s (%.1f requests/s)\n",
                 st.lines.size(), st.done, st.failed, st.skipped, st.retries, st.requests, seconds,
                 seconds > 0 ? static_cast<double>(st.requests) / seconds : 0.0);
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
         .usage = "[--input FILE|-] [--concurrency N]",
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
  --input FILE      read FILE ("-": stdin, the default)
  --concurrency N   requests in flight at once (default 16)
Exit code: 0 when every line succeeded, else the code of the failures' class when they all
share one (e.g. 3 unauthorized, 5 not found), else 1.)",
         .options = {{"input", true}},
         .min_positionals = 0,
         .max_positionals = 0,
         .run = complete},
    };
}

} // namespace tallyfy_cli
