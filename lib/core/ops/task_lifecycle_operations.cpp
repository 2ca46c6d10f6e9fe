// SPDX-License-Identifier: BSL-1.0
// One-off tasks' lifecycle (archive, restore, delete, clone) and the lists of one person's tasks
// (mine, a member's). One description per endpoint (see operation.hpp); this translation unit
// instantiates their coroutines.
#include "core/client_calls.hpp"
#include "core/list_queries.hpp"
#include "core/pagination/pager_factory.hpp"

#include <string>

namespace tallyfy::detail {

namespace {

void oneoff_task(request_target& t, const id_string& task_id) {
    t.literal("/tasks/").id(task_id, "task_id");
}

} // namespace

// Archiving an archived task answers as the first time: retried like a read.
template <>
struct operation<archive_task_request> {
    static constexpr std::string_view name = "archive_task";
    static constexpr http_method method = http_method::delete_;
    static constexpr bool idempotent = true;
    static constexpr bool org_scoped = true;
    static void target(request_target& t, const archive_task_request& r) {
        oneoff_task(t, r.task_id);
    }
    static constexpr auto decode = decode_json;
};

template <>
struct operation<restore_task_request> {
    static constexpr std::string_view name = "restore_task";
    static constexpr http_method method = http_method::put;
    static constexpr bool idempotent = true;
    static constexpr bool org_scoped = true;
    static void target(request_target& t, const restore_task_request& r) {
        oneoff_task(t, r.task_id);
        t.literal("/restore");
    }
    static constexpr auto decode = decode_task;
};

// A second delete of a deleted task is a 404: never re-sent blindly.
template <>
struct operation<delete_task_request> {
    static constexpr std::string_view name = "delete_task";
    static constexpr http_method method = http_method::delete_;
    static constexpr bool idempotent = false;
    static constexpr bool org_scoped = true;
    static void target(request_target& t, const delete_task_request& r) {
        oneoff_task(t, r.task_id);
        t.literal("/delete");
    }
    static constexpr auto decode = decode_json;
};

// A second POST is a second copy: never re-sent after an unknown outcome.
template <>
struct operation<clone_task_request> {
    static constexpr std::string_view name = "clone_task";
    static constexpr http_method method = http_method::post;
    static constexpr bool idempotent = false;
    static constexpr bool org_scoped = true;
    static void target(request_target& t, const clone_task_request& r) {
        oneoff_task(t, r.task_id);
        t.literal("/clone");
    }
    static constexpr auto decode = decode_task;
};

/// `GET /me/tasks`: the token's user's tasks, with the organisation list's filters.
struct list_my_tasks {
    using item = task;
    static constexpr std::string_view name = "list_my_tasks";
    static void target(request_target& t, const org_tasks_filter& f) {
        t.literal("/me/tasks");
        add_query(t, f);
    }
    static constexpr auto decode = decode_task_page;
};

/// `GET /users/{user}/tasks`
struct list_user_tasks {
    using item = task;
    static constexpr std::string_view name = "list_user_tasks";
    static void target(request_target& t, std::int64_t user_id, const org_tasks_filter& f) {
        if (user_id < 1)
            throw invalid_argument_error("user_id must be a positive integer");
        t.literal("/users/").id(std::to_string(user_id), "user_id").literal("/tasks");
        add_query(t, f);
    }
    static constexpr auto decode = decode_task_page;
};

/// `GET /guests/{guest}/tasks`
struct list_guest_tasks {
    using item = task;
    static constexpr std::string_view name = "list_guest_tasks";
    static void target(request_target& t, const std::string& guest_id, const org_tasks_filter& f) {
        t.literal("/guests/").id(guest_id, "guest_id").literal("/tasks");
        add_query(t, f);
    }
    static constexpr auto decode = decode_task_page;
};

} // namespace tallyfy::detail

TALLYFY_DEFINE_OPERATION(tallyfy::archive_task_request);
TALLYFY_DEFINE_OPERATION(tallyfy::restore_task_request);
TALLYFY_DEFINE_OPERATION(tallyfy::delete_task_request);
TALLYFY_DEFINE_OPERATION(tallyfy::clone_task_request);

namespace tallyfy {

pager<task> client::list_my_tasks(org_tasks_filter filter) {
    return detail::make_pager<detail::list_my_tasks>(impl_, filter.paging, filter.options, filter);
}

pager<task> client::list_user_tasks(std::int64_t user_id, org_tasks_filter filter) {
    return detail::make_pager<detail::list_user_tasks>(impl_, filter.paging, filter.options,
                                                       user_id, filter);
}

pager<task> client::list_guest_tasks(std::string guest_id, org_tasks_filter filter) {
    return detail::make_pager<detail::list_guest_tasks>(impl_, filter.paging, filter.options,
                                                        std::move(guest_id), filter);
}

} // namespace tallyfy
