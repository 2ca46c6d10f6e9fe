// SPDX-License-Identifier: BSL-1.0
// Automations of a template: list (the template read with its automations), create, update,
// delete. One description per endpoint (see operation.hpp); this translation unit instantiates
// their coroutines.
#include "core/client_calls.hpp"

#include <boost/json/serialize.hpp>

#include <stdexcept>

namespace tallyfy::detail {

namespace {

void automations_path(request_target& t, const id_string& checklist_id) {
    t.literal("/checklists/").id(checklist_id, "checklist_id").literal("/automated-actions");
}

std::string automation_body(std::string_view operation, const boost::json::object& body) {
    if (body.empty())
        throw std::invalid_argument(std::string(operation) + ": body is empty");
    return boost::json::serialize(body);
}

} // namespace

template <>
struct operation<list_automations_request> {
    static constexpr std::string_view name = "list_automations";
    static constexpr http_method method = http_method::get;
    static constexpr bool idempotent = true;
    static constexpr bool org_scoped = true;
    static void target(request_target& t, const list_automations_request& r) {
        t.literal("/checklists/").id(r.checklist_id, "checklist_id");
        t.query("with", "automated_actions");
    }
    static constexpr auto decode = decode_automations;
};

// A second POST is a second automation: never re-sent after an unknown outcome.
template <>
struct operation<create_automation_request> {
    static constexpr std::string_view name = "create_automation";
    static constexpr http_method method = http_method::post;
    static constexpr bool idempotent = false;
    static constexpr bool org_scoped = true;
    static void target(request_target& t, const create_automation_request& r) {
        automations_path(t, r.checklist_id);
    }
    static std::string body(const create_automation_request& r) {
        return automation_body(name, r.body);
    }
    static constexpr auto decode = decode_automation;
};

// The PUT replaces the automation with the body: the same however often it is sent.
template <>
struct operation<update_automation_request> {
    static constexpr std::string_view name = "update_automation";
    static constexpr http_method method = http_method::put;
    static constexpr bool idempotent = true;
    static constexpr bool org_scoped = true;
    static void target(request_target& t, const update_automation_request& r) {
        automations_path(t, r.checklist_id);
        t.literal("/").id(r.automation_id, "automation_id");
    }
    static std::string body(const update_automation_request& r) {
        return automation_body(name, r.body);
    }
    static constexpr auto decode = decode_automation;
};

// A second DELETE of a deleted automation is a 404: not re-sent blindly.
template <>
struct operation<delete_automation_request> {
    static constexpr std::string_view name = "delete_automation";
    static constexpr http_method method = http_method::delete_;
    static constexpr bool idempotent = false;
    static constexpr bool org_scoped = true;
    static void target(request_target& t, const delete_automation_request& r) {
        automations_path(t, r.checklist_id);
        t.literal("/").id(r.automation_id, "automation_id");
    }
    static constexpr auto decode = decode_json;
};

} // namespace tallyfy::detail

TALLYFY_DEFINE_OPERATION(tallyfy::list_automations_request);
TALLYFY_DEFINE_OPERATION(tallyfy::create_automation_request);
TALLYFY_DEFINE_OPERATION(tallyfy::update_automation_request);
TALLYFY_DEFINE_OPERATION(tallyfy::delete_automation_request);
