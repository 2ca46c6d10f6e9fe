// SPDX-License-Identifier: BSL-1.0
// Runs (processes): launch, get, list, update, archive/activate, delete.
#include "body_fields.hpp"
#include "emulator_state.hpp"
#include "form_values.hpp"
#include "pagination.hpp"

#include <algorithm>
#include <cctype>

namespace tallyfy::sandbox {
namespace json = boost::json;
using namespace detail;

namespace {

struct task_override {
    std::optional<unix_seconds> deadline;
    std::optional<owners_record> owners;
};

} // namespace

pending_response api_emulator::impl::launch_run(const call& c) {
    json::object body;
    if (auto err = parse_body(c.request.body, body))
        return *err;
    field_reader f(body, org);
    auto checklist_id = f.string("checklist_id", true);
    if (!f.errors.empty())
        return validation_error(options.validation, f.errors);
    const checklist_record* cl = checklist(*checklist_id);
    if (cl == nullptr)
        return resource_not_found();
    if (cl->archived_at)
        return validation_error(options.validation,
                                {{"checklist_id", {"An archived template cannot be launched."}}});
    auto name = f.string("name", false, 550);
    auto summary = f.string("summary", false);
    auto owner = f.member("owner_id", false);
    auto starter = f.member("user_id", false);
    auto starred = f.boolean("starred");
    auto is_public = f.boolean("is_public");
    auto parent = f.string("parent_id", false);
    if (parent && runs.count(*parent) == 0)
        f.fail("parent_id", "The selected parent id is invalid.");

    json::object prerun;
    if (f.has("prerun")) {
        json::value& pv = body["prerun"];
        if (!pv.is_object()) {
            f.fail("prerun", "The prerun must be an object.");
        } else {
            for (auto& [key, value] : pv.get_object()) {
                auto it = std::find_if(cl->prerun.begin(), cl->prerun.end(),
                                       [&key = key](const form_field& ff) { return ff.id == key; });
                if (it == cl->prerun.end())
                    continue; // unknown keys are dropped silently, as the real API does
                json::value v = value;
                if (auto msg = check_field_value(*it, v))
                    f.fail("prerun." + std::string(key), *msg);
                else
                    prerun[key] = std::move(v);
            }
        }
    }
    // A required kick-off field left out (or empty) refuses the launch, as the API does; the
    // fields already refused above are not named twice.
    for (const form_field& ff : cl->prerun) {
        const std::string key = "prerun." + ff.id;
        if (ff.required && !field_value_filled(prerun.if_contains(ff.id)) &&
            f.errors.count(key) == 0)
            f.fail(key, "The " + ff.label + " field is required.");
    }
    std::unordered_map<std::string, task_override> overrides;
    if (f.has("tasks")) {
        const json::value& tv = body["tasks"];
        if (!tv.is_object()) {
            f.fail("tasks", "The tasks must be an object keyed by step id.");
        } else {
            for (const auto& [key, value] : tv.get_object()) {
                auto it = std::find_if(cl->steps.begin(), cl->steps.end(),
                                       [&key = key](const step_record& s) { return s.id == key; });
                if (it == cl->steps.end())
                    continue;
                const std::string field = "tasks." + std::string(key);
                if (!value.is_object()) {
                    f.fail(field, "Each task override must be an object.");
                    continue;
                }
                task_override o;
                if (const auto* d = value.get_object().if_contains("deadline");
                    d != nullptr && !d->is_null())
                    o.deadline = f.timestamp_value(*d, field + ".deadline");
                if (const auto* ow = value.get_object().if_contains("owners");
                    ow != nullptr && !ow->is_null())
                    o.owners = f.owners(*ow, field + ".owners");
                overrides[std::string(key)] = std::move(o);
            }
        }
    }
    auto tags = f.strings("tags");
    auto groups = f.strings("groups");
    auto folders = f.strings("folders");
    auto users = f.members("users");
    json::object roles;
    if (f.has("roles")) {
        if (!body["roles"].is_object())
            f.fail("roles", "The roles must be an object.");
        else
            roles = body["roles"].get_object();
    }
    if (!f.errors.empty())
        return validation_error(options.validation, f.errors);

    const unix_seconds now = now_seconds();
    run_record r;
    r.id = new_id();
    r.increment_id = ++next_increment;
    r.checklist_id = cl->id;
    r.name = name && !name->empty() ? *name : cl->title + " - " + format_date(now);
    r.summary = summary.value_or(std::string());
    r.started_by = starter.value_or(c.user_id);
    r.owner_id = owner.value_or(r.started_by);
    r.prerun = std::move(prerun);
    r.prerun_completed_at = now; // a launch submits the kick-off form
    r.prerun_completed_by = r.started_by;
    r.starred = starred.value_or(false);
    r.is_public = is_public.value_or(false);
    r.parent_id = parent;
    r.tags = tags.value_or(std::vector<std::string>{});
    r.groups = groups.value_or(std::vector<std::string>{});
    r.folders = folders.value_or(std::vector<std::string>{});
    r.users = users.value_or(std::vector<std::int64_t>{});
    r.roles = std::move(roles);
    r.created_at = r.last_updated = now;

    std::vector<const step_record*> steps;
    for (const auto& s : cl->steps)
        steps.push_back(&s);
    std::stable_sort(steps.begin(), steps.end(),
                     [](const auto* a, const auto* b) { return a->position < b->position; });
    bool first = true;
    for (const step_record* s : steps) {
        task_record t;
        t.id = new_id();
        t.increment_id = ++next_increment;
        t.title = s->title;
        t.summary = s->summary;
        t.alias = s->alias;
        t.run_id = r.id;
        t.checklist_id = cl->id;
        t.step_id = s->id;
        t.task_type = s->task_type;
        t.position = s->position;
        t.owners.users = s->owner_users;
        t.deadline = now + s->deadline_days * 86400;
        t.tags = r.tags;
        t.folders = r.folders;
        if (auto it = overrides.find(s->id); it != overrides.end()) {
            if (it->second.deadline)
                t.deadline = it->second.deadline;
            if (it->second.owners)
                t.owners = *it->second.owners;
        }
        t.created_at = t.last_updated = now;
        t.starter_id = r.started_by;
        if (first) {
            t.status = "active";
            t.started_at = now;
            first = false;
        }
        r.task_ids.push_back(t.id);
        task_order.push_back(t.id);
        tasks.emplace(t.id, std::move(t));
    }
    run_order.push_back(r.id);
    auto [it, inserted] = runs.emplace(r.id, std::move(r));
    (void)inserted;
    auto with = split_csv(c.target.param("with").value_or(""));
    process_event(it->second, "process.launched");
    return data_response(run_json(it->second, with, c.target.flag("form_fields_values")), 201);
}

pending_response api_emulator::impl::get_run(const call& c, std::string_view run_id) {
    const run_record* r = run(run_id);
    if (r == nullptr)
        return resource_not_found();
    auto with = split_csv(c.target.param("with").value_or(""));
    return data_response(run_json(*r, with, c.target.flag("form_fields_values")));
}

pending_response api_emulator::impl::archive_run(const call& c, std::string_view run_id,
                                                 bool archive) {
    run_record* r = run(run_id);
    if (r == nullptr)
        return resource_not_found();
    const unix_seconds now = now_seconds();
    if (archive == r->archived_at.has_value())
        return data_response(run_json(*r, {}, false)); // already in the requested state
    if (archive) {
        r->status_before_archive = r->status;
        r->status = "archived";
        r->archived_at = now;
    } else {
        r->status = r->status_before_archive.empty() ? "active" : r->status_before_archive;
        r->archived_at.reset();
    }
    for (const auto& id : r->task_ids)
        if (task_record* t = task(id)) {
            if (archive)
                t->archived_at = now;
            else
                t->archived_at.reset();
        }
    r->last_updated = now;
    (void)c;
    return data_response(run_json(*r, {}, false));
}

// `PUT /runs/{id}`: `users` and `groups` replace the members, and a PUT without them empties
// them (RunService::editRun; a rename alone detached everyone on production, 2026-07-21).
pending_response api_emulator::impl::update_run(const call& c, std::string_view run_id) {
    run_record* r = run(run_id);
    if (r == nullptr)
        return resource_not_found();
    json::object body;
    if (auto err = parse_body(c.request.body, body))
        return *err;
    field_reader f(body, org);
    auto name = f.string("name", false, 550);
    auto summary = f.string("summary", false);
    auto owner = f.member("owner_id", false);
    auto starred = f.boolean("starred");
    auto is_public = f.boolean("is_public");
    auto users = f.members("users");
    auto groups = f.strings("groups");
    if (!f.errors.empty())
        return validation_error(options.validation, f.errors);
    if (name && !name->empty())
        r->name = *name;
    if (summary)
        r->summary = *summary;
    if (owner)
        r->owner_id = *owner;
    if (starred)
        r->starred = *starred;
    if (is_public)
        r->is_public = *is_public;
    r->users = users.value_or(std::vector<std::int64_t>{});
    r->groups = groups.value_or(std::vector<std::string>{});
    r->last_updated = now_seconds();
    return data_response(run_json(*r, {}, false));
}

// `DELETE /runs/{id}/delete`: an archived run only (else 422), gone with its tasks; 200 with an
// empty body.
pending_response api_emulator::impl::delete_run(const call&, std::string_view run_id) {
    run_record* r = run(run_id);
    if (r == nullptr)
        return resource_not_found();
    if (!r->archived_at)
        return validation_error(options.validation,
                                {{"run_id", {"Only an archived process can be deleted."}}});
    for (const auto& id : r->task_ids) {
        tasks.erase(id);
        task_order.erase(std::remove(task_order.begin(), task_order.end(), id), task_order.end());
    }
    const std::string id(run_id);
    run_order.erase(std::remove(run_order.begin(), run_order.end(), id), run_order.end());
    runs.erase(id);
    auto of_run = [&](const link_record& l) { return l.subject_id == id; };
    std::erase_if(tag_links, of_run); // its tags and folders go with it
    std::erase_if(folder_links, of_run);
    pending_response out;
    out.status = 200;
    return out;
}

pending_response api_emulator::impl::list_runs(const call& c) {
    const request_target& t = c.target;
    error_map errors;
    const std::string status(t.param("status").value_or(""));
    static const std::vector<std::string> statuses = {"",        "active",  "complete",
                                                      "problem", "delayed", "archived",
                                                      "starred", "issue",   "improvement"};
    if (!contains(statuses, status))
        errors["status"].push_back("The selected status is invalid.");
    std::vector<std::int64_t> owners;
    for (const auto& s : split_csv(t.param("owners").value_or(""))) {
        auto id = user_id_value(json::value(json::string(s)));
        if (!id) {
            errors["owners"].push_back("The owners must be a comma-separated list of user ids.");
            break;
        }
        owners.push_back(*id);
    }
    const std::string archived(t.param("archived").value_or(""));
    if (!archived.empty() && archived != "true" && archived != "only" && archived != "false")
        errors["archived"].push_back("The archived must be one of: true, only, false.");
    if (!errors.empty())
        return validation_error(options.validation, errors);

    const std::string q(t.param("q").value_or(""));
    std::string checklist_id(
        t.param("checklist_id").value_or(t.param("blueprint_id").value_or("")));
    const std::string folder(t.param("folder").value_or(""));
    std::vector<std::string> tag_ids = split_csv(t.param("tag").value_or(""));
    for (auto& s : split_csv(t.param("tag_ids").value_or("")))
        tag_ids.push_back(std::move(s));
    const auto starred = t.param("starred");
    const std::string type(t.param("type").value_or(""));
    const unix_seconds now = now_seconds();

    std::vector<const run_record*> selected;
    for (const auto& id : run_order) {
        const run_record& r = runs.at(id);
        const bool is_archived = r.archived_at.has_value();
        if (archived == "only" || status == "archived") {
            if (!is_archived)
                continue;
        } else if (archived != "true" && is_archived) {
            continue;
        }
        if (!q.empty() && !icontains(r.name, q))
            continue;
        if (status == "active" && r.status != "active")
            continue;
        if (status == "complete" && r.status != "complete")
            continue;
        if (status == "problem" || status == "issue" || status == "improvement")
            continue; // the emulator never raises issues
        if (status == "starred" && !r.starred)
            continue;
        if (status == "delayed") {
            bool late = false;
            for (const auto& tid : r.task_ids) {
                const task_record& tk = tasks.at(tid);
                late = late || (!tk.completed() && tk.deadline && *tk.deadline < now);
            }
            if (r.status != "active" || !late)
                continue;
        }
        if (!owners.empty() && !contains(owners, r.owner_id))
            continue;
        if (!checklist_id.empty() && r.checklist_id != checklist_id)
            continue;
        if (!folder.empty() && !contains(r.folders, folder))
            continue;
        if (!tag_ids.empty() && std::none_of(tag_ids.begin(), tag_ids.end(),
                                             [&](const auto& tg) { return contains(r.tags, tg); }))
            continue;
        if (starred && (*starred == "true" || *starred == "1") != r.starred)
            continue;
        if (!type.empty()) {
            const checklist_record* cl = checklist(r.checklist_id);
            if (cl == nullptr || cl->type != type)
                continue;
        }
        selected.push_back(&r);
    }
    std::string sort(t.param("sort").value_or(t.param("sort_by").value_or("-created_at")));
    const bool desc = !sort.empty() && sort.front() == '-';
    const std::string key = desc ? sort.substr(1) : sort;
    std::stable_sort(
        selected.begin(), selected.end(), [&](const run_record* a, const run_record* b) {
            if (key == "name" || key == "title") {
                if (a->name != b->name)
                    return desc ? a->name > b->name : a->name < b->name;
            } else if (key == "last_updated" || key == "updated_at") {
                if (a->last_updated != b->last_updated)
                    return desc ? a->last_updated > b->last_updated
                                : a->last_updated < b->last_updated;
            } else if (a->created_at != b->created_at) {
                return desc ? a->created_at > b->created_at : a->created_at < b->created_at;
            }
            return desc ? a->increment_id > b->increment_id : a->increment_id < b->increment_id;
        });
    auto with = split_csv(t.param("with").value_or(""));
    const bool values = t.flag("form_fields_values");
    return json_response(
        200, paginate(
                 selected.size(),
                 [&](std::size_t i) { return json::value(run_json(*selected[i], with, values)); },
                 t, c.request.origin));
}

pending_response api_emulator::impl::complete_kickoff(const call& c, std::string_view run_id,
                                                      bool complete) {
    run_record* r = run(run_id);
    if (r == nullptr)
        return resource_not_found();
    if (complete && !r->prerun_completed_at) {
        r->prerun_completed_at = now_seconds();
        r->prerun_completed_by = c.user_id;
    } else if (!complete) {
        r->prerun_completed_at.reset();
        r->prerun_completed_by.reset();
    }
    r->last_updated = now_seconds();
    return data_response(run_json(*r, {}, false));
}

// The run with its tasks and every form value: what an export carries.
pending_response api_emulator::impl::export_run(const call&, std::string_view run_id) {
    const run_record* r = run(run_id);
    if (r == nullptr)
        return resource_not_found();
    return data_response(run_json(*r, {"tasks", "form_fields", "ko_form_fields"}, true));
}

} // namespace tallyfy::sandbox
