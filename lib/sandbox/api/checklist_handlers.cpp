// SPDX-License-Identifier: BSL-1.0
// Checklists (templates): list, get, create, update, archive, delete for good, clone, publish,
// steps and form fields (one step read and updated; a step's fields created, updated, deleted; a
// kick-off field deleted); and the form fields of a run. As the API behaves: an update without
// users or groups removes everyone's access, the title is required on every update, only an
// archived template can be deleted, an archived one can no longer be launched.
#include "body_fields.hpp"
#include "emulator_state.hpp"
#include "pagination.hpp"

#include <algorithm>

namespace tallyfy::sandbox {
namespace json = boost::json;
using namespace detail;

namespace {

const std::vector<std::string> template_types = {"procedure", "form", "document"};

const std::vector<std::string> capture_types = {"text",     "textarea",    "date", "radio",
                                                "dropdown", "multiselect", "file", "email"};
const std::vector<std::string> step_task_types = {"task", "approval", "expiring", "email",
                                                  "expiring_email"};

/// Reads a step field's members into `field`: on a create the label and field_type are
/// required; on an update only those sent change (a label sent must not be empty).
void read_capture(field_reader& f, const json::object& body, form_field& field, bool creating) {
    if (auto label = f.string("label", creating || f.has("label"), 250))
        field.label = *label;
    if (auto type = f.string("field_type", creating || f.has("field_type"))) {
        if (!contains(capture_types, *type))
            f.fail("field_type", "The selected field type is invalid.");
        else
            field.field_type = *type;
    }
    if (auto required = f.boolean("required"))
        field.required = *required;
    if (!f.has("options"))
        return;
    const json::value& opts = body.at("options");
    if (!opts.is_array()) {
        f.fail("options", "The options must be an array.");
        return;
    }
    field.options.clear();
    std::int64_t next = 1;
    for (const auto& op : opts.get_array()) {
        const json::value* text = op.is_object() ? op.get_object().if_contains("text") : &op;
        if (text == nullptr || !text->is_string()) {
            f.fail("options", "Each option must be a string or have a string text.");
            return;
        }
        field.options.push_back({next++, std::string(text->get_string())});
    }
}

} // namespace

pending_response api_emulator::impl::list_checklists(const call& c) {
    auto with = split_csv(c.target.param("with").value_or(""));
    const bool full = std::find(with.begin(), with.end(), "steps") != with.end() ||
                      std::find(with.begin(), with.end(), "prerun") != with.end();
    std::vector<const checklist_record*> listed; // archived templates are not listed
    for (const auto& cl : org.checklists)
        if (!cl.archived_at)
            listed.push_back(&cl);
    return json_response(
        200, paginate(
                 listed.size(),
                 [&](std::size_t i) { return json::value(checklist_json(*listed[i], full)); },
                 c.target, c.request.origin));
}

pending_response api_emulator::impl::get_checklist(const call& c, std::string_view id) {
    const checklist_record* cl = checklist(id);
    if (cl == nullptr)
        return resource_not_found();
    json::object o = checklist_json(*cl, true);
    for (const auto& w : split_csv(c.target.param("with").value_or("")))
        if (w == "threads") { // the comments posted on the template
            json::array threads;
            if (auto it = subject_threads.find("checklists/" + cl->id); it != subject_threads.end())
                for (const auto& th : it->second)
                    threads.push_back(thread_json(th));
            o["threads"] = json::object{{"data", std::move(threads)}};
        }
    return data_response(std::move(o));
}

pending_response api_emulator::impl::create_checklist(const call& c) {
    json::object body;
    if (auto err = parse_body(c.request.body, body))
        return *err;
    field_reader f(body, org);
    auto title = f.string("title", true, 250);
    auto summary = f.string("summary", false);
    auto type = f.string("type", true);
    if (type &&
        std::find(template_types.begin(), template_types.end(), *type) == template_types.end())
        f.fail("type", "The selected type is invalid.");
    auto users = f.members("users");
    auto groups = f.strings("groups");
    if (!f.errors.empty())
        return validation_error(options.validation, f.errors);
    const unix_seconds now = now_seconds();
    checklist_record cl;
    cl.id = new_id();
    cl.title = *title;
    cl.summary = summary.value_or("");
    cl.type = *type;
    cl.owner_id = c.user_id;
    cl.status = "draft";
    cl.users = users.value_or(std::vector<std::int64_t>{});
    cl.groups = groups.value_or(std::vector<std::string>{});
    cl.created_at = cl.last_updated = now;
    org.checklists.push_back(std::move(cl));
    return data_response(checklist_json(org.checklists.back(), true), 201);
}

pending_response api_emulator::impl::update_checklist(const call& c, std::string_view id) {
    checklist_record* cl = checklist(id);
    if (cl == nullptr)
        return resource_not_found();
    json::object body;
    if (auto err = parse_body(c.request.body, body))
        return *err;
    field_reader f(body, org);
    auto title = f.string("title", true, 250);
    auto summary = f.string("summary", false);
    auto users = f.members("users");
    auto groups = f.strings("groups");
    if (!f.errors.empty())
        return validation_error(options.validation, f.errors);
    cl->title = *title;
    if (summary)
        cl->summary = *summary;
    // What the PUT leaves out is emptied (ChecklistService::update): the hazard the SDK's
    // update_checklist reads around.
    cl->users = users.value_or(std::vector<std::int64_t>{});
    cl->groups = groups.value_or(std::vector<std::string>{});
    cl->last_updated = now_seconds();
    return data_response(checklist_json(*cl, true));
}

pending_response api_emulator::impl::archive_checklist(const call&, std::string_view id) {
    checklist_record* cl = checklist(id);
    if (cl == nullptr)
        return resource_not_found();
    if (!cl->archived_at)
        cl->archived_at = now_seconds();
    // The API's answer to this route has no data envelope.
    return json_response(
        200, json::object{
                 {"message", "The Template was deleted, and references were also deleted from:"},
                 {"deleted_references", json::object()}});
}

pending_response api_emulator::impl::delete_checklist(const call&, std::string_view id) {
    checklist_record* cl = checklist(id);
    if (cl == nullptr)
        return resource_not_found();
    if (!cl->archived_at)
        return validation_error(options.validation,
                                {{"checklist_id", {"Only an archived template can be deleted."}}});
    org.checklists.erase(org.checklists.begin() + (cl - org.checklists.data()));
    pending_response out; // 200 with an empty body
    out.status = 200;
    return out;
}

pending_response api_emulator::impl::clone_checklist(const call& c, std::string_view id) {
    const checklist_record* source = checklist(id);
    if (source == nullptr)
        return resource_not_found();
    json::object body;
    if (auto err = parse_body(c.request.body, body))
        return *err;
    field_reader f(body, org);
    auto title = f.string("title", false, 250);
    if (!f.errors.empty())
        return validation_error(options.validation, f.errors);
    checklist_record copy = *source;
    copy.id = new_id();
    copy.title = title && !title->empty() ? *title : source->title + " (copy)";
    copy.owner_id = c.user_id;
    copy.status = "draft";
    copy.archived_at.reset();
    copy.created_at = copy.last_updated = now_seconds();
    // A copy has its own timeline ids, for its steps and every field.
    for (auto& field : copy.prerun)
        field.id = id_rng.hex_id();
    for (auto& s : copy.steps) {
        s.id = id_rng.hex_id();
        for (auto& field : s.form_fields)
            field.id = id_rng.hex_id();
    }
    org.checklists.push_back(std::move(copy));
    return data_response(checklist_json(org.checklists.back(), true), 201);
}

pending_response api_emulator::impl::publish_checklist(const call&, std::string_view id) {
    checklist_record* cl = checklist(id);
    if (cl == nullptr)
        return resource_not_found();
    cl->status = "published";
    cl->last_updated = now_seconds();
    return data_response(checklist_json(*cl, true));
}

pending_response api_emulator::impl::checklist_steps(const call&, std::string_view id) {
    const checklist_record* cl = checklist(id);
    if (cl == nullptr)
        return resource_not_found();
    json::array steps;
    for (const auto& s : cl->steps)
        steps.push_back(step_json(s, *cl));
    return data_response(std::move(steps));
}

pending_response api_emulator::impl::checklist_form_fields(const call&, std::string_view id) {
    const checklist_record* cl = checklist(id);
    if (cl == nullptr)
        return resource_not_found();
    return data_response(step_fields_json(*cl));
}

namespace {

step_record* find_step(checklist_record& cl, std::string_view step_id) {
    auto s = std::find_if(cl.steps.begin(), cl.steps.end(),
                          [&](const step_record& x) { return x.id == step_id; });
    return s == cl.steps.end() ? nullptr : &*s;
}

} // namespace

pending_response api_emulator::impl::checklist_step(const call& c, std::string_view id,
                                                    std::string_view step_id) {
    checklist_record* cl = checklist(id);
    step_record* s = cl ? find_step(*cl, step_id) : nullptr;
    if (s == nullptr)
        return resource_not_found();
    if (c.request.method == "GET")
        return data_response(step_json(*s, *cl));
    json::object body;
    if (auto err = parse_body(c.request.body, body))
        return *err;
    field_reader f(body, org);
    auto title = f.string("title", f.has("title"), 250);
    auto summary = f.string("summary", false);
    auto task_type = f.string("task_type", false);
    if (task_type && !contains(step_task_types, *task_type))
        f.fail("task_type", "The selected task type is invalid.");
    if (!f.errors.empty())
        return validation_error(options.validation, f.errors);
    if (title)
        s->title = *title;
    if (summary)
        s->summary = *summary;
    if (task_type)
        s->task_type = *task_type;
    cl->last_updated = now_seconds();
    return data_response(step_json(*s, *cl));
}

pending_response api_emulator::impl::step_field(const call& c, std::string_view id,
                                                std::string_view step_id,
                                                std::string_view field_id) {
    checklist_record* cl = checklist(id);
    step_record* s = cl ? find_step(*cl, step_id) : nullptr;
    if (s == nullptr)
        return resource_not_found();
    const bool creating = c.request.method == "POST";
    auto found = std::find_if(s->form_fields.begin(), s->form_fields.end(),
                              [&](const form_field& x) { return x.id == field_id; });
    if (!creating && found == s->form_fields.end())
        return resource_not_found();
    if (c.request.method == "DELETE") {
        s->form_fields.erase(found);
        cl->last_updated = now_seconds();
        return no_content();
    }
    json::object body;
    if (auto err = parse_body(c.request.body, body))
        return *err;
    field_reader f(body, org);
    form_field field = creating ? form_field{} : *found;
    read_capture(f, body, field, creating);
    if (!f.errors.empty())
        return validation_error(options.validation, f.errors);
    cl->last_updated = now_seconds();
    if (creating) {
        field.id = new_id();
        field.position = static_cast<int>(s->form_fields.size()) + 1;
        s->form_fields.push_back(std::move(field));
        return data_response(field_to_json(s->form_fields.back()), 201);
    }
    *found = std::move(field);
    return data_response(field_to_json(*found));
}

pending_response api_emulator::impl::delete_kickoff_field(const call&, std::string_view id,
                                                          std::string_view field_id) {
    checklist_record* cl = checklist(id);
    if (cl == nullptr)
        return resource_not_found();
    auto found = std::find_if(cl->prerun.begin(), cl->prerun.end(),
                              [&](const form_field& x) { return x.id == field_id; });
    if (found == cl->prerun.end())
        return resource_not_found();
    cl->prerun.erase(found);
    cl->last_updated = now_seconds();
    return no_content();
}

pending_response api_emulator::impl::run_form_fields(const call&, std::string_view run_id) {
    const run_record* r = run(run_id);
    if (r == nullptr)
        return resource_not_found();
    return data_response(run_fields_json(*r, true));
}

} // namespace tallyfy::sandbox
