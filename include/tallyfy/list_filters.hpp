// SPDX-License-Identifier: BSL-1.0
// Filters of the list operations. The API spells filter values differently from the values it
// returns (filter `complete` vs task status `completed`): filter values are enums here, so they
// cannot be mixed up.
#pragma once

#include <tallyfy/requests.hpp>

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace tallyfy {

/// `status` filter of `GET /runs/{run}/tasks`.
enum class run_task_status {
    complete,       ///< `complete`
    active,         ///< `active`
    active_visible, ///< `active_visible`
    incomplete,     ///< `incomplete`
    inprogress,     ///< `inprogress`
    not_started,    ///< `not-started`
    hasproblem,     ///< `hasproblem`
    overdue,        ///< `overdue`
    due_soon        ///< `due_soon`
};
/// `status` filter of `GET /tasks`.
enum class org_task_status {
    active,     ///< `active`
    complete,   ///< `complete`
    incomplete, ///< `incomplete`
    inprogress, ///< `inprogress`
    overdue,    ///< `overdue`
    due_soon,   ///< `due_soon`
    hasproblem  ///< `hasproblem`
};
/// What `GET /search` looks among (its `on` parameter): tasks, processes (runs), blueprints
/// (templates), template steps, form fields (captures), snippets. Each is sent as its name.
enum class search_kind {
    task,      ///< `task`
    process,   ///< `process`: runs
    blueprint, ///< `blueprint`: templates
    step,      ///< `step`: template steps
    capture,   ///< `capture`: form fields
    snippet    ///< `snippet`
};
/// `status` filter of `GET /runs`. Each is sent as its name.
enum class run_status_filter {
    active,     ///< `active`
    problem,    ///< `problem`
    delayed,    ///< `delayed`
    complete,   ///< `complete`
    archived,   ///< `archived` (archived_filter::only is the usual way)
    starred,    ///< `starred`
    improvement ///< `improvement`
};
/// `archived` filter: include archived items, or only them. Unset (the filters' default): the
/// API leaves them out.
enum class archived_filter {
    include, ///< `archived=true`
    only     ///< `archived=only`
};
/// `sort` of run tasks.
enum class run_task_sort {
    position,      ///< `position`: the template's order
    deadline,      ///< `deadline`: soonest first
    position_desc, ///< `-position`
    deadline_desc  ///< `-deadline`
};

/// The filter value as sent (`not-started`, `due_soon`, ...).
std::string_view to_string(run_task_status) noexcept;
/// The filter value as sent.
std::string_view to_string(org_task_status) noexcept;
/// The filter value as sent.
std::string_view to_string(run_status_filter) noexcept;
/// "true" (include) or "only".
std::string_view to_string(archived_filter) noexcept;
/// "position", "deadline", "-position" or "-deadline".
std::string_view to_string(run_task_sort) noexcept;
/// "task", "process", "blueprint", "step", "capture" or "snippet".
std::string_view to_string(search_kind) noexcept;
/// The kind named `name` ("task", "process", "blueprint", "step", "capture", "snippet").
std::optional<search_kind> search_kind_from_string(std::string_view name) noexcept;

/// How a list is walked (common to all list operations).
struct paging_options {
    /// Page size requested (clamped to 1..100); the API caps it at 100, which is also the
    /// fastest to walk.
    std::int64_t per_page = 100;
    /// Stop after this many items in total (0: all). The page that reaches the limit is decoded
    /// only up to it: items past the limit are never turned into models.
    std::size_t max_items = 0;
    /// Request page N+1 while page N is being consumed.
    bool prefetch = true;
    /// Start (or resume) at this page.
    std::int64_t start_page = 1;
    /// Fetch at most this many pages (0: no limit). When the server announces more, the items
    /// of the last page are delivered, then the walk ends with error::max_pages_reached; resume
    /// from position().next_page if wanted.
    std::int64_t max_pages = 100'000;
    /// Ask for everything in one response (`without_pagination=true`).
    bool without_pagination = false;
    /// A page holding more items than this is refused with error::bad_response, before its items
    /// become models, so memory follows the page's bytes rather than a server's item count.
    /// 0: `per_page` plus 10 (for servers that send a few more), or 100'000 with
    /// `without_pagination`. max_items, when smaller, wins: the page is then cut, not refused.
    std::size_t max_page_items = 0;
    /// The whole walk must end within this, counted from its first request (0: no limit). Each
    /// page's retries are cut to what remains; once it is spent, the next page fails with
    /// error::deadline_exceeded (the items already fetched are still delivered first).
    std::chrono::milliseconds walk_deadline{0};
};

/// Filters of `GET /runs/{run}/tasks` (client::list_run_tasks), each a query parameter of the
/// same name; what is empty or unset is not sent. Lists are sent comma-separated.
struct run_tasks_filter {
    std::optional<run_task_status> status; ///< `status`
    std::vector<std::int64_t> owners;      ///< `owners`: tasks assigned to these user ids
    std::vector<std::string> guests;       ///< emails
    std::vector<std::string> groups;       ///< `groups`: tasks assigned to these group ids
    std::optional<bool> unassigned;        ///< `unassigned=true|false`
    std::string deadline_start_range;      ///< YYYY-MM-DD, inclusive
    std::string deadline_end_range;        ///< YYYY-MM-DD, inclusive
    std::string deadline_on;               ///< YYYY-MM-DD
    std::string deadline_before;           ///< YYYY-MM-DD
    std::string deadline_after;            ///< YYYY-MM-DD
    task_includes with;                    ///< `with`: what each task includes
    std::optional<run_task_sort> sort;     ///< `sort`; unset: the API's order
    paging_options paging;                 ///< how the list is walked
    call_options options;                  ///< per-call settings, for every page
};

/// Filters of `GET /tasks` (the organisation's tasks; also client::list_my_tasks,
/// list_user_tasks and list_guest_tasks), each a query parameter of the same name; what is
/// empty or unset is not sent. Lists are sent comma-separated.
struct org_tasks_filter {
    std::string q;                           ///< `q`: text searched for
    std::optional<org_task_status> status;   ///< `status`
    std::vector<std::int64_t> owners;        ///< `owners`: tasks assigned to these user ids
    std::vector<std::string> guests;         ///< `guests`: tasks assigned to these emails
    std::vector<std::string> groups;         ///< `groups`: tasks assigned to these group ids
    std::string tag;                         ///< `tag`, sent as given
    std::string folder;                      ///< `folder`, sent as given
    std::string created;                     ///< YYYY-MM-DD or YYYY-MM-DD:YYYY-MM-DD
    std::string deadline_start_range;        ///< YYYY-MM-DD, inclusive
    std::string deadline_end_range;          ///< YYYY-MM-DD, inclusive
    std::string deadline_on;                 ///< YYYY-MM-DD
    std::string deadline_before;             ///< YYYY-MM-DD
    std::string deadline_after;              ///< YYYY-MM-DD
    std::optional<bool> is_oneoff;           ///< `is_oneoff=true|false`
    std::optional<bool> unassigned;          ///< `unassigned=true|false`
    std::optional<archived_filter> archived; ///< `archived`; unset: archived tasks left out
    task_includes with;                      ///< `with`: what each task includes
    std::string sort;      ///< deadline, newest, problems, completed_newest; '-' prefix reverses
    paging_options paging; ///< how the list is walked
    call_options options;  ///< per-call settings, for every page
};

/// Filters of `GET /runs` (client::list_runs), each a query parameter of the same name; what is
/// empty or unset is not sent.
struct runs_filter {
    std::string q;                           ///< `q`: text searched for
    std::optional<run_status_filter> status; ///< `status`
    std::vector<std::int64_t> owners;        ///< `owners`: user ids, comma-separated
    std::string checklist_id;                ///< `checklist_id`: runs of this template
    std::string folder;                      ///< `folder`, sent as given
    std::string tag;                         ///< `tag`, sent as given
    std::optional<bool> starred;             ///< `starred=true|false`
    std::string type;                        ///< procedure, form, document
    std::optional<archived_filter> archived; ///< `archived`; unset: archived runs left out
    run_includes with;                       ///< `with`: what each run includes
    std::string sort;                        ///< e.g. "-created_at"
    paging_options paging;                   ///< how the list is walked
    call_options options;                    ///< per-call settings, for every page
};

/// Filters of `GET /users` (the organisation's members). The API has no status or role filter:
/// every member comes back with its `status` (active, invited, disabled) and `role`.
struct users_filter {
    std::string q;         ///< matches first name, last name or email
    std::string sort;      ///< a field, "-" first for descending, e.g. "-last_name"
    std::string with;      ///< includes, comma-separated, e.g. "groups"
    paging_options paging; ///< how the list is walked
    call_options options;  ///< per-call settings, for every page
};

/// What `client::search` looks among, and how its pages are walked.
struct search_filter {
    /// Sent as `on`, in this order; empty: tasks, processes and blueprints.
    std::vector<search_kind> on;
    paging_options paging; ///< how the list is walked
    call_options options;  ///< per-call settings, for every page
};

} // namespace tallyfy
