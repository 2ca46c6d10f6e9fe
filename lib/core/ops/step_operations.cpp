// SPDX-License-Identifier: BSL-1.0
// Template editing below the checklist: one step (get, update), a step's form fields (the API's
// `captures`: create, update, delete) and a kick-off field (delete). One description per
// endpoint (see operation.hpp); this translation unit instantiates their coroutines.
#include "core/client_calls.hpp"

#include <boost/json/serialize.hpp>

#include <stdexcept>

namespace tallyfy::detail {

namespace {

/// `/checklists/{checklist}/steps/{step}`
void one_step_path(request_target& t, const id_string& checklist_id, const id_string& step_id) {
    t.literal("/checklists/").id(checklist_id, "checklist_id");
    t.literal("/steps/").id(step_id, "step_id");
}

/// `.../steps/{step}/captures/{field}`: one form field of a step.
template <class Request>
void step_field_path(request_target& t, const Request& r) {
    one_step_path(t, r.checklist_id, r.step_id);
    t.literal("/captures/").id(r.field_id, "field_id");
}

/// `options` as the API lists a field's choices: `[{"id": 1, "text": ...}, ...]`.
boost::json::array field_choices(const std::vector<std::string>& choices) {
    boost::json::array out;
    std::int64_t next = 1;
    for (const auto& text : choices)
        out.push_back(boost::json::object{{"id", next++}, {"text", text}});
    return out;
}

void refuse_empty(std::string_view operation, std::string_view member,
                  const std::optional<std::string>& value) {
    if (value && value->empty())
        throw std::invalid_argument(std::string(operation) + ": " + std::string(member) +
                                    " is empty");
}

} // namespace

template <>
struct operation<get_step_request> {
    static constexpr std::string_view name = "get_step";
    static constexpr http_method method = http_method::get;
    static constexpr bool idempotent = true;
    static constexpr bool org_scoped = true;
    static void target(request_target& t, const get_step_request& r) {
        one_step_path(t, r.checklist_id, r.step_id);
    }
    static constexpr auto decode = decode_step;
};

// The same members twice leave the step as once: retried like a read.
template <>
struct operation<update_step_request> {
    static constexpr std::string_view name = "update_step";
    static constexpr http_method method = http_method::put;
    static constexpr bool idempotent = true;
    static constexpr bool org_scoped = true;
    static void target(request_target& t, const update_step_request& r) {
        one_step_path(t, r.checklist_id, r.step_id);
    }
    static std::string body(const update_step_request& r) {
        refuse_empty(name, "title", r.title);
        boost::json::object body = r.extra;
        if (r.title)
            body["title"] = *r.title;
        if (r.summary)
            body["summary"] = *r.summary;
        return boost::json::serialize(body);
    }
    static constexpr auto decode = decode_step;
};

// A second POST is a second field: never re-sent after an unknown outcome.
template <>
struct operation<create_step_field_request> {
    static constexpr std::string_view name = "create_step_field";
    static constexpr http_method method = http_method::post;
    static constexpr bool idempotent = false;
    static constexpr bool org_scoped = true;
    static void target(request_target& t, const create_step_field_request& r) {
        one_step_path(t, r.checklist_id, r.step_id);
        t.literal("/captures");
    }
    static std::string body(const create_step_field_request& r) {
        if (r.label.empty())
            throw std::invalid_argument("create_step_field: label is empty");
        if (r.field_type.empty())
            throw std::invalid_argument("create_step_field: field_type is empty");
        boost::json::object body = r.extra;
        body["label"] = r.label;
        body["field_type"] = r.field_type;
        body["required"] = r.required;
        if (!r.choices.empty())
            body["options"] = field_choices(r.choices);
        return boost::json::serialize(body);
    }
    static constexpr auto decode = decode_form_field;
};

// The same members twice leave the field as once: retried like a read.
template <>
struct operation<update_step_field_request> {
    static constexpr std::string_view name = "update_step_field";
    static constexpr http_method method = http_method::put;
    static constexpr bool idempotent = true;
    static constexpr bool org_scoped = true;
    static void target(request_target& t, const update_step_field_request& r) {
        step_field_path(t, r);
    }
    static std::string body(const update_step_field_request& r) {
        refuse_empty(name, "label", r.label);
        refuse_empty(name, "field_type", r.field_type);
        boost::json::object body = r.extra;
        if (r.label)
            body["label"] = *r.label;
        if (r.field_type)
            body["field_type"] = *r.field_type;
        if (r.required)
            body["required"] = *r.required;
        if (r.choices)
            body["options"] = field_choices(*r.choices);
        return boost::json::serialize(body);
    }
    static constexpr auto decode = decode_form_field;
};

// A second DELETE of a deleted field is a 404: not re-sent blindly.
template <>
struct operation<delete_step_field_request> {
    static constexpr std::string_view name = "delete_step_field";
    static constexpr http_method method = http_method::delete_;
    static constexpr bool idempotent = false;
    static constexpr bool org_scoped = true;
    static void target(request_target& t, const delete_step_field_request& r) {
        step_field_path(t, r);
    }
    static constexpr auto decode = decode_json;
};

// A second DELETE of a deleted kick-off field is a 404: not re-sent blindly.
template <>
struct operation<delete_kickoff_field_request> {
    static constexpr std::string_view name = "delete_kickoff_field";
    static constexpr http_method method = http_method::delete_;
    static constexpr bool idempotent = false;
    static constexpr bool org_scoped = true;
    static void target(request_target& t, const delete_kickoff_field_request& r) {
        t.literal("/checklists/").id(r.checklist_id, "checklist_id");
        t.literal("/preruns/").id(r.field_id, "field_id");
    }
    static constexpr auto decode = decode_json;
};

} // namespace tallyfy::detail

TALLYFY_DEFINE_OPERATION(tallyfy::get_step_request);
TALLYFY_DEFINE_OPERATION(tallyfy::update_step_request);
TALLYFY_DEFINE_OPERATION(tallyfy::create_step_field_request);
TALLYFY_DEFINE_OPERATION(tallyfy::update_step_field_request);
TALLYFY_DEFINE_OPERATION(tallyfy::delete_step_field_request);
TALLYFY_DEFINE_OPERATION(tallyfy::delete_kickoff_field_request);
