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
    complete,
    active,
    active_visible,
    incomplete,
    inprogress,
    not_started,
    hasproblem,
    overdue,
    due_soon
};
/// `status` filter of `GET /tasks`.
enum class org_task_status {
    active,
    complete,
    incomplete,
    inprogress,
    overdue,
    due_soon,
    hasproblem
};
/// What `GET /search` looks among (its `on` parameter): tasks, processes (runs), blueprints
/// (templates), template steps, form fields (captures), snippets.
enum class search_kind { task, process, blueprint, step, capture, snippet };
/// `status` filter of `GET /runs`.
enum class run_status_filter { active, problem, delayed, complete, archived, starred, improvement };
/// `archived` filter: include archived items, or only them.
enum class archived_filter { include, only };
/// `sort` of run tasks.
enum class run_task_sort { position, deadline, position_desc, deadline_desc };

std::string_view to_string(run_task_status) noexcept;
std::string_view to_string(org_task_status) noexcept;
std::string_view to_string(run_status_filter) noexcept;
std::string_view to_string(archived_filter) noexcept;
std::string_view to_string(run_task_sort) noexcept;
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

/// Every filter of the list-process-tasks seed.
struct run_tasks_filter {
    std::optional<run_task_status> status;
    std::vector<std::int64_t> owners;
    std::vector<std::string> guests; ///< emails
    std::vector<std::string> groups;
    std::optional<bool> unassigned;
    std::string deadline_start_range; ///< YYYY-MM-DD, inclusive
    std::string deadline_end_range;   ///< YYYY-MM-DD, inclusive
    std::string deadline_on;          ///< YYYY-MM-DD
    std::string deadline_before;      ///< YYYY-MM-DD
    std::string deadline_after;       ///< YYYY-MM-DD
    task_includes with;
    std::optional<run_task_sort> sort;
    paging_options paging;
    call_options options;
};

/// Filters of `GET /tasks` (the organisation's tasks).
struct org_tasks_filter {
    std::string q;
    std::optional<org_task_status> status;
    std::vector<std::int64_t> owners;
    std::vector<std::string> guests;
    std::vector<std::string> groups;
    std::string tag;
    std::string folder;
    std::string created; ///< YYYY-MM-DD or YYYY-MM-DD:YYYY-MM-DD
    std::string deadline_start_range;
    std::string deadline_end_range;
    std::string deadline_on;
    std::string deadline_before;
    std::string deadline_after;
    std::optional<bool> is_oneoff;
    std::optional<bool> unassigned;
    std::optional<archived_filter> archived;
    task_includes with;
    std::string sort; ///< deadline, newest, problems, completed_newest; '-' prefix reverses
    paging_options paging;
    call_options options;
};

/// Filters of `GET /runs`.
struct runs_filter {
    std::string q;
    std::optional<run_status_filter> status;
    std::vector<std::int64_t> owners;
    std::string checklist_id;
    std::string folder;
    std::string tag;
    std::optional<bool> starred;
    std::string type; ///< procedure, form, document
    std::optional<archived_filter> archived;
    run_includes with;
    std::string sort; ///< e.g. "-created_at"
    paging_options paging;
    call_options options;
};

/// Filters of `GET /users` (the organisation's members). The API has no status or role filter:
/// every member comes back with its `status` (active, invited, disabled) and `role`.
struct users_filter {
    std::string q;    ///< matches first name, last name or email
    std::string sort; ///< a field, "-" first for descending, e.g. "-last_name"
    std::string with; ///< includes, comma-separated, e.g. "groups"
    paging_options paging;
    call_options options;
};

/// What `client::search` looks among, and how its pages are walked.
struct search_filter {
    /// Sent as `on`, in this order; empty: tasks, processes and blueprints.
    std::vector<search_kind> on;
    paging_options paging;
    call_options options;
};

} // namespace tallyfy
