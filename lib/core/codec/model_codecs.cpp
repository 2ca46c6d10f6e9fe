#include "core/codec/model_codecs.hpp"

namespace tallyfy::codec {

namespace json = boost::json;

namespace {

const json::object& as_object(const json::value& v, const std::string& path) {
    if (!v.is_object())
        throw decode_error((path.empty() ? "(root)" : path) + ": expected an object");
    return v.get_object();
}

// For move-constructing a model's `raw`, after checking that `v` is an object.
json::object&& take_object(json::value&& v, const std::string& path) {
    as_object(v, path);
    return std::move(v.get_object());
}

template <class T, class Decode>
std::vector<T> decode_list(const json::value& v, const std::string& path, Decode decode) {
    if (!v.is_array())
        throw decode_error(path + ": expected an array");
    std::vector<T> out;
    out.reserve(v.get_array().size());
    std::size_t i = 0;
    for (const auto& item : v.get_array())
        out.push_back(decode(item, path + "[" + std::to_string(i++) + "]"));
    return out;
}

std::vector<std::string> string_list(const json::array* a, const std::string& path) {
    std::vector<std::string> out;
    if (!a)
        return out;
    for (std::size_t i = 0; i < a->size(); ++i) {
        const auto& v = (*a)[i];
        if (!v.is_string())
            throw decode_error(path + "[" + std::to_string(i) + "]: expected a string");
        out.emplace_back(v.get_string());
    }
    return out;
}

std::optional<std::vector<form_field>> form_fields_of(const json_reader& r, std::string_view key) {
    auto v = r.fractal(key);
    if (!v)
        return std::nullopt;
    return decode_list<form_field>(*v, r.path_of(key), decode_form_field);
}

} // namespace

const json::value& envelope_data(const json::value& root) {
    const auto& o = as_object(root, "");
    auto it = o.find("data");
    if (it == o.end() || !it->value().is_object())
        throw decode_error("data: expected an object");
    return it->value();
}

owners decode_owners(const json::object& o, const std::string& path) {
    json_reader r(o, path);
    owners out;
    if (auto users = r.optional_array("users")) {
        for (std::size_t i = 0; i < users->size(); ++i) {
            const auto& u = (*users)[i];
            std::string p = r.path_of("users") + "[" + std::to_string(i) + "]";
            if (u.is_int64())
                out.users.push_back(u.get_int64());
            else if (u.is_uint64() && u.get_uint64() <= static_cast<std::uint64_t>(INT64_MAX))
                out.users.push_back(static_cast<std::int64_t>(u.get_uint64()));
            else if (u.is_object()) { // some responses embed user objects
                json_reader ur(u.get_object(), p);
                auto id = ur.optional_int("id");
                if (!id)
                    ur.fail("id", "an integer user id");
                out.users.push_back(*id);
            } else
                throw decode_error(p + ": expected a user id or user object");
        }
    }
    out.guests = string_list(r.optional_array("guests"), r.path_of("guests"));
    out.groups = string_list(r.optional_array("groups"), r.path_of("groups"));
    return out;
}

form_field decode_form_field(const json::value& v, const std::string& path) {
    json_reader r(as_object(v, path), path);
    form_field f;
    f.id = r.required_id("id");
    f.label = r.string_or_empty("label");
    f.field_type = r.string_or_empty("field_type");
    f.required = r.bool_or("required", false);
    if (auto it = r.object().find("value"); it != r.object().end())
        f.value = it->value();
    f.raw = r.object();
    return f;
}

static void fill_task(task& t, const json::object& o, const std::string& path) {
    json_reader r(o, path);
    t.id = r.required_id("id");
    t.increment_id = r.int_or("increment_id", 0);
    t.title = r.string_or_empty("title");
    t.run_id = r.optional_id("run_id");
    t.checklist_id = r.optional_id("checklist_id");
    t.step_id = r.optional_id("step_id");
    t.status = r.string_or_empty("status");
    t.task_type = r.string_or_empty("task_type");
    t.is_approved = r.optional_bool("is_approved");
    t.is_completable = r.bool_or("is_completable", false);
    t.is_oneoff_task = r.bool_or("is_oneoff_task", false);
    t.position = r.int_or("position", 0);
    if (auto o = r.optional_object("owners"))
        t.owners = decode_owners(*o, r.path_of("owners"));
    t.deadline = r.optional_time("deadline");
    t.started_at = r.optional_time("started_at");
    t.created_at = r.optional_time("created_at");
    t.last_updated = r.optional_time("last_updated");
    t.completed_at = r.optional_time("completed_at");
    t.archived_at = r.optional_time("archived_at");
    t.completer_id = r.optional_int("completer_id");
    t.summary = r.optional_string("summary");
    // PHP's empty map is []; checked first, as optional_object() throws on any array.
    if (auto rules = r.object().if_contains("tasks_changed_by_rules");
        rules != nullptr && rules->is_array() && rules->get_array().empty())
        t.tasks_changed_by_rules = json::object();
    else if (auto object = r.optional_object("tasks_changed_by_rules"))
        t.tasks_changed_by_rules = *object;
    t.form_fields = form_fields_of(r, "form_fields");
}

task decode_task(const json::value& v, const std::string& path) {
    task t;
    fill_task(t, as_object(v, path), path);
    t.raw = v.get_object();
    return t;
}

// `raw` is move-constructed, never move-assigned: assignment between different memory resources
// (the document's arena, the default heap) would deep-copy.
task take_task(json::value&& v, const std::string& path) {
    task t{.raw = take_object(std::move(v), path)};
    fill_task(t, t.raw, path);
    return t;
}

static void fill_run(run& out, const json::object& o, const std::string& path) {
    json_reader r(o, path);
    out.id = r.required_id("id");
    out.increment_id = r.int_or("increment_id", 0);
    out.checklist_id = r.optional_id("checklist_id").value_or("");
    out.checklist_title = r.string_or_empty("checklist_title");
    out.name = r.string_or_empty("name");
    out.summary = r.string_or_empty("summary");
    out.status = r.string_or_empty("status");
    if (auto it = r.object().find("progress"); it != r.object().end()) {
        if (it->value().is_object()) {
            json_reader p(it->value().get_object(), r.path_of("progress"));
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
    if (auto p = r.optional_object("prerun"))
        out.prerun = *p;
    out.created_at = r.optional_time("created_at");
    out.started_at = r.optional_time("started_at");
    out.last_updated = r.optional_time("last_updated");
    out.completed_at = r.optional_time("completed_at");
    out.archived_at = r.optional_time("archived_at");
    out.due_date = r.optional_time("due_date");
    if (auto next = r.fractal("next_task");
        next && !(next->is_array() && next->get_array().empty()))
        out.next_task = decode_task(*next, r.path_of("next_task"));
    if (auto tasks = r.fractal("tasks"))
        out.tasks = decode_list<task>(*tasks, r.path_of("tasks"), decode_task);
    out.form_fields = form_fields_of(r, "form_fields");
    if (!out.form_fields)
        out.form_fields = form_fields_of(r, "ko_form_fields");
}

run decode_run(const json::value& v, const std::string& path) {
    run out;
    fill_run(out, as_object(v, path), path);
    out.raw = v.get_object();
    return out;
}

run take_run(json::value&& v, const std::string& path) {
    run out{.raw = take_object(std::move(v), path)};
    fill_run(out, out.raw, path);
    return out;
}

checklist decode_checklist(const json::value& v, const std::string& path) {
    json_reader r(as_object(v, path), path);
    return {r.required_id("id"), r.string_or_empty("title"), r.object()};
}

checklist take_checklist(json::value&& v, const std::string& path) {
    json_reader r(as_object(v, path), path);
    return {r.required_id("id"), r.string_or_empty("title"), std::move(v.get_object())};
}

pagination_meta decode_pagination(const json::value& v, const std::string& path) {
    json_reader r(as_object(v, path), path);
    pagination_meta m;
    m.total = r.int_or("total", 0);
    m.count = r.int_or("count", 0);
    m.per_page = r.int_or("per_page", 0);
    m.current_page = r.int_or("current_page", 0);
    m.total_pages = r.int_or("total_pages", 0);
    auto links = r.object().find("links");
    if (links != r.object().end() && links->value().is_object()) {
        json_reader l(links->value().get_object(), r.path_of("links"));
        m.next_link = l.string_or_empty("next");
        m.previous_link = l.string_or_empty("previous");
    } else if (links != r.object().end() && !links->value().is_array() &&
               !links->value().is_null()) {
        r.fail("links", "an object or []");
    }
    return m;
}

} // namespace tallyfy::codec
