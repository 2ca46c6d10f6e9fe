// SPDX-License-Identifier: BSL-1.0
// Tasks: complete, reopen, create, get, and the two task lists. One description per endpoint
// (see operation.hpp); this translation unit instantiates their coroutines.
#include "core/batch_runner.hpp"
#include "core/client_calls.hpp"
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
