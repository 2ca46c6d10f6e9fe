// SPDX-License-Identifier: BSL-1.0
// Tasks: complete, reopen, create, update, get, and the two task lists. One description per
// endpoint (see operation.hpp); this translation unit instantiates their coroutines.
#include "core/batch_runner.hpp"
#include "core/client_calls.hpp"
#include "core/codec/json_reader.hpp"
#include "core/codec/request_codecs.hpp"
#include "core/list_queries.hpp"
#include "core/pagination/pager_factory.hpp"
#include "core/reconcile/task_write.hpp"

namespace tallyfy::detail {

namespace {

/// `/runs/{run}` for a process task; nothing for a one-off task.
void run_scope(request_target& t, const id_string& run_id) {
    if (!run_id.empty())
        t.literal("/runs/").id(run_id, "run_id");
}

} // namespace

template <>
struct operation<get_task_request> {
    static constexpr std::string_view name = "get_task";
    static constexpr http_method method = http_method::get;
    static constexpr bool idempotent = true;
    static constexpr bool org_scoped = true;
    static void target(request_target& t, const get_task_request& r) {
        run_scope(t, r.run_id);
        t.literal("/tasks/").id(r.task_id, "task_id");
        if (auto with = codec::includes_text(r.with); !with.empty())
            t.query("with", with);
    }
    static constexpr auto decode = decode_task;
};

// The API replaces what a PUT names as a whole: `owners` replaces all three buckets (a missing
// one is emptied) and the one-off route requires title, deadline and owners on every call. So a
// partial update first reads the task and sends what it keeps along with what changes. A PUT
// of the same values twice is harmless: retried like a read.
template <>
struct operation<update_task_request> {
    static constexpr std::string_view name = "update_task";
    static constexpr http_method method = http_method::put;
    static constexpr bool idempotent = true;
    static constexpr bool org_scoped = true;
    static void target(request_target& t, const update_task_request& r) {
        run_scope(t, r.run_id);
        t.literal("/tasks/").id(r.task_id, "task_id");
    }
    static std::string body(const update_task_request& r) {
        return codec::encode_update_task_body(r);
    }
    static constexpr auto decode = decode_task;

    static bool partial_owners(const update_task_request& r) {
        return r.owners && !r.replace_owners &&
               (!r.owners->users || !r.owners->guests || !r.owners->groups);
    }
    static bool needs_prepare(const update_task_request& r) {
        const bool one_off = r.run_id.empty();
        return partial_owners(r) || (one_off && (!r.title || !r.deadline || !r.owners));
    }
    static boost::asio::awaitable<outcome<update_task_request>>
    prepare(client_core& core, const update_task_request& r) {
        get_task_request read{.task_id = r.task_id, .run_id = r.run_id};
        read.options = r.options;
        auto reading = perform<get_task_request>(core, read);
        auto current = co_await std::move(reading);
        if (!current)
            co_return std::move(current).error();
        update_task_request full = r;
        const task& t = *current;
        if (r.run_id.empty()) { // the one-off route's members required on every call
            if (!full.title)
                full.title = t.title;
            if (!full.deadline && t.deadline)
                full.deadline = codec::format_timestamp(*t.deadline);
            if (!full.owners)
                full.owners.emplace();
        }
        if (full.owners && !full.replace_owners) {
            auto& o = *full.owners;
            if (!o.users)
                o.users = t.owners.users;
            if (!o.guests)
                o.guests = t.owners.guests;
            if (!o.groups)
                o.groups = t.owners.groups;
        }
        co_return full;
    }
};

template <>
struct operation<complete_task_request> {
    static constexpr std::string_view name = "complete_task";
    static constexpr http_method method = http_method::post;
    static constexpr bool idempotent = false;
    static constexpr bool org_scoped = true;
    static void target(request_target& t, const complete_task_request& r) {
        run_scope(t, r.run_id);
        t.literal("/completed-tasks");
        request_target{""}.id(r.task_id, "task_id"); // in the body: validated all the same
    }
    static std::string body(const complete_task_request& r) {
        return codec::encode_complete_body(r);
    }
    static constexpr auto decode = decode_task;
    using reconcile = reconcile_task_write<task_state::completed>;

    // Form field values cannot be sent with a completion (the complete-task seed): they are
    // saved by an update first. A failed update fails the call before anything is completed.
    static bool needs_prepare(const complete_task_request& r) { return !r.fields.empty(); }
    static boost::asio::awaitable<outcome<complete_task_request>>
    prepare(client_core& core, const complete_task_request& r) {
        update_task_request fill{.task_id = r.task_id, .run_id = r.run_id};
        fill.fields = r.fields;
        fill.options = r.options;
        auto filling = perform<update_task_request>(core, fill);
        auto filled = co_await std::move(filling);
        if (!filled)
            co_return std::move(filled).error();
        complete_task_request complete = r;
        complete.fields.clear();
        co_return complete;
    }
};

// A DELETE, yet not blindly retried: a second reopen of a reopened task is a 422. A lost answer
// is settled by reading the task back instead.
template <>
struct operation<reopen_task_request> {
    static constexpr std::string_view name = "reopen_task";
    static constexpr http_method method = http_method::delete_;
    static constexpr bool idempotent = false;
    static constexpr bool org_scoped = true;
    static void target(request_target& t, const reopen_task_request& r) {
        run_scope(t, r.run_id);
        t.literal("/completed-tasks/").id(r.task_id, "task_id");
    }
    static constexpr auto decode = decode_task;
    using reconcile = reconcile_task_write<task_state::open>;
};

template <>
struct operation<create_task_request> {
    static constexpr std::string_view name = "create_task";
    static constexpr http_method method = http_method::post;
    static constexpr bool idempotent = false;
    static constexpr bool org_scoped = true;
    static void target(request_target& t, const create_task_request&) { t.literal("/tasks"); }
    static std::string body(const create_task_request& r) {
        return codec::encode_create_task_body(r);
    }
    static constexpr auto decode = decode_task;
};

/// `GET /runs/{run}/tasks`
struct list_run_tasks {
    using item = task;
    static constexpr std::string_view name = "list_run_tasks";
    static void target(request_target& t, const std::string& run_id, const run_tasks_filter& f) {
        t.literal("/runs/").id(run_id, "run_id").literal("/tasks");
        add_query(t, f);
    }
    static constexpr auto decode = decode_task_page;
};

/// `GET /tasks`
struct list_org_tasks {
    using item = task;
    static constexpr std::string_view name = "list_org_tasks";
    static void target(request_target& t, const org_tasks_filter& f) {
        t.literal("/tasks");
        add_query(t, f);
    }
    static constexpr auto decode = decode_task_page;
};

} // namespace tallyfy::detail

TALLYFY_DEFINE_OPERATION(tallyfy::get_task_request);
TALLYFY_DEFINE_OPERATION(tallyfy::complete_task_request);
TALLYFY_DEFINE_OPERATION(tallyfy::reopen_task_request);
TALLYFY_DEFINE_OPERATION(tallyfy::create_task_request);
TALLYFY_DEFINE_OPERATION(tallyfy::update_task_request);

namespace tallyfy {

pager<task> client::list_run_tasks(std::string run_id, run_tasks_filter filter) {
    return detail::make_pager<detail::list_run_tasks>(impl_, filter.paging, filter.options, run_id,
                                                      filter);
}

pager<task> client::list_org_tasks(org_tasks_filter filter) {
    return detail::make_pager<detail::list_org_tasks>(impl_, filter.paging, filter.options, filter);
}

// Always spawned on the client's executor: the batch has a cancellation state of its own (it
// resets it to wait for its workers after a cancellation), fed by the caller's.
boost::asio::awaitable<batch_summary>
client::complete_tasks(std::vector<complete_task_request> requests, batch_options options,
                       batch_listener on_item) {
    namespace asio = boost::asio;
    auto core = impl_;
    auto executor = detail::batch_executor(*core);
    auto batch =
        detail::run_batch(core, executor, std::move(requests), options, std::move(on_item));
    auto spawned = asio::co_spawn(executor, std::move(batch), asio::use_awaitable);
    co_return co_await std::move(spawned);
}

} // namespace tallyfy
