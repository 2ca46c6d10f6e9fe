// SPDX-License-Identifier: BSL-1.0
// batch launch: one run per CSV row, launched concurrently (bounded), exactly one NDJSON result
// line per row, progress on a terminal, a summary; with --journal, resumable without launching
// any row twice (a launch is not idempotent: a row in flight is looked up, never re-sent blind).
#include "batch_launch.hpp"

#include "batch_csv.hpp"
#include "batch_interrupt.hpp"
#include "batch_journal.hpp"
#include "batch_launch_rows.hpp"
#include "counting_transport.hpp"
#include "exit_codes.hpp"
#include "output.hpp"
#include "progress.hpp"

#include <tallyfy/client.hpp>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
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
#include <exception>
#include <fstream>
#include <functional>
#include <iostream>
#include <iterator>
#include <memory>
#include <optional>
#include <set>
#include <unistd.h>

namespace asio = boost::asio;
namespace json = boost::json;

namespace tallyfy_cli {

namespace {

using launch_clock = std::chrono::steady_clock;

struct launch_batch {
    session& s;
    std::string checklist_id;
    std::vector<launch_row> rows;
    std::vector<bool> reported;
    std::optional<batch_journal> journal;
    /// The newest run of the template when this run of the batch began (with --journal): a run
    /// created before it cannot be one of this batch's launches.
    json::value since = nullptr;
    json::value since_id = nullptr;
    std::size_t finished = 0, launched = 0, failed = 0, retries = 0;
    std::set<int> failure_codes;
    progress_bar bar{0, false};
    list_writer out; ///< a result per row
    std::shared_ptr<std::atomic<bool>> stop = std::make_shared<std::atomic<bool>>(false);
    bool unauthorized = false; ///< a 401: nothing more is sent
    std::string journal_error; ///< the first write the disk refused: nothing more is sent
    std::vector<std::size_t> to_launch;

    bool halted() const { return stop->load() || unauthorized || !journal_error.empty(); }

    json::object base(const launch_row& row) const {
        return json::object{{"row", row.number}, {"line", row.line}};
    }

    void report(const launch_row& row, json::object result) {
        reported[row.number - 1] = true;
        bar.update(++finished, failed);
        out.item(result);
    }

    void succeed(const launch_row& row, json::object r) {
        ++launched;
        r["ok"] = true;
        report(row, std::move(r));
    }

    void fail(const launch_row& row, int exit_class, std::string_view error,
              std::string_view message, unsigned status = 0, std::size_t attempts = 0) {
        ++failed;
        failure_codes.insert(exit_class);
        json::object r = base(row);
        r["ok"] = false;
        r["error"] = error;
        r["status"] = status;
        r["attempts"] = attempts;
        if (!message.empty())
            r["message"] = message;
        report(row, std::move(r));
    }

    // Records in the journal; a refused write stops the batch (reported at the end).
    bool record(const std::function<void(batch_journal&)>& write) {
        if (!journal)
            return true;
        try {
            write(*journal);
            return true;
        } catch (const std::exception& e) {
            if (journal_error.empty())
                journal_error = e.what();
            return false;
        }
    }
};

// Runs job(i) for each i in [0, count), at most `width` at once; none starts once `halted`.
// The functions by value: a coroutine keeps a reference parameter, not the object it names.
asio::awaitable<void> run_bounded(std::size_t count, std::size_t width,
                                  std::function<bool()> halted,
                                  std::function<asio::awaitable<void>(std::size_t)> job) {
    auto ex = co_await asio::this_coro::executor;
    std::size_t next = 0, running = 0;
    std::exception_ptr failure;
    asio::steady_timer idle(ex, asio::steady_timer::time_point::max());
    auto worker = [&]() -> asio::awaitable<void> {
        while (!halted() && next < count)
            co_await job(next++);
    };
    for (std::size_t w = 0; w < std::min(width, count); ++w) {
        ++running;
        asio::co_spawn(ex, worker(), [&](std::exception_ptr e) {
            if (e && !failure)
                failure = e;
            if (--running == 0)
                idle.cancel();
        });
    }
    while (running > 0)
        co_await idle.async_wait(asio::as_tuple(asio::use_awaitable));
    if (failure)
        std::rethrow_exception(failure);
}

// The newest run of the template, before anything is launched (with --journal).
asio::awaitable<void> take_mark(launch_batch& b) {
    tallyfy::runs_filter filter;
    filter.checklist_id = b.checklist_id;
    filter.archived = tallyfy::archived_filter::include;
    filter.sort = "-created_at";
    filter.paging.max_items = 1;
    filter.paging.per_page = 1;
    auto runs = b.s.api().list_runs(std::move(filter));
    if (auto newest = co_await runs.next(); newest && newest->created_at) {
        b.since = newest->created_at->time_since_epoch().count();
        b.since_id = newest->id;
    }
}

// A row that was in flight when an earlier run ended: its run is looked for among the template's
// runs of the name it was sent with, made after that run began and not claimed by another row.
// One: that is its launch. None: it is launched. Several: it is reported (outcome_unknown) and
// not launched, so that nothing is launched twice.
asio::awaitable<void> reconcile(launch_batch& b, std::size_t index) {
    const launch_row& row = b.rows[index];
    const json::object started = *b.journal->started_record(row.key);
    const json::value* name = started.if_contains("name");
    const json::value* since = started.if_contains("since");
    const json::value* since_id = started.if_contains("since_id");
    if (name == nullptr || !name->is_string() || name->get_string().empty()) {
        b.fail(row, exit_failure, "outcome_unknown",
               "in flight when the batch was interrupted, and launched without a name to find "
               "its run by: not launched again");
        co_return;
    }
    tallyfy::runs_filter filter;
    filter.q = std::string(name->get_string());
    filter.checklist_id = b.checklist_id;
    filter.archived = tallyfy::archived_filter::include;
    filter.sort = "-created_at"; // the newest first: a search this broad is cut at 1000 runs
    filter.paging.max_items = 1000;
    filter.options.headers.push_back(
        {counting_transport::tag_header, "row " + std::to_string(row.number)});
    std::vector<tallyfy::run> found;
    try {
        auto runs = b.s.api().list_runs(std::move(filter));
        while (auto r = co_await runs.next())
            found.push_back(std::move(*r));
    } catch (const tallyfy::api_error& e) {
        if (e.error_value() == tallyfy::error::unauthorized)
            b.unauthorized = true;
        b.fail(row, exit_code_for(e.error_value()), "outcome_unknown",
               "in flight when the batch was interrupted; looking for its run failed: " +
                   tallyfy::api_error::describe(e.details()));
        co_return;
    }
    // From here on, nothing is awaited: the runs claimed are those of every row done so far.
    std::set<std::string> claimed;
    for (const auto& [key, done] : b.journal->done_records())
        if (const auto* id = done.if_contains("run_id"); id != nullptr && id->is_string())
            claimed.insert(std::string(id->get_string()));
    std::vector<const tallyfy::run*> candidates;
    for (const auto& r : found) {
        if (r.name != name->get_string() || claimed.count(r.id) != 0)
            continue;
        if (since != nullptr && since->is_int64()) {
            if (!r.created_at || r.created_at->time_since_epoch().count() < since->get_int64())
                continue;
            if (since_id != nullptr && since_id->is_string() && r.id == since_id->get_string())
                continue;
        }
        candidates.push_back(&r);
    }
    const std::size_t attempts = b.s.requests().take("row " + std::to_string(row.number));
    if (candidates.empty()) {
        b.to_launch.push_back(index);
        co_return;
    }
    if (candidates.size() > 1) {
        std::string ids;
        for (const auto* c : candidates)
            ids += (ids.empty() ? "" : ", ") + c->id;
        b.fail(row, exit_failure, "outcome_unknown",
               "in flight when the batch was interrupted; runs " + ids +
                   " could each be its launch: not launched again",
               0, attempts);
        co_return;
    }
    const std::string run_id = candidates.front()->id;
    if (!b.record([&](batch_journal& j) { j.finished(row.key, true, {{"run_id", run_id}}); }))
        co_return; // reported as not sent at the end; the next run finds it again
    json::object r = b.base(row);
    r["run_id"] = run_id;
    r["journal"] = "launched by the interrupted run";
    b.succeed(row, std::move(r));
}

asio::awaitable<void> launch_one(launch_batch& b, std::size_t index) {
    const launch_row& row = b.rows[index];
    const std::string tag = "row " + std::to_string(row.number);
    json::object started{{"name", row.request.name.str()}};
    started["since"] = b.since;
    started["since_id"] = b.since_id;
    if (!b.record([&](batch_journal& j) { j.started(row.key, std::move(started)); }))
        co_return; // not recorded: not sent
    auto history = std::make_shared<std::vector<tallyfy::attempt_record>>();
    tallyfy::launch_run_request request = row.request;
    request.options.history = history;
    request.options.headers.push_back({counting_transport::tag_header, tag});
    const auto start = launch_clock::now();
    std::optional<tallyfy::run> made;
    std::optional<tallyfy::api_error> error;
    try {
        tallyfy::run r = co_await b.s.api().launch_run(std::move(request));
        made = std::move(r);
    } catch (const tallyfy::api_error& e) {
        error = e;
    }
    const std::size_t attempts = std::max<std::size_t>(b.s.requests().take(tag), history->size());
    const unsigned status = history->empty() ? 0 : history->back().status;
    b.retries += attempts > 0 ? attempts - 1 : 0;
    if (made) {
        b.record([&](batch_journal& j) { j.finished(row.key, true, {{"run_id", made->id}}); });
        json::object r = b.base(row);
        r["run_id"] = made->id;
        r["status"] = status;
        r["attempts"] = attempts;
        r["ms"] = std::chrono::duration_cast<std::chrono::milliseconds>(launch_clock::now() - start)
                      .count();
        b.succeed(row, std::move(r));
        co_return;
    }
    // Failed (an outcome_unknown stays in doubt: the next run of the journal looks it up).
    b.record([&](batch_journal& j) { j.finished(row.key, false); });
    const auto code = error->error_value();
    if (code == tallyfy::error::unauthorized)
        b.unauthorized = true;
    const auto& d = error->details();
    b.fail(row, exit_code_for(code), code ? tallyfy::error_name(*code) : error->code().message(),
           d.server_message.empty() ? d.detail : d.server_message,
           d.http_status ? d.http_status : status, attempts);
}

// The whole CSV, refused beyond max_csv_bytes: the rows are all read (and checked) before the
// first launch, so memory follows the input, and an endless stdin must not take it all.
constexpr std::size_t max_csv_bytes = 64u << 20;

std::string read_all(const std::string& path) {
    std::ifstream file;
    if (path != "-") {
        file.open(path, std::ios::binary);
        if (!file)
            throw usage_error("cannot read " + tallyfy::printable(path, 200));
    }
    std::istream& in = path == "-" ? std::cin : file;
    std::string text;
    char chunk[64 * 1024];
    while (in.read(chunk, sizeof chunk) || in.gcount() > 0) {
        if (text.size() + static_cast<std::size_t>(in.gcount()) > max_csv_bytes)
            throw usage_error(tallyfy::printable(path, 200) +
                              ": more than 64 MiB of CSV; split it into several batches");
        text.append(chunk, static_cast<std::size_t>(in.gcount()));
    }
    return text;
}

asio::awaitable<int> launch(session& s, const parsed_args& args) {
    if (args.has("dry-run")) // one request per row: not one request to show
        throw usage_error("batch launch takes no --dry-run");
    const auto checklist_id = args.get("template");
    if (!checklist_id)
        throw usage_error("batch launch needs --template TEMPLATE_ID");
    std::vector<csv_record> records;
    try {
        records = parse_csv(read_all(args.positionals[0]));
    } catch (const csv_unclosed_quote& e) {
        throw usage_error(tallyfy::printable(args.positionals[0], 200) + ": " + e.what());
    }
    if (records.empty())
        throw usage_error(tallyfy::printable(args.positionals[0], 200) +
                          ": no header row (the kick-off fields' labels or ids, and name, "
                          "summary, owner)");
    const csv_record& header = records.front();
    const std::string name_template = args.get("name").value_or("");
    check_name_template(name_template, header);
    launch_batch b{.s = s, .checklist_id = *checklist_id};
    b.out.default_columns(
        {"row", "line", "ok", "run_id", "status", "attempts", "error", "message", "journal"});
    if (auto path = args.get("journal"))
        b.journal.emplace(*path, "row", "batch launch");

    // The template's kick-off fields, read once: every column resolved before anything is sent.
    tallyfy::get_checklist_request read{.checklist_id = *checklist_id};
    read.with.prerun = true;
    const tallyfy::checklist checklist = co_await s.api().get_checklist(std::move(read));
    const auto fields = checklist.prerun.value_or(std::vector<tallyfy::form_field>{});
    const auto columns = resolve_columns(header, fields);
    const bool has_name = std::any_of(columns.begin(), columns.end(), [](const auto& c) {
        return c.what == launch_column::role::name;
    });
    if (b.journal && !has_name && name_template.empty())
        throw usage_error("--journal needs a run name for each row (a 'name' column or --name): "
                          "a launch interrupted in flight is found again by its name");
    const launch_row_options options{.checklist_id = *checklist_id,
                                     .name_template = name_template,
                                     .name_required = b.journal.has_value()};
    for (std::size_t i = 1; i < records.size(); ++i)
        b.rows.push_back(make_launch_row(records[i], i, columns, header, options));
    number_row_keys(b.rows);
    b.reported.assign(b.rows.size(), false);
    b.bar = progress_bar(b.rows.size(), ::isatty(STDERR_FILENO) == 1);
    if (b.journal)
        co_await take_mark(b);
    const auto start = launch_clock::now();

    // Ctrl-C (or SIGTERM): no more rows start, those in flight finish, the summary is printed
    // and the exit code is 130. A second one ends the process at once.
    asio::signal_set signals(co_await asio::this_coro::executor, SIGINT, SIGTERM);
    watch_batch_interrupts(signals, b.stop, "launches");

    // Rows answered without sending; then the rows in doubt are looked up (all before any new
    // launch, so that none of this run's launches is taken for an earlier one); then launches.
    std::vector<std::size_t> in_doubt;
    for (std::size_t i = 0; i < b.rows.size(); ++i) {
        const launch_row& row = b.rows[i];
        if (!row.error.empty()) {
            b.fail(row, exit_usage, row.error, row.problem);
        } else if (b.journal && b.journal->done(row.key)) {
            json::object r = b.base(row);
            const auto& done = b.journal->done_records().at(row.key);
            if (const auto* id = done.if_contains("run_id"))
                r["run_id"] = *id;
            r["journal"] = "done earlier";
            b.succeed(row, std::move(r));
        } else if (b.journal && b.journal->in_doubt(row.key)) {
            in_doubt.push_back(i);
        } else {
            b.to_launch.push_back(i);
        }
    }
    const std::function<bool()> halted = [&b] { return b.halted(); };
    const std::function<asio::awaitable<void>(std::size_t)> look_up = [&](std::size_t i) {
        return reconcile(b, in_doubt[i]);
    };
    co_await run_bounded(in_doubt.size(), s.concurrency(), halted, look_up);
    std::sort(b.to_launch.begin(), b.to_launch.end());
    const std::function<asio::awaitable<void>(std::size_t)> send = [&](std::size_t i) {
        return launch_one(b, b.to_launch[i]);
    };
    co_await run_bounded(b.to_launch.size(), s.concurrency(), halted, send);
    signals.cancel();

    // Every row not reported was never sent.
    for (const auto& row : b.rows) {
        if (b.reported[row.number - 1])
            continue;
        const char* why = b.unauthorized             ? "stopped after an unauthorized answer"
                          : !b.journal_error.empty() ? "not sent: the journal cannot be written"
                                                     : "not sent: the batch was interrupted";
        b.fail(row, b.unauthorized ? exit_unauthorized : exit_failure, "not_attempted", why);
    }
    b.bar.finish();
    b.out.finish();

    const double seconds = std::chrono::duration<double>(launch_clock::now() - start).count();
    const auto requests = s.requests().total();
    std::fprintf(stderr,
                 "tallyfy: batch: %zu rows: %zu launched, %zu failed; %zu retries; "
                 "%zu requests in %.2f s (%.1f requests/s)\n",
                 b.rows.size(), b.launched, b.failed, b.retries, static_cast<std::size_t>(requests),
                 seconds, seconds > 0 ? static_cast<double>(requests) / seconds : 0.0);
    if (!b.journal_error.empty()) {
        print_diagnostic("error: " + b.journal_error + "; the rows after it were not sent");
        co_return exit_failure;
    }
    if (b.stop->load())
        co_return exit_interrupted; // interrupted: the rows not started say so, the journal knows
                                    // the rest
    if (b.failed == 0)
        co_return exit_ok;
    if (b.launched > 0)
        co_return exit_partial;
    co_return b.failure_codes.size() == 1 ? *b.failure_codes.begin() : exit_failure;
}

} // namespace

command batch_launch_command() {
    return {.name = "batch launch",
            .arguments = "FILE",
            .help = R"(Launches one run of a template per row of a CSV file ("-": stdin). The header
row names the columns: a kick-off field by its label, alias or id (typed as run launch's --field
types it: a dropdown or radio by option text, a multi-select as comma-separated texts, a date as
text), or one of the run's own: name, summary, owner (a user id). An empty cell sends nothing.
A header no kick-off field matches, or two match, is refused before anything is sent (exit 2,
naming the column); so is a reserved header that is also a field's label (head that column with
the field's id). CSV as RFC 4180: quoted fields may hold commas, line breaks and doubled quotes;
CRLF or LF; a UTF-8 BOM is ignored; empty lines are not rows. A malformed row (a stray quote, a
wrong number of fields) or a value its field refuses is that row's failure and does not stop the
batch. Rows are launched concurrently; exactly one NDJSON line per row, as each finishes:
  {"row":N,"line":L,"ok":true,"run_id":..,"status":201,"attempts":1,"ms":..}
  {"row":N,"line":L,"ok":false,"error":"validation_failed","status":422,"attempts":1,"message":..}
("row" counts the data rows from 1, "line" is the file's line where the row starts.)
The global --concurrency N sets the launches in flight at once (default 16).

A row in flight when a journaled run ended is looked for among the template's runs by the name
it was sent with, made since that run began and not another row's: found once, it is done; not
found, it is launched; found several times, it is reported outcome_unknown and not launched, so
no row is launched twice. With --journal each row needs a run name: give rows distinct names. A
row edited between two runs of a journal is a new row.
A launch whose response is lost is never re-sent: it fails with outcome_unknown (and, with a
journal, is looked up by the next run). Ctrl-C stops starting rows, lets the launches in flight
finish, prints the summary and exits 130 (a second Ctrl-C quits at once); the rows not started
are reported "not_attempted". After an unauthorized answer nothing more is sent.
Exit code: 0 when every row succeeded; 9 when some succeeded and some failed; when every row
failed, the code of the failures' class when they all share one (e.g. 2 malformed rows,
7 validation), else 1.)",
            .options = {value_option("template", "ID", "the template (checklist) launched"),
                        value_option("name", "TEXT",
                                     "the run name of rows without a name cell: {row} is the "
                                     "row's number, {HEADER} that column's cell (default: the "
                                     "API's \"{template} - {date}\")"),
                        value_option("journal", "FILE",
                                     "record each row as it starts and ends, synced to disk; run "
                                     "again with the same journal after an interruption: rows "
                                     "done are not sent again, a row that was in flight is "
                                     "launched only if its run is not found (below)")},
            .min_positionals = 1,
            .max_positionals = 1,
            .run = launch};
}

} // namespace tallyfy_cli
