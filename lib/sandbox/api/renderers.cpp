// SPDX-License-Identifier: BSL-1.0
// JSON renderings of tasks, runs, checklists and steps, with Fractal-wrapped `with=` includes.
#include "emulator_state.hpp"

#include <algorithm>
#include <cmath>

namespace tallyfy::sandbox {
namespace json = boost::json;
using namespace detail;

namespace {

json::value ts_or_null(const std::optional<unix_seconds>& t) {
    return t ? json::value(format_timestamp(*t)) : json::value(nullptr);
}

bool wants(const std::vector<std::string>& with, std::string_view name) {
    return std::find(with.begin(), with.end(), name) != with.end();
}

/// A relation asked for by name or through one of its own includes: `with=tasks.step` includes
/// the tasks too (Fractal's parent includes).
bool wants_relation(const std::vector<std::string>& with, std::string_view name) {
    return std::any_of(with.begin(), with.end(), [name](const std::string& w) {
        return w == name || (w.size() > name.size() && w.compare(0, name.size(), name) == 0 &&
                             w[name.size()] == '.');
    });
}

json::object wrap(json::value v) {
    json::object o;
    o["data"] = std::move(v);
    return o;
}

std::string status_label(std::string_view status) {
    if (status == "not-started")
        return "Not Started";
    if (status == "in-progress")
        return "In Progress";
    if (status == "completed")
        return "Completed";
    if (status == "active")
        return "Active";
    return std::string(status);
}

json::array named_json(const std::vector<named_record>& all, const std::vector<std::string>& ids) {
    json::array out;
    for (const auto& id : ids) {
        auto it = std::find_if(all.begin(), all.end(), [&](const auto& n) { return n.id == id; });
        out.push_back(
            json::object{{"id", id}, {"title", it != all.end() ? it->name : std::string()}});
    }
    return out;
}

json::array string_array(const std::vector<std::string>& v) {
    json::array a;
    for (const auto& s : v)
        a.push_back(json::string(s));
    return a;
}

json::array int_array(const std::vector<std::int64_t>& v) {
    json::array a;
    for (auto i : v)
        a.push_back(i);
    return a;
}

json::array fields_with_values(const std::vector<form_field>& fields, const json::object& values,
                               bool include_values) {
    json::array out;
    for (const auto& f : fields) {
        json::object o = field_to_json(f);
        if (include_values) {
            const auto* v = values.if_contains(f.id);
            o["value"] = v != nullptr ? *v : json::value(nullptr);
        }
        out.push_back(std::move(o));
    }
    return out;
}

/// Sub-includes of a nested relation: with=tasks.step -> {"step"} for prefix "tasks".
std::vector<std::string> nested(const std::vector<std::string>& with, std::string_view prefix) {
    std::vector<std::string> out;
    for (const auto& w : with)
        if (w.size() > prefix.size() + 1 && w.compare(0, prefix.size(), prefix) == 0 &&
            w[prefix.size()] == '.')
            out.push_back(w.substr(prefix.size() + 1));
    return out;
}

} // namespace

json::object api_emulator::impl::task_json(const task_record& t,
                                           const std::vector<std::string>& with,
                                           bool single) const {
    auto nullable_str = [](const std::string& s) {
        return s.empty() ? json::value(nullptr) : json::value(s);
    };
    json::object o;
    o.reserve(48);
    o["id"] = t.id;
    o["increment_id"] = t.increment_id;
    o["title"] = t.title;
    o["original_title"] = t.title;
    o["alias"] = t.alias;
    o["run_id"] = nullable_str(t.run_id);
    o["checklist_id"] = nullable_str(t.checklist_id);
    o["step_id"] = nullable_str(t.step_id);
    o["linked_step_id"] = nullptr;
    o["stage_id"] = nullptr;
    o["status"] = t.status;
    o["status_label"] = status_label(t.status);
    o["task_type"] = t.task_type;
    o["is_approved"] = t.is_approved ? json::value(*t.is_approved) : json::value(nullptr);
    o["is_completable"] = !t.completed();
    o["is_oneoff_task"] = t.is_oneoff();
    o["position"] = t.position;
    o["blueprint_position"] = t.position;
    o["owners"] = json::object{{"users", int_array(t.owners.users)},
                               {"guests", string_array(t.owners.guests)},
                               {"groups", string_array(t.owners.groups)}};
    o["taskdata"] = t.taskdata;
    o["deadline"] = ts_or_null(t.deadline);
    o["started_at"] = ts_or_null(t.started_at);
    o["created_at"] = format_timestamp(t.created_at);
    o["last_updated"] = format_timestamp(t.last_updated);
    o["completed_at"] = ts_or_null(t.completed_at);
    o["archived_at"] = ts_or_null(t.archived_at);
    o["starter_id"] = t.starter_id;
    o["completer_id"] = t.completer_id ? json::value(*t.completer_id) : json::value(nullptr);
    o["completer_guest"] = nullptr;
    o["everyone_must_complete"] = t.everyone_must_complete;
    o["can_complete_only_assignees"] = t.can_complete_only_assignees;
    o["max_assignable"] = t.max_assignable;
    o["webhook"] = t.webhook ? json::value(*t.webhook) : json::value(nullptr);
    o["prevent_guest_comment"] = t.prevent_guest_comment;
    o["top_secret"] = t.top_secret;
    o["problem"] = false;
    o["is_soft_start_date"] = false;
    o["completion_progress"] = nullptr;
    const run_record* r = nullptr;
    if (!t.is_oneoff()) {
        auto it = runs.find(t.run_id);
        r = it != runs.end() ? &it->second : nullptr;
        o["run_status"] = r != nullptr ? json::value(r->status) : json::value(nullptr);
    }
    if (single || wants(with, "summary")) {
        o["summary"] = t.summary;
        o["original_summary"] = t.summary;
    }
    if (wants(with, "run") || wants(with, "run.checklist")) {
        std::vector<std::string> sub = nested(with, "run");
        o["run"] =
            r != nullptr ? json::value(wrap(run_json(*r, sub, false))) : json::value(wrap(nullptr));
    }
    if (wants(with, "step")) {
        const step_record* s = step(t);
        const checklist_record* c = checklist(t.checklist_id);
        o["step"] = s != nullptr && c != nullptr ? wrap(step_json(*s, *c)) : wrap(nullptr);
    }
    if (wants(with, "form_fields"))
        o["form_fields"] = wrap(fields_with_values(fields_of(t), t.taskdata, true));
    if (wants(with, "tags"))
        o["tags"] = wrap(named_json(org.tags, t.tags));
    if (wants(with, "folders"))
        o["folders"] = wrap(named_json(org.folders, t.folders));
    if (wants(with, "ko-form-fields") || wants(with, "ko_form_fields")) {
        const checklist_record* c = checklist(t.checklist_id);
        o["ko_form_fields"] =
            wrap(c != nullptr && r != nullptr ? fields_with_values(c->prerun, r->prerun, true)
                                              : json::array());
    }
    if (wants(with, "threads")) {
        json::array threads;
        for (const auto& th : t.threads)
            threads.push_back(thread_json(th));
        o["threads"] = wrap(std::move(threads));
    }
    if (wants(with, "issues")) { // the open problems
        json::array issues;
        for (const auto& th : t.threads)
            if (th.label == "problem" && !th.resolved)
                issues.push_back(thread_json(th));
        o["issues"] = wrap(std::move(issues));
    }
    for (const char* empty :
         {"comments", "assets", "roles", "activities", "member_watchers", "guest_watchers"})
        if (wants(with, empty))
            o[empty] = wrap(json::array());
    if (wants(with, "threads_count"))
        o["threads_count"] = t.threads.size();
    return o;
}

json::object api_emulator::impl::progress_json(const run_record& r) const {
    std::int64_t done = 0;
    for (const auto& id : r.task_ids)
        if (auto it = tasks.find(id); it != tasks.end() && it->second.completed())
            ++done;
    const auto total = static_cast<std::int64_t>(r.task_ids.size());
    const double percent =
        total == 0 ? 0.0 : static_cast<double>(done) * 100.0 / static_cast<double>(total);
    // whole percentages as integers (0, 50, 100), otherwise rounded to two decimals
    json::value pct;
    if (total == 0 || (done * 100) % total == 0)
        pct = total == 0 ? 0 : done * 100 / total;
    else
        pct = std::round(percent * 100.0) / 100.0;
    return {{"complete", done}, {"total", total}, {"percent", std::move(pct)}};
}

json::value api_emulator::impl::next_task_json(const run_record& r) const {
    // First visible (not auto-skipped/skipped) incomplete task by position; null when none.
    const task_record* best = nullptr;
    for (const auto& id : r.task_ids) {
        auto it = tasks.find(id);
        if (it == tasks.end())
            continue;
        const task_record& t = it->second;
        if (t.completed() || t.status == "auto-skipped" || t.status == "skipped" || t.archived_at)
            continue;
        if (best == nullptr || t.position < best->position)
            best = &t;
    }
    if (best == nullptr)
        return nullptr;
    return task_json(*best, {}, false);
}

json::object api_emulator::impl::run_json(const run_record& r, const std::vector<std::string>& with,
                                          bool form_values) const {
    const checklist_record* c = checklist(r.checklist_id);
    const unix_seconds now = now_seconds();
    std::optional<unix_seconds> max_deadline;
    std::int64_t late = 0;
    bool due_soon = false;
    for (const auto& id : r.task_ids) {
        auto it = tasks.find(id);
        if (it == tasks.end() || !it->second.deadline)
            continue;
        const unix_seconds d = *it->second.deadline;
        max_deadline = max_deadline ? std::max(*max_deadline, d) : d;
        if (!it->second.completed()) {
            late += d < now ? 1 : 0;
            due_soon = due_soon || (d >= now && d <= now + 86400);
        }
    }
    json::object o;
    o.reserve(48);
    o["id"] = r.id;
    o["increment_id"] = r.increment_id;
    o["checklist_id"] = r.checklist_id;
    o["checklist_title"] = c != nullptr ? c->title : std::string();
    o["name"] = r.name;
    o["summary"] = r.summary;
    o["status"] = r.status;
    o["progress"] = progress_json(r);
    o["whole_progress"] = progress_json(r);
    o["started_by"] = r.started_by;
    o["owner_id"] = r.owner_id;
    o["prerun"] = r.prerun;
    o["prerun_status"] = r.prerun_completed_at ? "complete" : "in-progress";
    o["prerun_completed_at"] = ts_or_null(r.prerun_completed_at);
    o["prerun_completed_by"] =
        r.prerun_completed_by ? json::value(*r.prerun_completed_by) : json::value(nullptr);
    o["starred"] = r.starred;
    o["is_public"] = r.is_public;
    o["parent_id"] = r.parent_id ? json::value(*r.parent_id) : json::value(nullptr);
    o["type"] = c != nullptr ? c->type : std::string("procedure");
    o["created_at"] = format_timestamp(r.created_at);
    o["started_at"] = format_timestamp(r.created_at);
    o["last_updated"] = format_timestamp(r.last_updated);
    o["completed_at"] = ts_or_null(r.completed_at);
    o["archived_at"] = ts_or_null(r.archived_at);
    o["due_date"] = ts_or_null(max_deadline);
    o["max_task_deadline"] = ts_or_null(max_deadline);
    o["due_date_passed"] = r.status != "complete" && max_deadline && *max_deadline < now;
    o["due_soon"] = due_soon;
    o["late_tasks"] = late;
    o["has_open_issue"] = false;
    o["collaborators"] = int_array(r.users);
    o["users"] = int_array(r.users);
    o["groups"] = string_array(r.groups);
    o["roles"] = r.roles;
    if (wants(with, "checklist") && c != nullptr)
        o["checklist"] = wrap(checklist_json(*c, false));
    if (wants_relation(with, "tasks")) {
        const std::vector<std::string> sub = nested(with, "tasks");
        json::array list;
        for (const auto& id : r.task_ids)
            if (auto it = tasks.find(id); it != tasks.end())
                list.push_back(task_json(it->second, sub, false));
        o["tasks"] = wrap(std::move(list));
    }
    if (wants(with, "tags"))
        o["tags"] = wrap(named_json(org.tags, r.tags));
    if (wants(with, "folders"))
        o["folders"] = wrap(named_json(org.folders, r.folders));
    if (wants(with, "form_fields") && c != nullptr)
        o["form_fields"] = wrap(run_fields_json(r, form_values));
    if ((wants(with, "ko_form_fields") || wants(with, "ko-form-fields")) && c != nullptr)
        o["ko_form_fields"] = wrap(fields_with_values(c->prerun, r.prerun, form_values));
    if (wants(with, "next_task"))
        o["next_task"] = next_task_json(r);
    if (wants(with, "threads")) { // the comments posted on the run itself
        json::array threads;
        if (auto it = subject_threads.find("runs/" + r.id); it != subject_threads.end())
            for (const auto& th : it->second)
                threads.push_back(thread_json(th));
        o["threads"] = wrap(std::move(threads));
    }
    for (const char* empty : {"assets", "stages", "member_watchers", "guest_watchers"})
        if (wants(with, empty))
            o[empty] = wrap(json::array());
    return o;
}

json::object api_emulator::impl::step_json(const step_record& s, const checklist_record& c) const {
    json::array fields;
    for (const auto& f : s.form_fields)
        fields.push_back(field_to_json(f));
    return {{"id", s.id},
            {"checklist_id", c.id},
            {"title", s.title},
            {"alias", s.alias},
            {"summary", s.summary},
            {"task_type", s.task_type},
            {"position", s.position},
            {"deadline", json::object{{"value", s.deadline_days}, {"unit", "days"}}},
            {"owners", json::object{{"users", int_array(s.owner_users)},
                                    {"guests", json::array()},
                                    {"groups", json::array()}}},
            {"captures", wrap(std::move(fields))}};
}

json::array api_emulator::impl::run_fields_json(const run_record& r, bool values) const {
    json::array fields;
    for (const auto& id : r.task_ids) {
        auto it = tasks.find(id);
        if (it == tasks.end())
            continue;
        for (auto& f : fields_with_values(fields_of(it->second), it->second.taskdata, values)) {
            f.get_object()["task_id"] = it->second.id;
            fields.push_back(std::move(f));
        }
    }
    return fields;
}

json::array api_emulator::impl::step_fields_json(const checklist_record& c) const {
    json::array fields;
    for (const auto& s : c.steps)
        for (const auto& f : s.form_fields) {
            json::object o = field_to_json(f);
            o["step_id"] = s.id;
            fields.push_back(std::move(o));
        }
    return fields;
}

json::object api_emulator::impl::checklist_json(const checklist_record& c, bool full) const {
    json::object o{{"id", c.id},
                   {"title", c.title},
                   {"summary", c.summary},
                   {"type", c.type},
                   {"status", c.status},
                   {"owner_id", c.owner_id},
                   {"users", int_array(c.users)},
                   {"groups", string_array(c.groups)},
                   {"steps_count", c.steps.size()},
                   {"kickoff_fields_count", c.prerun.size()},
                   {"created_at", c.created_at != 0 ? json::value(format_timestamp(c.created_at))
                                                    : json::value(nullptr)},
                   {"last_updated", c.last_updated != 0
                                        ? json::value(format_timestamp(c.last_updated))
                                        : json::value(nullptr)},
                   {"archived_at", ts_or_null(c.archived_at)}};
    if (full) {
        json::array steps;
        for (const auto& s : c.steps)
            steps.push_back(step_json(s, c));
        json::array prerun;
        for (const auto& f : c.prerun)
            prerun.push_back(field_to_json(f));
        o["steps"] = wrap(std::move(steps));
        // Inlined as a plain array, as the official client reads `data.automated_actions`.
        o["automated_actions"] = json::array(c.automations.begin(), c.automations.end());
        // A plain array, not Fractal-wrapped: what the real API sends (the official client reads
        // `data.prerun` as the list of kick-off fields).
        o["prerun"] = std::move(prerun);
    }
    return o;
}

} // namespace tallyfy::sandbox
