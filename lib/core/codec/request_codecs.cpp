// SPDX-License-Identifier: BSL-1.0
#include "core/codec/request_codecs.hpp"

#include <boost/json/serialize.hpp>

#include <stdexcept>

namespace tallyfy::codec {

namespace json = boost::json;

namespace {

json::object owners_json(const owners& o) {
    // All three buckets are always sent: the API empties a bucket that is missing.
    json::object out;
    json::array users, guests, groups;
    for (auto u : o.users)
        users.push_back(u);
    for (auto& g : o.guests)
        guests.push_back(json::string(g));
    for (auto& g : o.groups)
        groups.push_back(json::string(g));
    out["users"] = std::move(users);
    out["guests"] = std::move(guests);
    out["groups"] = std::move(groups);
    return out;
}

template <class T>
json::array array_of(const std::vector<T>& items) {
    json::array a;
    for (const auto& i : items)
        a.emplace_back(i);
    return a;
}

} // namespace

json::value field_value_json(const field_value& value) {
    struct visitor {
        json::value operator()(const std::string& s) const { return json::string(s); }
        json::value operator()(const dropdown_choice& c) const {
            return json::object{{"id", c.id}, {"text", c.text}};
        }
        json::value operator()(const std::vector<checklist_choice>& items) const {
            json::array a;
            for (auto& c : items)
                a.push_back(json::object{{"id", c.id}, {"text", c.text}, {"selected", c.selected}});
            return a;
        }
        json::value operator()(const json::array& files) const { return files; }
    };
    return std::visit(visitor{}, value);
}

namespace {

std::size_t utf8_length(const std::string& s) {
    std::size_t n = 0;
    for (unsigned char c : s)
        n += (c & 0xC0) != 0x80;
    return n;
}

void join(std::string& out, bool flag, const char* name) {
    if (!flag)
        return;
    if (!out.empty())
        out += ',';
    out += name;
}

void join_extra(std::string& out, const std::vector<std::string>& extra) {
    for (auto& e : extra) {
        if (e.empty())
            continue;
        if (!out.empty())
            out += ',';
        out += e;
    }
}

} // namespace

std::string encode_complete_body(const complete_task_request& r) {
    json::object body;
    if (r.task_id.too_long())
        throw std::invalid_argument("complete_task: task_id is longer than 256 bytes");
    body["task_id"] = r.task_id.view();
    if (r.is_approved)
        body["is_approved"] = *r.is_approved;
    if (r.override_user)
        body["override_user"] = *r.override_user;
    return json::serialize(body);
}

std::string encode_create_task_body(const create_task_request& r) {
    json::object body = r.extra;
    body["title"] = r.title;
    body["task_type"] = r.task_type;
    body["owners"] = owners_json(r.owners);
    body["deadline"] = r.deadline;
    if (r.description)
        body["description"] = *r.description;
    return json::serialize(body);
}

std::string encode_update_task_body(const update_task_request& r) {
    json::object body;
    auto text = [&body](const char* key, const std::optional<std::string>& v) {
        if (v)
            body[key] = *v;
    };
    text("title", r.title);
    text("summary", r.summary);
    text("deadline", r.deadline);
    text("started_at", r.started_at);
    if (r.owners) {
        owners o;
        o.users = r.owners->users.value_or(std::vector<std::int64_t>{});
        o.guests = r.owners->guests.value_or(std::vector<std::string>{});
        o.groups = r.owners->groups.value_or(std::vector<std::string>{});
        body["owners"] = owners_json(o);
    }
    if (!r.fields.empty()) {
        json::object taskdata;
        for (auto& [field, value] : r.fields)
            taskdata[field] = field_value_json(value);
        body["taskdata"] = std::move(taskdata);
    }
    if (r.max_assignable)
        body["max_assignable"] = *r.max_assignable;
    if (r.prevent_guest_comment)
        body["prevent_guest_comment"] = *r.prevent_guest_comment;
    text("webhook", r.webhook);
    return json::serialize(body);
}

std::string encode_update_run_body(const update_run_request& r) {
    json::object body;
    if (r.name) {
        if (utf8_length(*r.name) > max_run_name_length)
            throw std::invalid_argument("update_run: name is longer than 550 characters");
        body["name"] = *r.name;
    }
    if (r.summary)
        body["summary"] = *r.summary;
    if (r.owner_id)
        body["owner_id"] = *r.owner_id;
    if (r.starred)
        body["starred"] = *r.starred;
    if (r.is_public)
        body["is_public"] = *r.is_public;
    if (r.users || r.replace_members)
        body["users"] = array_of(r.users.value_or(std::vector<std::int64_t>{}));
    if (r.groups || r.replace_members)
        body["groups"] = array_of(r.groups.value_or(std::vector<std::string>{}));
    return json::serialize(body);
}

std::string encode_launch_body(const launch_run_request& r) {
    if (r.checklist_id.empty())
        throw std::invalid_argument("launch_run: checklist_id is required");
    if (r.name.too_long() || utf8_length(r.name.str()) > max_run_name_length)
        throw std::invalid_argument("launch_run: name is longer than 550 characters");
    json::object body;
    if (r.checklist_id.too_long())
        throw std::invalid_argument("launch_run: checklist_id is longer than 256 bytes");
    body["checklist_id"] = r.checklist_id.view();
    if (!r.name.empty())
        body["name"] = r.name.view();
    if (r.summary)
        body["summary"] = *r.summary;
    if (r.owner_id)
        body["owner_id"] = *r.owner_id;
    if (r.user_id)
        body["user_id"] = *r.user_id;
    if (r.starred)
        body["starred"] = *r.starred;
    if (r.is_public)
        body["is_public"] = *r.is_public;
    if (r.parent_id)
        body["parent_id"] = *r.parent_id;
    if (!r.prerun.empty()) {
        json::object prerun;
        for (auto& [field, value] : r.prerun)
            prerun[field] = field_value_json(value);
        body["prerun"] = std::move(prerun);
    }
    if (!r.tasks.empty()) {
        json::object tasks;
        for (auto& [step, o] : r.tasks) {
            json::object t;
            if (o.deadline)
                t["deadline"] = *o.deadline;
            if (o.owners)
                t["owners"] = owners_json(*o.owners);
            tasks[step] = std::move(t);
        }
        body["tasks"] = std::move(tasks);
    }
    if (!r.tags.empty())
        body["tags"] = array_of(r.tags);
    if (!r.users.empty())
        body["users"] = array_of(r.users);
    if (!r.groups.empty())
        body["groups"] = array_of(r.groups);
    if (!r.roles.empty())
        body["roles"] = r.roles;
    if (!r.folders.empty())
        body["folders"] = array_of(r.folders);
    return json::serialize(body);
}

std::string includes_text(const task_includes& w) {
    std::string out;
    join(out, w.run, "run");
    join(out, w.step, "step");
    join(out, w.form_fields, "form_fields");
    join(out, w.tags, "tags");
    join(out, w.threads, "threads");
    join(out, w.summary, "summary");
    join(out, w.ko_form_fields, "ko-form-fields");
    join_extra(out, w.extra);
    return out;
}

std::string includes_text(const run_includes& w) {
    std::string out;
    join(out, w.checklist, "checklist");
    join(out, w.tasks, "tasks");
    join(out, w.tags, "tags");
    join(out, w.form_fields, "form_fields");
    join(out, w.ko_form_fields, "ko_form_fields");
    join(out, w.next_task, "next_task");
    join(out, w.assets, "assets");
    join_extra(out, w.extra);
    return out;
}

std::string includes_text(const checklist_includes& w) {
    std::string out;
    join(out, w.steps, "steps");
    join(out, w.prerun, "prerun");
    join(out, w.automated_actions, "automated_actions");
    join(out, w.tags, "tags");
    join_extra(out, w.extra);
    return out;
}

} // namespace tallyfy::codec
