// SPDX-License-Identifier: BSL-1.0
// Members of the organisation (list, get, invite, role, disable, enable) and the token user's
// organisations. An invitation needs every field the API's documentation calls required.
#include "body_fields.hpp"
#include "emulator_state.hpp"
#include "pagination.hpp"

#include <algorithm>
#include <array>

namespace tallyfy::sandbox {
namespace json = boost::json;
using namespace detail;

namespace {

constexpr std::array<std::string_view, 3> roles{"admin", "standard", "light"};

std::optional<std::string> read_role(field_reader& f) {
    auto role = f.string("role", true);
    if (role && std::find(roles.begin(), roles.end(), *role) == roles.end()) {
        f.fail("role", "The selected role is invalid.");
        return std::nullopt;
    }
    return role;
}

} // namespace

// `q` matches a first name, last name or email; `sort` orders by a field ("-" first: descending).
// Members of every status are listed: the API has no status filter.
pending_response api_emulator::impl::list_users(const call& c) {
    const std::string_view q = c.target.param("q").value_or("");
    std::vector<const user_record*> found;
    for (const auto& u : org.users)
        if (icontains(u.first_name, q) || icontains(u.last_name, q) || icontains(u.email, q))
            found.push_back(&u);
    std::string_view sort = c.target.param("sort").value_or("");
    const bool descending = sort.starts_with('-');
    if (descending)
        sort.remove_prefix(1);
    auto key = [&](const user_record* u) -> std::string {
        if (sort == "first_name")
            return u->first_name;
        if (sort == "last_name")
            return u->last_name;
        if (sort == "email")
            return u->email;
        return {};
    };
    if (sort == "id")
        std::stable_sort(found.begin(), found.end(), [&](auto* a, auto* b) {
            return descending ? a->id > b->id : a->id < b->id;
        });
    else if (!sort.empty())
        std::stable_sort(found.begin(), found.end(), [&](auto* a, auto* b) {
            return descending ? key(a) > key(b) : key(a) < key(b);
        });
    return json_response(
        200, paginate(
                 found.size(), [&](std::size_t i) { return json::value(user_to_json(*found[i])); },
                 c.target, c.request.origin));
}

pending_response api_emulator::impl::list_my_organizations(const call& c) {
    json::array orgs{json::object{
        {"id", org.org_id}, {"name", org.org_name}, {"created_at", format_timestamp(0)}}};
    return json_response(200, paginate(std::move(orgs), c.target, c.request.origin));
}

pending_response api_emulator::impl::invite_user(const call& c) {
    json::object body;
    if (auto err = parse_body(c.request.body, body))
        return *err;
    field_reader f(body, org);
    user_record u;
    u.email = f.string("email", true, 254).value_or("");
    if (!u.email.empty() && u.email.find('@') == std::string::npos)
        f.fail("email", "The email must be a valid email address.");
    if (!u.email.empty() &&
        std::any_of(org.users.begin(), org.users.end(),
                    [&](const user_record& other) { return same_email(other.email, u.email); }))
        f.fail("email", "The email has already been taken.");
    u.first_name = f.string("first_name", true, 32).value_or("");
    u.last_name = f.string("last_name", true, 32).value_or("");
    u.role = read_role(f).value_or("");
    f.string("message", true, 5000);
    if (!f.errors.empty())
        return validation_error(options.validation, f.errors);
    std::int64_t top = 0;
    for (const auto& other : org.users)
        top = std::max(top, other.id);
    u.id = top + 1;
    u.status = "invited";
    org.users.push_back(u);
    return data_response(user_to_json(u), 200);
}

pending_response api_emulator::impl::member(const call& c, std::string_view user_id,
                                            std::string_view action) {
    const auto id = user_id_value(json::value(json::string(user_id)));
    auto found = std::find_if(org.users.begin(), org.users.end(),
                              [&](const user_record& u) { return id && u.id == *id; });
    if (found == org.users.end())
        return resource_not_found();
    if (action == "role") {
        json::object body;
        if (auto err = parse_body(c.request.body, body))
            return *err;
        field_reader f(body, org);
        auto role = read_role(f);
        if (!f.errors.empty())
            return validation_error(options.validation, f.errors);
        found->role = *role;
    } else if (action == "disable") {
        if (found->id == c.user_id)
            return validation_error(options.validation,
                                    {{"user", {"You cannot disable your own account."}}});
        found->status = "disabled";
    } else if (action == "enable") {
        found->status = "active";
    }
    return data_response(user_to_json(*found), 200);
}

} // namespace tallyfy::sandbox
