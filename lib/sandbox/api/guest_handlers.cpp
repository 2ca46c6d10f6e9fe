// SPDX-License-Identifier: BSL-1.0
// Guests: people outside the organisation that tasks are assigned to by email. The API keys its
// guest routes by an id it gives each guest; the sandbox gives one to each email the first time
// it finds it among the tasks' owners.
#include "body_fields.hpp"
#include "emulator_state.hpp"
#include "pagination.hpp"

#include <algorithm>

namespace tallyfy::sandbox {
namespace json = boost::json;
using namespace detail;

namespace {

json::object guest_json(const guest_record& g) {
    return {{"id", g.id},
            {"email", g.email},
            {"first_name", nullptr},
            {"last_name", nullptr},
            {"disabled_at", nullptr},
            {"created_at", format_timestamp(g.created_at)}};
}

} // namespace

void api_emulator::impl::register_guests() {
    const unix_seconds now = now_seconds();
    for (const auto& id : task_order) {
        const task_record* t = task(id);
        if (t == nullptr)
            continue;
        for (const auto& email : t->owners.guests)
            if (std::none_of(guests.begin(), guests.end(),
                             [&](const guest_record& g) { return same_email(g.email, email); }))
                guests.push_back({.id = new_id(), .email = email, .created_at = now});
    }
}

pending_response api_emulator::impl::list_guests(const call& c) {
    register_guests();
    return json_response(200, paginate(
                                  guests.size(),
                                  [&](std::size_t i) { return json::value(guest_json(guests[i])); },
                                  c.target, c.request.origin));
}

pending_response api_emulator::impl::list_guest_tasks(const call& c, std::string_view guest_id) {
    register_guests();
    const auto found = std::find_if(guests.begin(), guests.end(),
                                    [&](const guest_record& g) { return g.id == guest_id; });
    if (found == guests.end())
        return resource_not_found();
    return list_tasks(c, std::nullopt, &*found);
}

} // namespace tallyfy::sandbox
