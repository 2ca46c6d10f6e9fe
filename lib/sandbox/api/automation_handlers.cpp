// SPDX-License-Identifier: BSL-1.0
// A template's automations (the API's "automated actions"): create, update, delete. They are
// read inlined in the template (`automated_actions`), as the API sends them; their bodies are
// passed through as given, with the shapes of their known members checked.
#include "body_fields.hpp"
#include "emulator_state.hpp"

#include <algorithm>

namespace tallyfy::sandbox {
namespace json = boost::json;
using namespace detail;

namespace {

/// `automated_alias` a string, `conditions` and `then_actions` arrays, when sent.
error_map automation_errors(const json::object& body) {
    error_map errors;
    if (const auto* alias = body.if_contains("automated_alias"); alias && !alias->is_string())
        errors["automated_alias"].push_back("The automated alias must be a string.");
    for (const char* key : {"conditions", "then_actions"})
        if (const auto* v = body.if_contains(key); v && !v->is_array())
            errors[key].push_back("The " + attribute_name(key) + " must be an array.");
    if (body.empty())
        errors["automated_alias"].push_back("The automated alias field is required.");
    return errors;
}

} // namespace

pending_response api_emulator::impl::automations(const call& c, std::string_view checklist_id,
                                                 std::string_view automation_id) {
    checklist_record* cl = checklist(checklist_id);
    if (cl == nullptr || cl->archived_at)
        return resource_not_found();
    auto found =
        std::find_if(cl->automations.begin(), cl->automations.end(), [&](const json::object& a) {
            const auto* id = a.if_contains("id");
            return id && id->is_string() && id->get_string() == automation_id;
        });
    const bool creating = c.request.method == "POST";
    if (creating != automation_id.empty() || (!creating && found == cl->automations.end()))
        return resource_not_found();
    if (c.request.method == "DELETE") {
        cl->automations.erase(found);
        return no_content();
    }
    json::object body;
    if (auto err = parse_body(c.request.body, body))
        return *err;
    if (auto errors = automation_errors(body); !errors.empty())
        return validation_error(options.validation, errors);
    body["id"] = creating ? new_id() : std::string(automation_id);
    body["checklist_id"] = cl->id;
    if (creating) {
        cl->automations.push_back(body);
        return data_response(body, 201);
    }
    *found = body;
    return data_response(body, 200);
}

} // namespace tallyfy::sandbox
