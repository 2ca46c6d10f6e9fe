// SPDX-License-Identifier: BSL-1.0
// me, orgs list, users list | get | invite | role | disable | enable (the official CLI's `user`
// and `org` name the same groups). Disabling is undone by enabling: it never prompts.
#include "command.hpp"
#include "exit_codes.hpp"
#include "output.hpp"
#include "streaming.hpp"
#include "values.hpp"

#include <tallyfy/client.hpp>

#include <algorithm>
#include <cstdint>

namespace asio = boost::asio;

namespace tallyfy_cli {

namespace {

std::int64_t user_id(const parsed_args& args) {
    return parse_int("USER_ID", args.positionals[0], 1, INT64_MAX);
}

asio::awaitable<int> me(session& s, const parsed_args&) {
    tallyfy::user found = co_await s.api().get_me();
    print_json_line(*found.raw);
    co_return exit_ok;
}

asio::awaitable<int> list_orgs(session& s, const parsed_args& args) {
    auto items = s.api().list_my_organizations(paging_options_from(args));
    co_await stream_list(items);
    co_return exit_ok;
}

// The member statuses `users list --status` filters on (the parser and the help list them).
const std::vector<std::string>& member_statuses() {
    static const std::vector<std::string> names{"active", "invited", "disabled"};
    return names;
}

asio::awaitable<int> list_users(session& s, const parsed_args& args) {
    tallyfy::users_filter filter{.q = args.get("q").value_or(""),
                                 .sort = args.get("sort").value_or(""),
                                 .paging = paging_options_from(args)};
    // The API has no status filter: members of every status come back, filtered here.
    const auto status = args.get("status");
    const auto& known = member_statuses();
    if (status && std::find(known.begin(), known.end(), *status) == known.end())
        throw usage_error("--status: one of " + join_names(known));
    // --limit counts the members printed: with --status, the pager walks past the others.
    const std::size_t limit = status ? std::exchange(filter.paging.max_items, 0) : 0;
    auto items = s.api().list_users(std::move(filter));
    std::size_t printed = 0;
    list_writer out;
    while (auto u = co_await items.next()) {
        if (status && u->status != *status)
            continue;
        out.item(*u->raw);
        if (limit && ++printed == limit)
            break;
    }
    co_return exit_ok;
}

asio::awaitable<int> get(session& s, const parsed_args& args) {
    tallyfy::get_user_request request{.user_id = user_id(args)};
    tallyfy::user found = co_await s.api().get_user(std::move(request));
    print_json_line(*found.raw);
    co_return exit_ok;
}

asio::awaitable<int> invite(session& s, const parsed_args& args) {
    tallyfy::invite_user_request request;
    for (auto [option, slot] :
         {std::pair{"email", &request.email}, std::pair{"first-name", &request.first_name},
          std::pair{"last-name", &request.last_name}}) {
        auto v = args.get(option);
        if (!v || v->empty())
            throw usage_error(std::string("users invite needs --") + option);
        *slot = *v;
    }
    if (auto v = args.get("role"))
        request.role = *v;
    if (auto v = args.get("message"))
        request.message = *v;
    tallyfy::user invited = co_await s.api().invite_user(std::move(request));
    print_json_line(*invited.raw);
    co_return exit_ok;
}

asio::awaitable<int> role(session& s, const parsed_args& args) {
    auto r = args.get("role");
    if (!r || r->empty())
        throw usage_error("users role needs --role admin|standard|light");
    tallyfy::set_user_role_request request{.user_id = user_id(args), .role = *r};
    co_await s.api().set_user_role(request);
    tallyfy::get_user_request read{.user_id = request.user_id};
    tallyfy::user changed = co_await s.api().get_user(std::move(read));
    print_json_line(*changed.raw);
    co_return exit_ok;
}

asio::awaitable<int> set_enabled(session& s, const parsed_args& args, bool enable) {
    // Requests are built before co_await: g++ 12 destroys a braced temporary there twice
    // (docs/gcc12-coroutine-temporaries.md).
    const auto id = user_id(args);
    if (enable) {
        tallyfy::enable_user_request request{.user_id = id};
        co_await s.api().enable_user(std::move(request));
    } else {
        tallyfy::disable_user_request request{.user_id = id};
        co_await s.api().disable_user(std::move(request));
    }
    tallyfy::get_user_request read{.user_id = id};
    tallyfy::user changed = co_await s.api().get_user(std::move(read));
    print_json_line(*changed.raw);
    co_return exit_ok;
}

asio::awaitable<int> disable(session& s, const parsed_args& args) {
    return set_enabled(s, args, false);
}

asio::awaitable<int> enable(session& s, const parsed_args& args) {
    return set_enabled(s, args, true);
}

} // namespace

std::vector<command> user_commands() {
    // Neither `me` nor `orgs list` is under an organisation: the second is how one finds its id.
    command orgs = paged_list("orgs list",
                              "Streams your organisations as NDJSON; an `id` is what --org "
                              "takes.",
                              list_orgs);
    orgs.needs_org = false;
    command users =
        paged_list("users list",
                   R"(Streams the organisation's members as NDJSON, as pages arrive.)", list_users);
    users.options.insert(
        users.options.end(),
        {value_option("q", "TEXT", "members whose first name, last name or email holds TEXT"),
         value_option("sort", "FIELD", "e.g. last_name, -created_at (descending)"),
         enum_option("status", "S",
                     "members in this state (filtered here: the API has no such filter)",
                     member_statuses())});
    return {
        {.name = "me",
         .arguments = "",
         .help = R"(Prints the token's user as JSON.)",
         .run = me,
         .needs_org = false},
        orgs,
        std::move(users),
        with_positional("users get", "USER_ID", R"(Prints a member as JSON.)", {}, get),
        {.name = "users invite",
         .arguments = "",
         .help = R"(Invites someone to the organisation (role light unless --role) and prints the
invited member. The API requires every field; the message has a default. An invitation whose
response is lost is not re-sent (outcome_unknown): `users list` tells whether it was made.)",
         .options = {value_option("email", "EMAIL", "the invitee's email"),
                     value_option("first-name", "S", "first name"),
                     value_option("last-name", "S", "last name"),
                     value_option("role", "ROLE", "admin, standard or light (default light)"),
                     value_option("message", "S", "the invitation's text")},
         .run = invite},
        with_positional("users role", "USER_ID", R"(Sets a member's role and prints the member.)",
                        {value_option("role", "ROLE", "admin, standard or light")}, role),
        with_positional("users disable", "USER_ID",
                        R"(Disables a member (undone by `users enable`) and prints the member.)",
                        {}, disable),
        with_positional("users enable", "USER_ID",
                        R"(Enables a disabled member and prints the member.)", {}, enable),
    };
}

} // namespace tallyfy_cli
