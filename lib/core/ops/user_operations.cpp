// SPDX-License-Identifier: BSL-1.0
// Identity and members: me, my organisations, a member, invite, role, disable, enable, and the
// members' list. One description per endpoint (see operation.hpp); this translation unit
// instantiates their coroutines.
#include "core/client_calls.hpp"
#include "core/list_queries.hpp"
#include "core/pagination/pager_factory.hpp"

#include <boost/json/serialize.hpp>

#include <stdexcept>

namespace tallyfy::detail {

namespace {

void member_path(request_target& t, std::int64_t user_id) {
    if (user_id < 1)
        throw invalid_argument_error("user_id must be a positive integer");
    t.literal("/users/").id(std::to_string(user_id), "user_id");
}

/// The field's text; empty (or longer than the field holds): refused before sending.
std::string_view require(std::string_view operation, std::string_view field,
                         std::string_view text) {
    if (text.empty())
        throw std::invalid_argument(std::string(operation) + ": " + std::string(field) +
                                    " is empty");
    return text;
}
template <std::size_t N>
std::string_view require(std::string_view operation, std::string_view field,
                         const inline_string<N>& value) {
    return require(operation, field, checked_text(value, field));
}

constexpr std::string_view default_invitation =
    "You are invited to join our organization on Tallyfy.";

} // namespace

template <>
struct operation<get_me_request> {
    static constexpr std::string_view name = "get_me";
    static constexpr http_method method = http_method::get;
    static constexpr bool idempotent = true;
    static constexpr bool org_scoped = false;
    static void target(request_target& t, const get_me_request&, std::string_view) {
        t.literal("/me");
    }
    static constexpr auto decode = decode_user;
};

template <>
struct operation<get_user_request> {
    static constexpr std::string_view name = "get_user";
    static constexpr http_method method = http_method::get;
    static constexpr bool idempotent = true;
    static constexpr bool org_scoped = true;
    static void target(request_target& t, const get_user_request& r) { member_path(t, r.user_id); }
    static constexpr auto decode = decode_user;
};

// A second invitation emails the person again: never re-sent after an unknown outcome.
template <>
struct operation<invite_user_request> {
    static constexpr std::string_view name = "invite_user";
    static constexpr http_method method = http_method::post;
    static constexpr bool idempotent = false;
    static constexpr bool org_scoped = true;
    static void target(request_target& t, const invite_user_request&) {
        t.literal("/users/invite");
    }
    static std::string body(const invite_user_request& r) {
        const std::string message = r.message.value_or(std::string(default_invitation));
        return boost::json::serialize(
            boost::json::object{{"email", require(name, "email", r.email)},
                                {"first_name", require(name, "first_name", r.first_name)},
                                {"last_name", require(name, "last_name", r.last_name)},
                                {"role", require(name, "role", r.role)},
                                {"message", require(name, "message", message)}});
    }
    static constexpr auto decode = decode_user;
};

template <>
struct operation<set_user_role_request> {
    static constexpr std::string_view name = "set_user_role";
    static constexpr http_method method = http_method::put;
    static constexpr bool idempotent = true;
    static constexpr bool org_scoped = true;
    static void target(request_target& t, const set_user_role_request& r) {
        member_path(t, r.user_id);
        t.literal("/role");
    }
    static std::string body(const set_user_role_request& r) {
        return boost::json::serialize(boost::json::object{{"role", require(name, "role", r.role)}});
    }
    static constexpr auto decode = decode_json;
};

// Disabling a disabled member leaves it disabled: safe to send again.
template <>
struct operation<disable_user_request> {
    static constexpr std::string_view name = "disable_user";
    static constexpr http_method method = http_method::delete_;
    static constexpr bool idempotent = true;
    static constexpr bool org_scoped = true;
    static void target(request_target& t, const disable_user_request& r) {
        member_path(t, r.user_id);
        t.literal("/disable");
    }
    static constexpr auto decode = decode_json;
};

template <>
struct operation<enable_user_request> {
    static constexpr std::string_view name = "enable_user";
    static constexpr http_method method = http_method::put;
    static constexpr bool idempotent = true;
    static constexpr bool org_scoped = true;
    static void target(request_target& t, const enable_user_request& r) {
        member_path(t, r.user_id);
        t.literal("/enable");
    }
    static constexpr auto decode = decode_json;
};

/// `GET /users`
struct list_users {
    using item = user;
    static constexpr std::string_view name = "list_users";
    static void target(request_target& t, const users_filter& f) {
        t.literal("/users");
        add_query(t, f);
    }
    static constexpr auto decode = decode_user_page;
};

/// `GET /me/organizations`: not under an organisation.
struct list_my_organizations {
    using item = organization;
    static constexpr std::string_view name = "list_my_organizations";
    static constexpr bool org_scoped = false;
    static void target(request_target& t) { t.literal("/me/organizations"); }
    static constexpr auto decode = decode_organization_page;
};

} // namespace tallyfy::detail

TALLYFY_DEFINE_OPERATION(tallyfy::get_me_request);
TALLYFY_DEFINE_OPERATION(tallyfy::get_user_request);
TALLYFY_DEFINE_OPERATION(tallyfy::invite_user_request);
TALLYFY_DEFINE_OPERATION(tallyfy::set_user_role_request);
TALLYFY_DEFINE_OPERATION(tallyfy::disable_user_request);
TALLYFY_DEFINE_OPERATION(tallyfy::enable_user_request);

namespace tallyfy {

pager<user> client::list_users(users_filter filter) {
    return detail::make_pager<detail::list_users>(impl_, filter.paging, filter.options, filter);
}

pager<organization> client::list_my_organizations(paging_options paging, call_options options) {
    return detail::make_pager<detail::list_my_organizations>(impl_, paging, options);
}

} // namespace tallyfy
