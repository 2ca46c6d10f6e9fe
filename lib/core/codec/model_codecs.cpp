// SPDX-License-Identifier: BSL-1.0
// Decoders of every typed model. Over 400 lines: they share the member tables and readers here;
// a model added by the breadth issues gets a file of its own.
#include "core/codec/model_codecs.hpp"

#include "core/codec/key_table.hpp"

namespace tallyfy::codec {

namespace json = boost::json;

namespace {

const json::object& as_object(const json::value& v, const json_path& path) {
    if (!v.is_object()) {
        const auto where = path.str();
        throw decode_error((where.empty() ? "(root)" : where) + ": expected an object");
    }
    return v.get_object();
}

// For move-constructing a model's `raw`, after checking that `v` is an object.
json::object&& take_object(json::value&& v, const json_path& path) {
    as_object(v, path);
    return std::move(v.get_object());
}

template <class T, class Decode>
std::vector<T> decode_list(const json::value& v, const json_path& path, Decode decode) {
    if (!v.is_array())
        throw decode_error(path.str() + ": expected an array");
    std::vector<T> out;
    out.reserve(v.get_array().size());
    std::size_t i = 0;
    for (const auto& item : v.get_array())
        out.push_back(decode(item, json_path(path, i++)));
    return out;
}

std::vector<std::string> string_list(const json::array* a, const json_path& path) {
    std::vector<std::string> out;
    if (!a)
        return out;
    out.reserve(a->size());
    for (std::size_t i = 0; i < a->size(); ++i) {
        const auto& v = (*a)[i];
        if (!v.is_string())
            throw decode_error(json_path(path, i).str() + ": expected a string");
        out.emplace_back(v.get_string());
    }
    return out;
}

// Sub-objects a model keeps as JSON are copied into `storage`: the arena of the model's `raw`,
// where that allocation is a pointer bump and the copy lives as long as the model's JSON does.
std::optional<std::vector<form_field>> form_fields_of(const json::value* included,
                                                      const json_path& path,
                                                      const json::storage_ptr& storage) {
    auto v = json_reader::fractal(included);
    if (!v)
        return std::nullopt;
    return decode_list<form_field>(*v, path, [&](const json::value& item, const json_path& at) {
        return decode_form_field(item, at, storage);
    });
}

} // namespace

const json::value& envelope_data(const json::value& root) {
    const auto& o = as_object(root, "");
    auto it = o.find("data");
    if (it == o.end() || !it->value().is_object())
        throw decode_error("data: expected an object");
    return it->value();
}

namespace {

// User ids; some responses embed user objects instead, which give their `id`.
std::vector<std::int64_t> user_id_list(const json::array* users, const json_path& users_path) {
    std::vector<std::int64_t> out;
    if (users == nullptr)
        return out;
    out.reserve(users->size());
    for (std::size_t i = 0; i < users->size(); ++i) {
        const auto& u = (*users)[i];
        if (u.is_int64())
            out.push_back(u.get_int64());
        else if (u.is_uint64() && u.get_uint64() <= static_cast<std::uint64_t>(INT64_MAX))
            out.push_back(static_cast<std::int64_t>(u.get_uint64()));
        else if (u.is_object()) {
            json_reader ur(u.get_object(), json_path(users_path, i));
            auto id = ur.optional_int("id");
            if (!id)
                ur.fail("id", "an integer user id");
            out.push_back(*id);
        } else
            throw decode_error(json_path(users_path, i).str() +
                               ": expected a user id or user object");
    }
    return out;
}

} // namespace

owners decode_owners(const json::object& o, const json_path& path) {
    json_reader r(o, path);
    owners out;
    out.users = user_id_list(r.optional_array("users"), r.child("users"));
    out.guests = string_list(r.optional_array("guests"), r.child("guests"));
    out.groups = string_list(r.optional_array("groups"), r.child("groups"));
    return out;
}

form_field decode_form_field(const json::value& v, const json_path& path,
                             const json::storage_ptr& storage) {
    json_reader r(as_object(v, path), path);
    form_field f{.value = json::value(storage),
                 .raw = raw_object(json::object(r.object(), storage))};
    f.id = r.required_id("id");
    f.label = r.string_or_empty("label");
    f.field_type = r.string_or_empty("field_type");
    f.required = r.bool_or("required", false);
    f.alias = r.optional_string("alias");
    // An id that is not an integer is kept in `raw` only (the API sends integers); a column's
    // text is its `label` when it has no `text`.
    const auto choices = [&](std::string_view key) {
        std::vector<field_option> out;
        if (const auto* list = r.optional_array(key))
            out = decode_list<field_option>(
                *list, r.child(key), [](const json::value& item, const json_path& item_at) {
                    json_reader o(as_object(item, item_at), item_at);
                    const auto* id = o.find("id");
                    std::string text = o.string_or_empty("text");
                    if (text.empty())
                        text = o.string_or_empty("label");
                    return field_option{id != nullptr && id->is_int64() ? id->get_int64() : 0,
                                        std::move(text)};
                });
        return out;
    };
    f.options = choices("options");
    f.columns = choices("columns");
    if (auto it = r.object().find("value"); it != r.object().end())
        f.value = json::value(it->value(), storage);
    return f;
}

form_field decode_form_field(const json::value& v, const json_path& path) {
    return decode_form_field(v, path, {});
}

namespace {

// The members of a task the model types, in the order of `task_keys`.
enum class task_key {
    id,
    increment_id,
    title,
    run_id,
    checklist_id,
    step_id,
    status,
    task_type,
    is_approved,
    is_completable,
    is_oneoff_task,
    position,
    owners,
    deadline,
    started_at,
    created_at,
    last_updated,
    completed_at,
    archived_at,
    completer_id,
    summary,
    tasks_changed_by_rules,
    form_fields,
    count
};

constexpr key_table<static_cast<std::size_t>(task_key::count)> task_keys({
    "id",
    "increment_id",
    "title",
    "run_id",
    "checklist_id",
    "step_id",
    "status",
    "task_type",
    "is_approved",
    "is_completable",
    "is_oneoff_task",
    "position",
    "owners",
    "deadline",
    "started_at",
    "created_at",
    "last_updated",
    "completed_at",
    "archived_at",
    "completer_id",
    "summary",
    "tasks_changed_by_rules",
    "form_fields",
});
static_assert(static_cast<int>(task_key::count) == task_builder::member_count);
static_assert(task_keys.find("form_fields") == static_cast<int>(task_key::form_fields) &&
              task_keys.find("id") == static_cast<int>(task_key::id));

} // namespace

int task_builder::member_index(std::string_view key) noexcept {
    return task_keys.find(key);
}

task_builder::task_builder(task& out, const json_path& path, json::storage_ptr keep)
    : task_(out)
    , path_(path)
    , keep_(std::move(keep)) {}

void task_builder::member(int index, std::string_view key, const json::value* v) {
    static const json::object no_object;
    const json_reader r(no_object, path_); // only the getters taking a found value are used
    task& t = task_;
    switch (static_cast<task_key>(index)) {
    case task_key::id:
        if (auto id = r.optional_id(v, key)) {
            t.id = std::move(*id);
            has_id_ = true;
        }
        break;
    case task_key::increment_id:
        t.increment_id = r.optional_int(v, key).value_or(0);
        break;
    case task_key::title:
        t.title = r.string_or_empty(v, key);
        break;
    case task_key::run_id:
        t.run_id = r.optional_id(v, key);
        break;
    case task_key::checklist_id:
        t.checklist_id = r.optional_id(v, key);
        break;
    case task_key::step_id:
        t.step_id = r.optional_id(v, key);
        break;
    case task_key::status:
        t.status = r.string_or_empty(v, key);
        break;
    case task_key::task_type:
        t.task_type = r.string_or_empty(v, key);
        break;
    case task_key::is_approved:
        t.is_approved = r.optional_bool(v, key);
        break;
    case task_key::is_completable:
        t.is_completable = r.optional_bool(v, key).value_or(false);
        break;
    case task_key::is_oneoff_task:
        t.is_oneoff_task = r.optional_bool(v, key).value_or(false);
        break;
    case task_key::position:
        t.position = r.optional_int(v, key).value_or(0);
        break;
    case task_key::owners:
        if (auto owners = r.optional_object(v, key))
            t.owners = decode_owners(*owners, r.child(key));
        break;
    case task_key::deadline:
        t.deadline = r.optional_time(v, key);
        break;
    case task_key::started_at:
        t.started_at = r.optional_time(v, key);
        break;
    case task_key::created_at:
        t.created_at = r.optional_time(v, key);
        break;
    case task_key::last_updated:
        t.last_updated = r.optional_time(v, key);
        break;
    case task_key::completed_at:
        t.completed_at = r.optional_time(v, key);
        break;
    case task_key::archived_at:
        t.archived_at = r.optional_time(v, key);
        break;
    case task_key::completer_id:
        t.completer_id = r.optional_int(v, key);
        break;
    case task_key::summary:
        t.summary = r.optional_string(v, key);
        break;
    case task_key::tasks_changed_by_rules:
        // PHP's empty map is []; checked first, as optional_object() throws on any array.
        if (v && v->is_array() && v->get_array().empty())
            t.tasks_changed_by_rules.emplace(keep_);
        else if (auto rules = r.optional_object(v, key))
            t.tasks_changed_by_rules.emplace(*rules, keep_);
        break;
    case task_key::form_fields:
        t.form_fields = form_fields_of(v, r.child(key), keep_);
        break;
    case task_key::count:
        break;
    }
}

// Each case reads a string exactly as member() reads a JSON string.
bool task_builder::member_text(int index, std::string_view key, std::string_view text) {
    task& t = task_;
    std::optional<timestamp>* time = nullptr;
    switch (static_cast<task_key>(index)) {
    case task_key::id:
        t.id.assign(text);
        has_id_ = true;
        return true;
    case task_key::title:
        t.title.assign(text);
        return true;
    case task_key::status:
        t.status.assign(text);
        return true;
    case task_key::task_type:
        t.task_type.assign(text);
        return true;
    case task_key::run_id:
        t.run_id.emplace(text);
        return true;
    case task_key::checklist_id:
        t.checklist_id.emplace(text);
        return true;
    case task_key::step_id:
        t.step_id.emplace(text);
        return true;
    case task_key::summary:
        t.summary.emplace(text);
        return true;
    case task_key::deadline:
        time = &t.deadline;
        break;
    case task_key::started_at:
        time = &t.started_at;
        break;
    case task_key::created_at:
        time = &t.created_at;
        break;
    case task_key::last_updated:
        time = &t.last_updated;
        break;
    case task_key::completed_at:
        time = &t.completed_at;
        break;
    case task_key::archived_at:
        time = &t.archived_at;
        break;
    default:
        return false;
    }
    if (text.empty()) {
        time->reset();
        return true;
    }
    *time = parse_timestamp(text);
    if (!*time)
        throw decode_error(json_path(path_, key).str() +
                           ": expected a timestamp (ISO-8601 or YYYY-MM-DD HH:MM:SS)");
    return true;
}

void task_builder::finish() const {
    if (!has_id_ || task_.id.empty())
        throw decode_error(json_path(path_, "id").str() + ": expected an id");
}

namespace {

// One pass over the members of `object`, which becomes the task's `raw`. Null members are
// treated as absent, like json_reader's lookups.
task fill_task(json::object&& object, const json_path& path) {
    task t;
    task_builder builder(t, path, object.storage());
    for (const auto& member : object) {
        const std::string_view key = member.key();
        if (const int at = task_builder::member_index(key); at >= 0)
            builder.member(at, key, member.value().is_null() ? nullptr : &member.value());
    }
    builder.finish();
    t.raw = raw_object(std::move(object));
    return t;
}

} // namespace

task decode_task(const json::value& v, const json_path& path) {
    return fill_task(json::object(as_object(v, path)), path);
}

// `raw` is move-constructed, never move-assigned: assignment between different memory resources
// (the document's arena, the default heap) would deep-copy.
task take_task(json::value&& v, const json_path& path) {
    return fill_task(take_object(std::move(v), path), path);
}

// Reads from `object`, which becomes the run's `raw`.
static run fill_run(json::object&& object, const json_path& path) {
    run out;
    json_reader r(object, path);
    out.id = r.required_id("id");
    out.increment_id = r.int_or("increment_id", 0);
    out.checklist_id = r.optional_id("checklist_id").value_or("");
    out.checklist_title = r.string_or_empty("checklist_title");
    out.name = r.string_or_empty("name");
    out.summary = r.string_or_empty("summary");
    out.status = r.string_or_empty("status");
    if (auto it = r.object().find("progress"); it != r.object().end()) {
        if (it->value().is_object()) {
            json_reader p(it->value().get_object(), r.child("progress"));
            out.progress.complete = p.int_or("complete", 0);
            out.progress.total = p.int_or("total", 0);
            out.progress.percent = p.optional_number("percent").value_or(0);
        } else if (!it->value().is_null()) { // a bare number in some examples
            out.progress.percent = r.optional_number("progress").value_or(0);
        }
    }
    out.started_by = r.optional_int("started_by");
    out.owner_id = r.optional_int("owner_id");
    out.starred = r.bool_or("starred", false);
    out.is_public = r.bool_or("is_public", false);
    out.type = r.string_or_empty("type");
    out.parent_id = r.optional_id("parent_id");
    out.users = user_id_list(r.optional_array("users"), r.child("users"));
    out.groups = string_list(r.optional_array("groups"), r.child("groups"));
    if (auto p = r.optional_object("prerun"))
        out.prerun = *p; // `prerun` is on the heap: assigning across resources copies anyway
    out.created_at = r.optional_time("created_at");
    out.started_at = r.optional_time("started_at");
    out.last_updated = r.optional_time("last_updated");
    out.completed_at = r.optional_time("completed_at");
    out.archived_at = r.optional_time("archived_at");
    out.due_date = r.optional_time("due_date");
    if (auto next = r.fractal("next_task");
        next && !(next->is_array() && next->get_array().empty()))
        out.next_task = decode_task(*next, r.child("next_task"));
    if (auto tasks = r.fractal("tasks"))
        out.tasks = decode_list<task>(
            *tasks, r.child("tasks"),
            [](const json::value& v, const json_path& at) { return decode_task(v, at); });
    out.form_fields =
        form_fields_of(r.find("form_fields"), r.child("form_fields"), object.storage());
    out.ko_form_fields =
        form_fields_of(r.find("ko_form_fields"), r.child("ko_form_fields"), object.storage());
    out.raw = raw_object(std::move(object));
    return out;
}

run decode_run(const json::value& v, const json_path& path) {
    return fill_run(json::object(as_object(v, path)), path);
}

run take_run(json::value&& v, const json_path& path) {
    return fill_run(take_object(std::move(v), path), path);
}

namespace {

step step_fields(const json_reader& r) {
    step s;
    s.id = r.required_id("id");
    s.checklist_id = r.optional_id("checklist_id").value_or("");
    s.title = r.string_or_empty("title");
    s.alias = r.optional_string("alias");
    s.summary = r.string_or_empty("summary");
    s.task_type = r.string_or_empty("task_type");
    s.position = r.int_or("position", 0);
    s.form_fields = form_fields_of(r.find("captures"), r.child("captures"), {});
    return s;
}

// `prerun` is a plain array from the API (a Fractal {"data": [...]} is accepted too).
checklist checklist_fields(const json_reader& r) {
    checklist c;
    c.id = r.required_id("id");
    c.title = r.string_or_empty("title");
    c.summary = r.string_or_empty("summary");
    c.type = r.string_or_empty("type");
    c.status = r.string_or_empty("status");
    c.owner_id = r.optional_int("owner_id");
    c.users = user_id_list(r.optional_array("users"), r.child("users"));
    c.groups = string_list(r.optional_array("groups"), r.child("groups"));
    c.created_at = r.optional_time("created_at");
    c.last_updated = r.optional_time("last_updated");
    c.archived_at = r.optional_time("archived_at");
    c.prerun = form_fields_of(r.find("prerun"), r.child("prerun"), {});
    if (auto steps = r.fractal("steps"))
        c.steps = decode_list<step>(*steps, r.child("steps"),
                                    [](const json::value& v, const json_path& at) {
                                        json_reader sr(as_object(v, at), at);
                                        step out = step_fields(sr);
                                        out.raw = raw_object(sr.object());
                                        return out;
                                    });
    return c;
}

} // namespace

step take_step(json::value&& v, const json_path& path) {
    json_reader r(as_object(v, path), path);
    step s = step_fields(r);
    s.raw = raw_object(std::move(v.get_object()));
    return s;
}

// `subject` is `{"id", "type"}` in the API's answer (a flat subject_id/subject_type is read too).
asset take_asset(json::value&& v, const json_path& path) {
    json_reader r(as_object(v, path), path);
    asset a;
    a.id = r.required_id("id");
    a.filename = r.string_or_empty("filename");
    a.version = r.int_or("version", 0);
    a.uploaded_from = r.string_or_empty("uploaded_from");
    a.step_id = r.optional_string("step_id");
    a.source = r.string_or_empty("source");
    a.uploaded_at = r.optional_time("uploaded_at");
    if (const auto* subject = r.optional_object("subject")) {
        json_reader s(*subject, r.child("subject"));
        a.subject_id = s.optional_id("id").value_or("");
        a.subject_type = s.string_or_empty("type");
    } else {
        a.subject_id = r.optional_id("subject_id").value_or("");
        a.subject_type = r.string_or_empty("subject_type");
    }
    a.raw = raw_object(std::move(v.get_object()));
    return a;
}

// The API sends user ids as integers (some clients' models read digit strings too).
user take_user(json::value&& v, const json_path& path) {
    json_reader r(as_object(v, path), path);
    user u;
    u.id = r.optional_int("id").value_or(0);
    u.email = r.string_or_empty("email");
    u.first_name = r.string_or_empty("first_name");
    u.last_name = r.string_or_empty("last_name");
    u.role = r.string_or_empty("role");
    u.status = r.string_or_empty("status");
    u.timezone = r.optional_string("timezone");
    u.last_login_at = r.optional_time("last_login_at");
    u.raw = raw_object(std::move(v.get_object()));
    return u;
}

organization take_organization(json::value&& v, const json_path& path) {
    json_reader r(as_object(v, path), path);
    organization o;
    o.id = r.required_id("id");
    o.name = r.string_or_empty("name");
    o.created_at = r.optional_time("created_at");
    o.raw = raw_object(std::move(v.get_object()));
    return o;
}

// The answers' shape is not documented: only an object is required (an id may be missing).
automation take_automation(json::value&& v, const json_path& path) {
    json_reader r(as_object(v, path), path);
    automation a;
    a.id = r.optional_id("id").value_or("");
    a.alias = r.string_or_empty("automated_alias");
    a.raw = raw_object(std::move(v.get_object()));
    return a;
}

tag take_tag(json::value&& v, const json_path& path) {
    json_reader r(as_object(v, path), path);
    tag t;
    t.id = r.required_id("id");
    t.title = r.string_or_empty("title");
    t.color = r.string_or_empty("color");
    t.raw = raw_object(std::move(v.get_object()));
    return t;
}

namespace {

// An association row: its own id, what it links (`target`, named `key`) and to what.
template <class Link>
Link take_link(json::value&& v, const json_path& path, std::string Link::*target,
               std::string_view key) {
    json_reader r(as_object(v, path), path);
    Link l;
    l.id = r.required_id("id");
    l.*target = r.optional_id(key).value_or("");
    l.subject_id = r.optional_id("subject_id").value_or("");
    l.subject_type = r.string_or_empty("subject_type");
    l.raw = raw_object(std::move(v.get_object()));
    return l;
}

} // namespace

tag_link take_tag_link(json::value&& v, const json_path& path) {
    return take_link(std::move(v), path, &tag_link::tag_id, "tag_id");
}

folder_link take_folder_link(json::value&& v, const json_path& path) {
    return take_link(std::move(v), path, &folder_link::folder_id, "folder_id");
}

search_hit take_search_hit(std::string_view kind, json::value&& v, const json_path& path) {
    json_reader r(as_object(v, path), path);
    search_hit h;
    h.kind = std::string(kind);
    h.id = r.required_id("id");
    h.title = r.string_or_empty("title");
    if (h.title.empty())
        h.title = r.string_or_empty("name"); // processes are named, not titled
    if (h.title.empty())
        h.title = r.string_or_empty("label"); // form fields are labelled
    h.status = r.string_or_empty("status");
    h.type = r.string_or_empty("type");
    if (h.type.empty())
        h.type = r.string_or_empty("task_type");
    h.raw = raw_object(std::move(v.get_object()));
    return h;
}

// `{"task": {"data": [...], "meta": {...}}, "process": {...}}`: one list per kind searched, each
// paged on its own. The page is the hits of every kind, in the server's order; its pagination is
// the furthest of the kinds' (page n of the search is page n of each kind).
page<search_hit> take_search_page(json::value&& root, const page_bounds& bounds) {
    if (!root.is_object())
        throw decode_error("(root): expected an object");
    auto& kinds = root.get_object();
    // Each kind is a page of its own: the bound is per kind (a page of n kinds holds n pages).
    // Members that are not lists of hits (a `meta` the server adds) are not kinds.
    auto is_kind = [](const json::value& v) {
        const auto* o = v.if_object();
        const auto* items = o ? o->if_contains("data") : nullptr;
        return items && items->is_array();
    };
    for (auto& [kind, list] : kinds)
        if (is_kind(list) && list.get_object()["data"].get_array().size() > bounds.refuse_above &&
            bounds.refuse_above < bounds.keep)
            throw decode_error(bounds.refusal(list.get_object()["data"].get_array().size()));
    page<search_hit> out;
    for (auto& [kind, list] : kinds) {
        if (!is_kind(list))
            continue;
        const std::string name(kind);
        const json_path at(name);
        auto& o = list.get_object();
        json_reader reader(o, at);
        if (auto meta = decode_page_meta(reader)) {
            if (!out.pagination) {
                out.pagination = *meta;
            } else {
                auto& p = *out.pagination;
                p.total += meta->total;
                p.count += meta->count;
                p.per_page = std::max(p.per_page, meta->per_page);
                p.current_page = std::max(p.current_page, meta->current_page);
                p.total_pages = std::max(p.total_pages, meta->total_pages);
            }
        }
        auto& items = o["data"].get_array();
        const json_path items_path(at, "data");
        for (std::size_t i = 0; i < items.size() && out.items.size() < bounds.keep; ++i)
            out.items.push_back(
                take_search_hit(name, std::move(items[i]), json_path(items_path, i)));
    }
    if (out.pagination) {
        // Links of one kind would walk that kind alone: the walk goes by page numbers.
        out.pagination->next_link.clear();
        out.pagination->previous_link.clear();
    }
    return out;
}

// A group's lists: arrays or Fractal-wrapped, members as ids or user objects, guests as emails
// or guest objects. An element that cannot be typed fails the decode instead of being skipped:
// update_group sends these lists back, and a list typed short would take people out.
group take_group(json::value&& v, const json_path& path) {
    json_reader r(as_object(v, path), path);
    group g;
    g.id = r.required_id("id");
    g.name = r.string_or_empty("name");
    g.description = r.string_or_empty("description");
    if (const auto* members = r.fractal("members")) {
        if (!members->is_array())
            r.fail("members", "an array");
        for (const auto& m : members->get_array()) {
            const json::value* id = m.is_object() ? m.get_object().if_contains("id") : &m;
            auto member = r.optional_int(id, "members");
            if (!member)
                r.fail("members", "user ids");
            g.members.push_back(*member);
        }
    }
    if (const auto* guests = r.fractal("guests")) {
        if (!guests->is_array())
            r.fail("guests", "an array");
        for (const auto& e : guests->get_array()) {
            const json::value* email = e.is_object() ? e.get_object().if_contains("email") : &e;
            if (email == nullptr || !email->is_string())
                r.fail("guests", "emails");
            g.guests.emplace_back(email->get_string());
        }
    }
    g.created_at = r.optional_time("created_at");
    g.raw = raw_object(std::move(v.get_object()));
    return g;
}

folder take_folder(json::value&& v, const json_path& path) {
    json_reader r(as_object(v, path), path);
    folder f;
    f.id = r.required_id("id");
    f.name = r.string_or_empty("name");
    f.parent_id = r.optional_id("parent_id");
    f.created_at = r.optional_time("created_at");
    f.raw = raw_object(std::move(v.get_object()));
    return f;
}

// Guests carry no id in some answers (the official client's model has none): empty then.
guest take_guest(json::value&& v, const json_path& path) {
    json_reader r(as_object(v, path), path);
    guest g;
    g.id = r.optional_id("id").value_or("");
    g.email = r.string_or_empty("email");
    g.first_name = r.optional_string("first_name");
    g.last_name = r.optional_string("last_name");
    g.disabled_at = r.optional_time("disabled_at");
    g.created_at = r.optional_time("created_at");
    g.raw = raw_object(std::move(v.get_object()));
    return g;
}

form_field take_form_field(json::value&& v, const json_path& path) {
    return decode_form_field(v, path);
}

checklist decode_checklist(const json::value& v, const json_path& path) {
    json_reader r(as_object(v, path), path);
    checklist c = checklist_fields(r);
    c.raw = raw_object(r.object());
    return c;
}

checklist take_checklist(json::value&& v, const json_path& path) {
    json_reader r(as_object(v, path), path);
    checklist c = checklist_fields(r);
    c.raw = raw_object(std::move(v.get_object()));
    return c;
}

comment take_comment(json::value&& v, const json_path& path) {
    json_reader r(as_object(v, path), path);
    comment c;
    c.id = r.required_id("id");
    c.content = r.string_or_empty("content");
    c.label = r.string_or_empty("label");
    c.state = r.string_or_empty("state");
    c.author_id = r.optional_int("author_id");
    c.created_at = r.optional_time("created_at");
    c.last_updated = r.optional_time("last_updated");
    c.raw = raw_object(std::move(v.get_object()));
    return c;
}

pagination_meta decode_pagination(const json::value& v, const json_path& path) {
    return decode_pagination(as_object(v, path), path);
}

std::string page_bounds::refusal(std::optional<std::size_t> count) const {
    const auto limit = std::to_string(refuse_above);
    return "data: the page holds " +
           (count ? std::to_string(*count) + " items, more than the " + limit
                  : "more than the " + limit + " items") +
           " accepted (paging_options::max_page_items); refused before decoding them";
}

std::optional<pagination_meta> decode_page_meta(const json_reader& root) {
    const auto path = root.child("meta");
    return decode_page_meta(root.find("meta"), path);
}

std::optional<pagination_meta> decode_page_meta(const json::value* meta, const json_path& path) {
    if (!meta)
        return std::nullopt;
    json_reader m(as_object(*meta, path), path);
    auto p = m.optional_object("pagination");
    if (!p)
        return std::nullopt;
    return decode_pagination(*p, m.child("pagination"));
}

pagination_meta decode_pagination(const json::object& o, const json_path& path) {
    json_reader r(o, path);
    pagination_meta m;
    m.total = r.int_or("total", 0);
    m.count = r.int_or("count", 0);
    m.per_page = r.int_or("per_page", 0);
    m.current_page = r.int_or("current_page", 0);
    m.total_pages = r.int_or("total_pages", 0);
    auto links = r.object().find("links");
    if (links != r.object().end() && links->value().is_object()) {
        json_reader l(links->value().get_object(), r.child("links"));
        m.next_link = l.string_or_empty("next");
        m.previous_link = l.string_or_empty("previous");
    } else if (links != r.object().end() && !links->value().is_array() &&
               !links->value().is_null()) {
        r.fail("links", "an object or []");
    }
    return m;
}

} // namespace tallyfy::codec
