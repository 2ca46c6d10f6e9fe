// SPDX-License-Identifier: BSL-1.0
// Tasks: list (run and org), get, update (taskdata etc.) and create one-off tasks.
// Over 400 lines: every task route shares the filter, sort and rendering helpers at its top;
// the workflow issue splits it by resource as routes are added.
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

/// Window of a day-granular filter: [from, to) in seconds.
struct window {
    std::optional<unix_seconds> from;
    std::optional<unix_seconds> to;
    bool admits(std::optional<unix_seconds> t) const {
        if (!from && !to)
            return true;
        if (!t)
            return false;
        return (!from || *t >= *from) && (!to || *t < *to);
    }
};

/// Parsed task-list filters; `errors` non-empty when a parameter is invalid.
struct task_filter {
    error_map errors;
    std::string status;
    std::vector<std::int64_t> owners;
    std::vector<std::string> guests;
    std::vector<std::string> groups;
    bool unassigned = false;
    window deadline;
    window created;
    std::string q;
    std::string tag;
    std::string folder;
    std::optional<bool> is_oneoff;
    std::string archived;

    std::optional<unix_seconds> day(const request_target& t, const char* key) {
        auto v = t.param(key);
        if (!v || v->empty())
            return std::nullopt;
        auto ts = parse_timestamp(*v);
        if (!ts) {
            errors[key].push_back(std::string("The ") + attribute_name(key) +
                                  " is not a valid date.");
            return std::nullopt;
        }
        return start_of_day(*ts);
    }

    task_filter(const request_target& t, bool org_level) {
        status = std::string(t.param("status").value_or(""));
        static const std::vector<std::string> known = {
            "",           "all",        "complete",    "completed",  "active",  "active_visible",
            "incomplete", "inprogress", "not-started", "hasproblem", "overdue", "due_soon"};
        if (!contains(known, status))
            errors["status"].push_back("The selected status is invalid.");
        for (const auto& s : split_csv(t.param("owners").value_or(""))) {
            auto id = user_id_value(json::value(json::string(s)));
            if (!id) {
                errors["owners"].push_back(
                    "The owners must be a comma-separated list of user ids.");
                break;
            }
            owners.push_back(*id);
        }
        guests = split_csv(t.param("guests").value_or(""));
        groups = split_csv(t.param("groups").value_or(""));
        unassigned = t.flag("unassigned");
        if (auto on = day(t, "deadline_on")) {
            deadline = {*on, *on + 86400};
        } else {
            auto start = day(t, "deadline_start_range");
            auto end = day(t, "deadline_end_range");
            auto before = day(t, "deadline_before");
            auto after = day(t, "deadline_after");
            if (start)
                deadline.from = *start;
            if (end)
                deadline.to = *end + 86400;
            if (after)
                deadline.from = std::max(deadline.from.value_or(*after + 86400), *after + 86400);
            if (before)
                deadline.to = std::min(deadline.to.value_or(*before), *before);
        }
        if (!org_level)
            return;
        q = std::string(t.param("q").value_or(""));
        tag = std::string(t.param("tag").value_or(""));
        folder = std::string(t.param("folder").value_or(""));
        if (auto v = t.param("is_oneoff"); v && !v->empty())
            is_oneoff = *v == "true" || *v == "1";
        archived = std::string(t.param("archived").value_or(""));
        if (!archived.empty() && archived != "true" && archived != "only" && archived != "false")
            errors["archived"].push_back("The archived must be one of: true, only, false.");
        if (auto cr = t.param("created"); cr && !cr->empty()) {
            const auto colon = cr->find(':', 10);
            auto from = parse_timestamp(
                cr->substr(0, colon == std::string_view::npos ? cr->size() : colon));
            auto to =
                colon == std::string_view::npos ? from : parse_timestamp(cr->substr(colon + 1));
            if (!from || !to || cr->size() < 10)
                errors["created"].push_back(
                    "The created must be YYYY-MM-DD or YYYY-MM-DD:YYYY-MM-DD.");
            else
                created = {start_of_day(*from), start_of_day(*to) + 86400};
        }
    }

    bool admits(const task_record& t, unix_seconds now) const {
        const bool done = t.completed();
        if (status == "complete" || status == "completed") {
            if (!done)
                return false;
        } else if (status == "active" || status == "active_visible") {
            if (t.status != "active" && t.status != "in-progress")
                return false;
        } else if (status == "incomplete") {
            if (done)
                return false;
        } else if (status == "inprogress") {
            if (t.status != "in-progress")
                return false;
        } else if (status == "not-started") {
            if (t.status != "not-started")
                return false;
        } else if (status == "hasproblem") {
            return false; // the emulator never raises problems
        } else if (status == "overdue") {
            if (done || !t.deadline || *t.deadline >= now)
                return false;
        } else if (status == "due_soon") {
            if (done || !t.deadline || *t.deadline < now || *t.deadline > now + 86400)
                return false;
        }
        if (!owners.empty() && std::none_of(owners.begin(), owners.end(),
                                            [&](auto u) { return contains(t.owners.users, u); }))
            return false;
        if (!guests.empty() && std::none_of(guests.begin(), guests.end(), [&](const auto& g) {
                return std::any_of(t.owners.guests.begin(), t.owners.guests.end(),
                                   [&](const auto& e) { return same_email(e, g); });
            }))
            return false;
        if (!groups.empty() && std::none_of(groups.begin(), groups.end(), [&](const auto& g) {
                return contains(t.owners.groups, g);
            }))
            return false;
        if (unassigned && !t.owners.empty())
            return false;
        if (!deadline.admits(t.deadline))
            return false;
        if (!created.admits(t.created_at))
            return false;
        if (!q.empty() && !icontains(t.title, q))
            return false;
        if (!tag.empty() && !contains(t.tags, tag))
            return false;
        if (!folder.empty() && !contains(t.folders, folder))
            return false;
        if (is_oneoff && *is_oneoff != t.is_oneoff())
            return false;
        return true;
    }
};

/// Sorts by `sort` (position, deadline, newest, problems, completed_newest; '-' = descending).
void sort_tasks(std::vector<const task_record*>& v, std::string_view sort, bool org_level) {
    if (sort.empty())
        sort = org_level ? "deadline" : "position";
    const bool desc = sort.front() == '-';
    const std::string_view key = desc ? sort.substr(1) : sort;
    auto by_opt = [desc](const std::optional<unix_seconds>& a,
                         const std::optional<unix_seconds>& b) -> int {
        if (a == b)
            return 0;
        if (!a) // nulls last in both directions
            return 1;
        if (!b)
            return -1;
        return (*a < *b) != desc ? -1 : 1;
    };
    std::stable_sort(v.begin(), v.end(), [&](const task_record* a, const task_record* b) {
        int c = 0;
        if (key == "deadline") {
            c = by_opt(a->deadline, b->deadline);
        } else if (key == "newest") {
            // newest first; "-newest" = oldest first
            if (a->created_at != b->created_at)
                c = (a->created_at > b->created_at) != desc ? -1 : 1;
            else if (a->increment_id != b->increment_id)
                c = (a->increment_id > b->increment_id) != desc ? -1 : 1;
        } else if (key == "completed_newest") {
            c = by_opt(a->completed_at, b->completed_at);
            c = c == 0 || !a->completed_at || !b->completed_at ? c : -c;
        } else if (key == "position") {
            if (a->position != b->position)
                c = (a->position < b->position) != desc ? -1 : 1;
        }
        if (c != 0)
            return c < 0;
        if (a->run_id != b->run_id || a->position == b->position)
            return a->increment_id < b->increment_id;
        return a->position < b->position;
    });
}

} // namespace

pending_response api_emulator::impl::list_run_tasks(const call& c, std::string_view run_id) {
    const run_record* r = run(run_id);
    if (r == nullptr)
        return resource_not_found();
    task_filter f(c.target, false);
    if (!f.errors.empty())
        return validation_error(options.validation, f.errors);
    const unix_seconds now = now_seconds();
    std::vector<const task_record*> selected;
    for (const auto& id : r->task_ids)
        if (const task_record* t = task(id); t != nullptr && f.admits(*t, now))
            selected.push_back(t);
    sort_tasks(selected, c.target.param("sort").value_or(""), false);
    auto with = split_csv(c.target.param("with").value_or(""));
    return json_response(
        200, paginate(
                 selected.size(),
                 [&](std::size_t i) { return json::value(task_json(*selected[i], with, false)); },
                 c.target, c.request.origin));
}

pending_response api_emulator::impl::list_user_tasks(const call& c, std::string_view user_id) {
    const auto id = user_id_value(json::value(json::string(user_id)));
    if (!id || user(*id) == nullptr)
        return resource_not_found();
    return list_tasks(c, *id);
}

pending_response api_emulator::impl::list_org_tasks(const call& c) {
    return list_tasks(c, std::nullopt);
}

pending_response api_emulator::impl::list_tasks(const call& c, std::optional<std::int64_t> owner,
                                                const guest_record* guest) {
    request_target target = c.target;
    if (guest != nullptr) // a guest's list pages by 10, whatever is asked
        std::erase_if(target.params, [](const auto& p) {
            return p.first == "per_page" || p.first == "without_pagination";
        });
    task_filter f(target, true);
    if (owner)
        f.owners = {*owner};
    if (guest != nullptr)
        f.guests = {guest->email};
    if (!f.errors.empty())
        return validation_error(options.validation, f.errors);
    const unix_seconds now = now_seconds();
    std::vector<const task_record*> selected;
    for (const auto& id : task_order) {
        const task_record* t = task(id);
        if (t == nullptr)
            continue;
        const bool archived = t->archived_at.has_value();
        if (f.archived == "only" ? !archived : (archived && f.archived != "true"))
            continue;
        if (f.admits(*t, now))
            selected.push_back(t);
    }
    sort_tasks(selected, target.param("sort").value_or(target.param("sort_by").value_or("")), true);
    auto with = split_csv(target.param("with").value_or(""));
    return json_response(
        200, paginate(
                 selected.size(),
                 [&](std::size_t i) { return json::value(task_json(*selected[i], with, false)); },
                 target, c.request.origin));
}

pending_response api_emulator::impl::get_task(const call& c, std::string_view run_id,
                                              std::string_view task_id) {
    if (!run_id.empty() && run(run_id) == nullptr)
        return resource_not_found();
    const task_record* t = task(task_id);
    if (t == nullptr || (!run_id.empty() && t->run_id != run_id))
        return resource_not_found();
    auto with = split_csv(c.target.param("with").value_or(""));
    return data_response(task_json(*t, with, true));
}

pending_response api_emulator::impl::update_task(const call& c, std::string_view run_id,
                                                 std::string_view task_id) {
    const bool process_route = !run_id.empty();
    if (process_route && run(run_id) == nullptr)
        return resource_not_found();
    task_record* t = task(task_id);
    if (t == nullptr || t->archived_at || (process_route && t->run_id != run_id))
        return resource_not_found();
    json::object body;
    if (auto err = parse_body(c.request.body, body))
        return *err;
    field_reader f(body, org);
    // PUT /tasks/{task} (one-off route) requires title, deadline and owners on every call.
    const bool strict = !process_route;
    auto title = f.string("title", strict, 600);
    auto summary = f.string("summary", false);
    auto deadline = f.timestamp("deadline", strict);
    auto started_at = f.timestamp("started_at", false);
    std::optional<owners_record> owners;
    if (f.has("owners"))
        owners = f.owners(body["owners"], "owners");
    else if (strict)
        f.fail("owners", "The owners field is required.");
    auto prevent = f.boolean("prevent_guest_comment");
    std::optional<std::string> webhook;
    const bool has_webhook = body.if_contains("webhook") != nullptr;
    if (has_webhook)
        webhook = f.string("webhook", false);
    std::optional<std::int64_t> max_assignable;
    if (f.has("max_assignable")) {
        auto v = user_id_value(body["max_assignable"]);
        if (!v || !body["max_assignable"].is_number())
            f.fail("max_assignable", "The max assignable must be an integer.");
        else
            max_assignable = *v;
    }
    json::object taskdata;
    if (f.has("taskdata")) {
        json::value& tv = body["taskdata"];
        if (!tv.is_object()) {
            f.fail("taskdata", "The taskdata must be an object keyed by form field id.");
        } else {
            const auto& fields = fields_of(*t);
            for (auto& [key, value] : tv.get_object()) {
                auto it = std::find_if(fields.begin(), fields.end(),
                                       [&key = key](const form_field& ff) { return ff.id == key; });
                if (it == fields.end())
                    continue; // unknown keys are dropped silently, as the real API does
                json::value v = value;
                if (auto msg = check_field_value(*it, v))
                    f.fail("taskdata." + std::string(key), *msg);
                else
                    taskdata[key] = std::move(v);
            }
        }
    }
    if (!f.errors.empty())
        return validation_error(options.validation, f.errors);
    if (t->completed())
        return validation_error(
            options.validation,
            {{"task_id", {"A completed task cannot be updated. Reopen it first."}}});
    if (title)
        t->title = *title;
    if (summary)
        t->summary = *summary;
    if (deadline)
        t->deadline = deadline;
    if (started_at)
        t->started_at = started_at;
    if (owners)
        t->owners = std::move(*owners);
    if (prevent)
        t->prevent_guest_comment = *prevent;
    if (has_webhook)
        t->webhook = webhook;
    if (max_assignable)
        t->max_assignable = *max_assignable;
    for (auto& [key, value] : taskdata)
        t->taskdata[key] = std::move(value);
    t->last_updated = now_seconds();
    auto with = split_csv(c.target.param("with").value_or(""));
    return data_response(task_json(*t, with, true));
}

pending_response api_emulator::impl::create_task(const call& c) {
    json::object body;
    if (auto err = parse_body(c.request.body, body))
        return *err;
    field_reader f(body, org);
    auto title = f.string("title", true, 600);
    auto task_type = f.string("task_type", true);
    static const std::vector<std::string> types = {"task", "approval", "expiring", "email",
                                                   "expiring_email"};
    if (task_type && !contains(types, *task_type))
        f.fail("task_type", "The selected task type is invalid.");
    std::optional<owners_record> owners;
    if (f.has("owners"))
        owners = f.owners(body["owners"], "owners");
    else
        f.fail("owners", "The owners field is required.");
    auto deadline = f.timestamp("deadline", true);
    auto description = f.string("description", false);
    auto started_at = f.timestamp("started_at", false);
    auto everyone = f.boolean("everyone_must_complete");
    auto only_assignees = f.boolean("can_complete_only_assignees");
    auto prevent = f.boolean("prevent_guest_comment");
    auto top_secret = f.boolean("top_secret");
    auto webhook = f.string("webhook", false);
    auto tags = f.strings("tags");
    auto folders = f.strings("folders");
    std::int64_t max_assignable = 0;
    if (f.has("max_assignable")) {
        if (!body["max_assignable"].is_int64())
            f.fail("max_assignable", "The max assignable must be an integer.");
        else
            max_assignable = body["max_assignable"].get_int64();
    }
    std::vector<form_field> fields;
    if (f.has("form_fields")) {
        const json::value& fv = body["form_fields"];
        if (!fv.is_array()) {
            f.fail("form_fields", "The form fields must be an array.");
        } else {
            static const std::vector<std::string> kinds = {
                "text", "textarea", "date", "radio", "dropdown", "multiselect", "file", "email"};
            for (std::size_t i = 0; i < fv.get_array().size(); ++i) {
                const std::string field = "form_fields." + std::to_string(i);
                const json::value& e = fv.get_array()[i];
                const json::object* o = e.if_object();
                const json::value* label = o != nullptr ? o->if_contains("label") : nullptr;
                const json::value* kind = o != nullptr ? o->if_contains("field_type") : nullptr;
                if (label == nullptr || !label->is_string() || kind == nullptr ||
                    !kind->is_string() || !contains(kinds, std::string(kind->get_string()))) {
                    f.fail(field, "Each form field needs a string label and a known field_type.");
                    continue;
                }
                form_field ff;
                ff.id = new_id();
                ff.label = std::string(label->get_string());
                ff.field_type = std::string(kind->get_string());
                ff.position = static_cast<int>(i) + 1;
                if (const auto* req = o->if_contains("required"); req != nullptr && req->is_bool())
                    ff.required = req->get_bool();
                if (const auto* opts = o->if_contains("options");
                    opts != nullptr && opts->is_array()) {
                    std::int64_t next = 1;
                    for (const auto& op : opts->get_array()) {
                        if (op.is_string())
                            ff.options.push_back({next++, std::string(op.get_string())});
                        else if (op.is_object() && op.get_object().if_contains("text") != nullptr &&
                                 op.get_object().at("text").is_string())
                            ff.options.push_back(
                                {next++, std::string(op.get_object().at("text").get_string())});
                    }
                }
                fields.push_back(std::move(ff));
            }
        }
    }
    if (!f.errors.empty())
        return validation_error(options.validation, f.errors);
    const unix_seconds now = now_seconds();
    task_record t;
    t.id = new_id();
    t.increment_id = ++next_increment;
    t.title = *title;
    t.summary = description.value_or(std::string());
    t.task_type = *task_type;
    t.owners = std::move(*owners);
    t.deadline = deadline;
    t.started_at = started_at.value_or(now);
    t.status = *t.started_at > now ? "not-started" : "active";
    t.created_at = t.last_updated = now;
    t.starter_id = c.user_id;
    t.everyone_must_complete = everyone.value_or(false);
    t.can_complete_only_assignees = only_assignees.value_or(false);
    t.prevent_guest_comment = prevent.value_or(false);
    t.top_secret = top_secret.value_or(false);
    t.webhook = webhook;
    t.max_assignable = max_assignable;
    t.tags = tags.value_or(std::vector<std::string>{});
    t.folders = folders.value_or(std::vector<std::string>{});
    t.form_fields = std::move(fields);
    t.position = 0;
    task_order.push_back(t.id);
    auto [it, inserted] = tasks.emplace(t.id, std::move(t));
    (void)inserted;
    auto with = split_csv(c.target.param("with").value_or(""));
    return data_response(task_json(it->second, with, true), 201);
}

} // namespace tallyfy::sandbox
