// SPDX-License-Identifier: BSL-1.0
// guests list | get | create | update (the official CLI's `guest` names the same group)
#include "command.hpp"
#include "exit_codes.hpp"
#include "output.hpp"
#include "streaming.hpp"
#include "values.hpp"

#include <tallyfy/client.hpp>

namespace asio = boost::asio;

namespace tallyfy_cli {

namespace {

asio::awaitable<int> list(session& s, const parsed_args& args) {
    auto items = s.api().list_guests(paging_options_from(args));
    co_await stream_list(items);
    co_return exit_ok;
}

asio::awaitable<int> get(session& s, const parsed_args& args) {
    tallyfy::get_guest_request request{.email = args.positionals[0]};
    tallyfy::guest found = co_await s.api().get_guest(std::move(request));
    print_json_line(*found.raw);
    co_return exit_ok;
}

asio::awaitable<int> create(session& s, const parsed_args& args) {
    auto email = args.get("email");
    if (!email)
        throw usage_error("guests create needs --email EMAIL");
    tallyfy::create_guest_request request{
        .email = *email, .first_name = args.get("first-name"), .last_name = args.get("last-name")};
    tallyfy::guest created = co_await s.api().create_guest(std::move(request));
    print_json_line(*created.raw);
    co_return exit_ok;
}

asio::awaitable<int> update(session& s, const parsed_args& args) {
    if (!args.has("first-name") && !args.has("last-name"))
        throw usage_error("guests update needs --first-name or --last-name");
    tallyfy::update_guest_request request{.email = args.positionals[0],
                                          .first_name = args.get("first-name"),
                                          .last_name = args.get("last-name")};
    tallyfy::guest updated = co_await s.api().update_guest(std::move(request));
    print_json_line(*updated.raw);
    co_return exit_ok;
}

} // namespace

std::vector<command> guest_commands() {
    return {
        paged_list("guests list",
                   "Streams the organisation's guests as NDJSON, as pages arrive. A guest's `id` "
                   "is\nwhat `tasks list --guest ID` takes.",
                   list),
        with_positional("guests get", "EMAIL", "Prints a guest as JSON, found by email (any case).",
                        {}, get),
        {.name = "guests create",
         .arguments = "",
         .help = R"(Creates a guest and prints it as JSON. A create whose response is lost is not
re-sent (outcome_unknown): `guests get EMAIL` tells whether it was made.)",
         .options = {value_option("email", "EMAIL", "the guest's email (required)"),
                     value_option("first-name", "S", "first name"),
                     value_option("last-name", "S", "last name")},
         .run = create},
        with_positional(
            "guests update", "EMAIL",
            "Changes a guest's names (those given; the others are kept) and prints the guest.",
            {value_option("first-name", "S", "the new first name"),
             value_option("last-name", "S", "the new last name")},
            update),
    };
}

} // namespace tallyfy_cli
