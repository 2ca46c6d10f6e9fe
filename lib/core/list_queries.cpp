// SPDX-License-Identifier: BSL-1.0
#include "core/list_queries.hpp"

#include "core/codec/request_codecs.hpp"

namespace tallyfy {

std::string_view to_string(run_task_status s) noexcept {
    switch (s) {
    case run_task_status::complete:
        return "complete";
    case run_task_status::active:
        return "active";
    case run_task_status::active_visible:
        return "active_visible";
    case run_task_status::incomplete:
        return "incomplete";
    case run_task_status::inprogress:
        return "inprogress";
    case run_task_status::not_started:
        return "not-started";
    case run_task_status::hasproblem:
        return "hasproblem";
    case run_task_status::overdue:
        return "overdue";
    case run_task_status::due_soon:
        return "due_soon";
    }
    return "";
}

std::string_view to_string(org_task_status s) noexcept {
    switch (s) {
    case org_task_status::active:
        return "active";
    case org_task_status::complete:
        return "complete";
    case org_task_status::incomplete:
        return "incomplete";
    case org_task_status::inprogress:
        return "inprogress";
    case org_task_status::overdue:
        return "overdue";
    case org_task_status::due_soon:
        return "due_soon";
    case org_task_status::hasproblem:
        return "hasproblem";
    }
    return "";
}

std::string_view to_string(run_status_filter s) noexcept {
    switch (s) {
    case run_status_filter::active:
        return "active";
    case run_status_filter::problem:
        return "problem";
    case run_status_filter::delayed:
        return "delayed";
    case run_status_filter::complete:
        return "complete";
    case run_status_filter::archived:
        return "archived";
    case run_status_filter::starred:
        return "starred";
    case run_status_filter::improvement:
        return "improvement";
    }
    return "";
}

std::string_view to_string(archived_filter a) noexcept {
    return a == archived_filter::only ? "only" : "true";
}

std::string_view to_string(run_task_sort s) noexcept {
    switch (s) {
    case run_task_sort::position:
        return "position";
    case run_task_sort::deadline:
        return "deadline";
    case run_task_sort::position_desc:
        return "-position";
    case run_task_sort::deadline_desc:
        return "-deadline";
    }
    return "";
}

std::string_view to_string(search_kind k) noexcept {
    switch (k) {
    case search_kind::task:
        return "task";
    case search_kind::process:
        return "process";
    case search_kind::blueprint:
        return "blueprint";
    case search_kind::step:
        return "step";
    case search_kind::capture:
        return "capture";
    case search_kind::snippet:
        return "snippet";
    }
    return "";
}

std::optional<search_kind> search_kind_from_string(std::string_view name) noexcept {
    for (auto k : {search_kind::task, search_kind::process, search_kind::blueprint,
                   search_kind::step, search_kind::capture, search_kind::snippet})
        if (to_string(k) == name)
            return k;
    return std::nullopt;
}

namespace detail {

namespace {

void text(request_target& t, std::string_view key, std::string_view value) {
    if (!value.empty())
        t.query(key, value);
}

void flag(request_target& t, std::string_view key, const std::optional<bool>& value) {
    if (value)
        t.query(key, *value ? "true" : "false");
}

template <class V>
void csv(request_target& t, std::string_view key, const std::vector<V>& values) {
    if (values.empty())
        return;
    std::string joined;
    for (const auto& v : values) {
        if (!joined.empty())
            joined += ',';
        if constexpr (std::is_arithmetic_v<V>)
            joined += std::to_string(v);
        else
            joined += v;
    }
    t.query(key, joined);
}

template <class Filter>
void deadlines(request_target& t, const Filter& f) {
    text(t, "deadline_start_range", f.deadline_start_range);
    text(t, "deadline_end_range", f.deadline_end_range);
    text(t, "deadline_on", f.deadline_on);
    text(t, "deadline_before", f.deadline_before);
    text(t, "deadline_after", f.deadline_after);
}

} // namespace

void add_query(request_target& t, const run_tasks_filter& f) {
    if (f.status)
        t.query("status", to_string(*f.status));
    csv(t, "owners", f.owners);
    csv(t, "guests", f.guests);
    csv(t, "groups", f.groups);
    flag(t, "unassigned", f.unassigned);
    deadlines(t, f);
    text(t, "with", codec::includes_text(f.with));
    if (f.sort)
        t.query("sort", to_string(*f.sort));
}

void add_query(request_target& t, const org_tasks_filter& f) {
    text(t, "q", f.q);
    if (f.status)
        t.query("status", to_string(*f.status));
    csv(t, "owners", f.owners);
    csv(t, "guests", f.guests);
    csv(t, "groups", f.groups);
    text(t, "tag", f.tag);
    text(t, "folder", f.folder);
    text(t, "created", f.created);
    deadlines(t, f);
    flag(t, "is_oneoff", f.is_oneoff);
    flag(t, "unassigned", f.unassigned);
    if (f.archived)
        t.query("archived", to_string(*f.archived));
    text(t, "with", codec::includes_text(f.with));
    text(t, "sort", f.sort);
}

void add_query(request_target& t, const runs_filter& f) {
    text(t, "q", f.q);
    if (f.status)
        t.query("status", to_string(*f.status));
    csv(t, "owners", f.owners);
    text(t, "checklist_id", f.checklist_id);
    text(t, "folder", f.folder);
    text(t, "tag", f.tag);
    flag(t, "starred", f.starred);
    text(t, "type", f.type);
    if (f.archived)
        t.query("archived", to_string(*f.archived));
    text(t, "with", codec::includes_text(f.with));
    text(t, "sort", f.sort);
}

void add_query(request_target& t, const users_filter& f) {
    text(t, "q", f.q);
    text(t, "sort", f.sort);
    text(t, "with", f.with);
}

std::string page_query(std::string_view base, const paging_options& paging, std::int64_t page) {
    std::string out(base);
    out += base.find('?') == std::string_view::npos ? '?' : '&';
    if (paging.without_pagination) {
        out += "without_pagination=true";
        return out;
    }
    out += "page=" + std::to_string(page) +
           "&per_page=" + std::to_string(std::clamp<std::int64_t>(paging.per_page, 1, 100));
    return out;
}

} // namespace detail
} // namespace tallyfy
