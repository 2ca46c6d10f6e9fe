// SPDX-License-Identifier: BSL-1.0
// Groups: get, create, update (keeps what it does not set), delete, and their list. One
// description per endpoint (see operation.hpp); this translation unit instantiates their
// coroutines.
#include "core/client_calls.hpp"
#include "core/pagination/pager_factory.hpp"

#include <boost/json/serialize.hpp>

#include <stdexcept>

namespace tallyfy::detail {

namespace {

void group_path(request_target& t, const id_string& group_id) {
    t.literal("/groups/").id(group_id, "group_id");
}

boost::json::object group_body(std::string_view operation, const std::string& name,
                               const std::optional<std::string>& description,
                               const std::vector<std::int64_t>& members,
                               const std::vector<std::string>& guests) {
    if (name.empty())
        throw std::invalid_argument(std::string(operation) + ": name is empty");
    boost::json::object body{{"name", name},
                             {"members", boost::json::array(members.begin(), members.end())},
                             {"guests", boost::json::array(guests.begin(), guests.end())}};
    if (description)
        body["description"] = *description;
    return body;
}

} // namespace

template <>
struct operation<get_group_request> {
    static constexpr std::string_view name = "get_group";
    static constexpr http_method method = http_method::get;
    static constexpr bool idempotent = true;
    static constexpr bool org_scoped = true;
    static void target(request_target& t, const get_group_request& r) { group_path(t, r.group_id); }
    static constexpr auto decode = decode_group;
};

// A second POST is a second group: never re-sent after an unknown outcome.
template <>
struct operation<create_group_request> {
    static constexpr std::string_view name = "create_group";
    static constexpr http_method method = http_method::post;
    static constexpr bool idempotent = false;
    static constexpr bool org_scoped = true;
    static void target(request_target& t, const create_group_request&) { t.literal("/groups"); }
    static std::string body(const create_group_request& r) {
        return boost::json::serialize(group_body(name, std::string(checked_text(r.name, "name")),
                                                 r.description, r.members, r.guests));
    }
    static constexpr auto decode = decode_group;
};

// The PUT needs the name and replaces the members and guests: what the caller leaves unset is
// read first and sent again, so an update never empties a group by omission.
template <>
struct operation<update_group_request> {
    static constexpr std::string_view name = "update_group";
    static constexpr http_method method = http_method::put;
    static constexpr bool idempotent = true;
    static constexpr bool org_scoped = true;
    static void target(request_target& t, const update_group_request& r) {
        group_path(t, r.group_id);
    }
    static std::string body(const update_group_request& r) {
        return boost::json::serialize(group_body(name, r.name.value_or(""), r.description,
                                                 r.members.value_or(std::vector<std::int64_t>{}),
                                                 r.guests.value_or(std::vector<std::string>{})));
    }
    static constexpr auto decode = decode_group;

    static bool needs_prepare(const update_group_request& r) {
        return !r.name || !r.description || !r.members || !r.guests;
    }
    static boost::asio::awaitable<outcome<update_group_request>>
    prepare(client_core& core, const update_group_request& r) {
        if (r.name && r.name->empty()) // refused before the read, not after it
            co_return make_details(error::invalid_argument, std::string(name) + ": name is empty");
        get_group_request read{.group_id = r.group_id};
        read.options = r.options;
        auto reading = perform<get_group_request>(core, read);
        auto current = co_await std::move(reading);
        if (!current)
            co_return std::move(current).error();
        update_group_request full = r;
        if (!full.name)
            full.name = current->name;
        if (!full.description)
            full.description = current->description;
        if (!full.members)
            full.members = current->members;
        if (!full.guests)
            full.guests = current->guests;
        co_return full;
    }
};

// A second DELETE of a deleted group is a 404: not re-sent blindly.
template <>
struct operation<delete_group_request> {
    static constexpr std::string_view name = "delete_group";
    static constexpr http_method method = http_method::delete_;
    static constexpr bool idempotent = false;
    static constexpr bool org_scoped = true;
    static void target(request_target& t, const delete_group_request& r) {
        group_path(t, r.group_id);
    }
    static constexpr auto decode = decode_json;
};

/// `GET /groups`
struct list_groups {
    using item = group;
    static constexpr std::string_view name = "list_groups";
    static void target(request_target& t) { t.literal("/groups"); }
    static constexpr auto decode = decode_group_page;
};

} // namespace tallyfy::detail

TALLYFY_DEFINE_OPERATION(tallyfy::get_group_request);
TALLYFY_DEFINE_OPERATION(tallyfy::create_group_request);
TALLYFY_DEFINE_OPERATION(tallyfy::update_group_request);
TALLYFY_DEFINE_OPERATION(tallyfy::delete_group_request);

namespace tallyfy {

pager<group> client::list_groups(paging_options paging, call_options options) {
    return detail::make_pager<detail::list_groups>(impl_, paging, options);
}

} // namespace tallyfy
