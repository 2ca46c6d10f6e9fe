// SPDX-License-Identifier: BSL-1.0
// Guests: get, create, update by email, and their list. One description per endpoint (see
// operation.hpp); this translation unit instantiates their coroutines.
#include "core/client_calls.hpp"
#include "core/pagination/pager_factory.hpp"

#include <boost/json/serialize.hpp>

#include <stdexcept>

namespace tallyfy::detail {

namespace {

// The email is one path segment: '/', '?', '#' and '%' are percent-encoded and cannot leave it;
// '@' goes as it is, as the official client sends it.
void guest_path(request_target& t, const id_string& email) {
    t.literal("/guests/").email(email, "email");
}

/// The names set, as `{"first_name"?, "last_name"?}`.
boost::json::object names(const std::optional<std::string>& first,
                          const std::optional<std::string>& last) {
    boost::json::object body;
    if (first)
        body["first_name"] = *first;
    if (last)
        body["last_name"] = *last;
    return body;
}

} // namespace

template <>
struct operation<get_guest_request> {
    static constexpr std::string_view name = "get_guest";
    static constexpr http_method method = http_method::get;
    static constexpr bool idempotent = true;
    static constexpr bool org_scoped = true;
    static void target(request_target& t, const get_guest_request& r) { guest_path(t, r.email); }
    static constexpr auto decode = decode_guest;
};

// A second POST after a lost answer is the API's 422 "already taken": never re-sent blindly;
// get_guest settles it.
template <>
struct operation<create_guest_request> {
    static constexpr std::string_view name = "create_guest";
    static constexpr http_method method = http_method::post;
    static constexpr bool idempotent = false;
    static constexpr bool org_scoped = true;
    static void target(request_target& t, const create_guest_request&) { t.literal("/guests"); }
    static std::string body(const create_guest_request& r) {
        const auto email = checked_text(r.email, "email");
        if (email.empty())
            throw std::invalid_argument("create_guest: email is empty");
        for (unsigned char c : email)
            if (c < 0x20 || c == 0x7f)
                throw std::invalid_argument("create_guest: email contains control characters");
        auto body = names(r.first_name, r.last_name);
        body["email"] = email;
        return boost::json::serialize(body);
    }
    static constexpr auto decode = decode_guest;
};

// Setting names is the same however often it is sent.
template <>
struct operation<update_guest_request> {
    static constexpr std::string_view name = "update_guest";
    static constexpr http_method method = http_method::put;
    static constexpr bool idempotent = true;
    static constexpr bool org_scoped = true;
    static void target(request_target& t, const update_guest_request& r) { guest_path(t, r.email); }
    static std::string body(const update_guest_request& r) {
        if (!r.first_name && !r.last_name)
            throw std::invalid_argument("update_guest: nothing to change (no first or last name)");
        return boost::json::serialize(names(r.first_name, r.last_name));
    }
    static constexpr auto decode = decode_guest;
};

/// `GET /guests`
struct list_guests {
    using item = guest;
    static constexpr std::string_view name = "list_guests";
    static void target(request_target& t) { t.literal("/guests"); }
    static constexpr auto decode = decode_guest_page;
};

} // namespace tallyfy::detail

TALLYFY_DEFINE_OPERATION(tallyfy::get_guest_request);
TALLYFY_DEFINE_OPERATION(tallyfy::create_guest_request);
TALLYFY_DEFINE_OPERATION(tallyfy::update_guest_request);

namespace tallyfy {

pager<guest> client::list_guests(paging_options paging, call_options options) {
    return detail::make_pager<detail::list_guests>(impl_, paging, options);
}

} // namespace tallyfy
