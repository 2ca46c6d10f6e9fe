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

json::value optional_text(const std::optional<std::string>& s) {
    return s ? json::value(*s) : json::value(nullptr);
}

json::object guest_json(const guest_record& g) {
    return {{"id", g.id},
            {"email", g.email},
            {"first_name", optional_text(g.first_name)},
            {"last_name", optional_text(g.last_name)},
            {"disabled_at", nullptr},
            {"created_at", format_timestamp(g.created_at)},
            {"last_updated", format_timestamp(g.last_updated)}};
}

/// An address with one '@', text on both sides and a dot in the domain; no spaces.
bool plausible_email(std::string_view e) {
    const auto at = e.find('@');
    return at != std::string_view::npos && at > 0 &&
           e.find('@', at + 1) == std::string_view::npos &&
           e.find('.', at) != std::string_view::npos && e.back() != '.' &&
           e.find_first_of(" \t\r\n/") == std::string_view::npos && e.size() <= 254;
}

/// The names a create and an update take: strings of at most 32 characters, or null.
void read_names(field_reader& f, guest_record& g) {
    for (const char* key : {"first_name", "last_name"}) {
        if (!f.has(key))
            continue;
        auto& slot = std::string_view(key) == "first_name" ? g.first_name : g.last_name;
        slot = f.string(key, false, 32);
    }
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
                guests.push_back(
                    {.id = new_id(), .email = email, .created_at = now, .last_updated = now});
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

pending_response api_emulator::impl::create_guest(const call& c) {
    json::object body;
    if (auto err = parse_body(c.request.body, body))
        return *err;
    register_guests();
    field_reader f(body, org);
    guest_record g;
    g.email = f.string("email", true, 254).value_or("");
    if (f.errors.empty() && !plausible_email(g.email))
        f.fail("email", "The email must be a valid email address.");
    if (f.errors.empty() &&
        std::any_of(guests.begin(), guests.end(),
                    [&](const guest_record& other) { return same_email(other.email, g.email); }))
        f.fail("email", "The email has already been taken.");
    read_names(f, g);
    if (!f.errors.empty())
        return validation_error(options.validation, f.errors);
    if (auto wait = guest_invite_cap.admit()) // counted last: only a guest that is created
        return cap_exceeded("Guest Invite", guest_invite_cap.limit(), *wait);
    g.id = new_id();
    g.created_at = g.last_updated = now_seconds();
    guests.push_back(g);
    return data_response(guest_json(g), 201);
}

// The API answers an update with 201, as its documentation says.
pending_response api_emulator::impl::guest_by_email(const call& c, std::string_view email) {
    register_guests();
    const auto found = std::find_if(guests.begin(), guests.end(), [&](const guest_record& g) {
        return same_email(g.email, email);
    });
    if (found == guests.end())
        return resource_not_found();
    if (c.request.method == "GET")
        return data_response(guest_json(*found), 200);
    json::object body;
    if (auto err = parse_body(c.request.body, body))
        return *err;
    field_reader f(body, org);
    guest_record changed = *found;
    read_names(f, changed);
    if (!f.errors.empty())
        return validation_error(options.validation, f.errors);
    changed.last_updated = now_seconds();
    *found = changed;
    return data_response(guest_json(changed), 201);
}

} // namespace tallyfy::sandbox
