// SPDX-License-Identifier: BSL-1.0
// tags list | create | update | delete, groups list | get | create | update | delete, folders
// list | create | delete (the official CLI's singular words name the same groups). Deleting is
// for good: it asks at a terminal and needs --yes elsewhere.
#include "command.hpp"
#include "confirm.hpp"
#include "exit_codes.hpp"
#include "output.hpp"
#include "streaming.hpp"
#include "values.hpp"

#include <tallyfy/client.hpp>

namespace asio = boost::asio;
namespace json = boost::json;

namespace tallyfy_cli {

namespace {

template <class T>
asio::awaitable<int> list_of(tallyfy::pager<T> items) {
    co_await stream_list(items);
    co_return exit_ok;
}

asio::awaitable<int> list_tags(session& s, const parsed_args& args) {
    return list_of(s.api().list_tags(paging_options_from(args)));
}

asio::awaitable<int> list_groups(session& s, const parsed_args& args) {
    return list_of(s.api().list_groups(paging_options_from(args)));
}

asio::awaitable<int> list_folders(session& s, const parsed_args& args) {
    return list_of(s.api().list_folders(paging_options_from(args)));
}

/// Deletes after confirming, and prints `{"id", "deleted": true}`. (Requests are built before
/// co_await throughout: g++ 12 destroys a braced temporary there twice, see
/// docs/gcc12-coroutine-temporaries.md.)
template <class Delete>
asio::awaitable<int> delete_one(const parsed_args& args, std::string_view command,
                                std::string_view kind, Delete call) {
    const std::string id = args.positionals[0];
    if (!confirmed(args, command, std::string(kind) + " " + tallyfy::printable(id, 80)))
        co_return exit_usage;
    co_await call(id);
    print_json_line(json::object{{"id", id}, {"deleted", true}});
    co_return exit_ok;
}

asio::awaitable<int> create_tag(session& s, const parsed_args& args) {
    tallyfy::create_tag_request request{.title = args.positionals[0], .color = args.get("color")};
    tallyfy::tag made = co_await s.api().create_tag(std::move(request));
    print_json_line(*made.raw);
    co_return exit_ok;
}

asio::awaitable<int> update_tag(session& s, const parsed_args& args) {
    if (!args.has("title") && !args.has("color"))
        throw usage_error("tags update needs --title or --color");
    tallyfy::update_tag_request request{
        .tag_id = args.positionals[0], .title = args.get("title"), .color = args.get("color")};
    tallyfy::tag changed = co_await s.api().update_tag(std::move(request));
    print_json_line(*changed.raw);
    co_return exit_ok;
}

asio::awaitable<int> delete_tag(session& s, const parsed_args& args) {
    return delete_one(args, "tags delete", "tag", [&s](std::string id) -> asio::awaitable<void> {
        tallyfy::delete_tag_request request{.tag_id = id};
        co_await s.api().delete_tag(std::move(request));
    });
}

asio::awaitable<int> get_group(session& s, const parsed_args& args) {
    tallyfy::get_group_request request{.group_id = args.positionals[0]};
    tallyfy::group found = co_await s.api().get_group(std::move(request));
    print_json_line(*found.raw);
    co_return exit_ok;
}

asio::awaitable<int> create_group(session& s, const parsed_args& args) {
    tallyfy::create_group_request request{.name = args.positionals[0],
                                          .description = args.get("description")};
    if (auto v = args.get("members"))
        request.members = parse_int_list("members", *v);
    if (auto v = args.get("guests"))
        request.guests = split_list(*v);
    tallyfy::group made = co_await s.api().create_group(std::move(request));
    print_json_line(*made.raw);
    co_return exit_ok;
}

asio::awaitable<int> update_group(session& s, const parsed_args& args) {
    tallyfy::update_group_request request{.group_id = args.positionals[0],
                                          .name = args.get("name"),
                                          .description = args.get("description")};
    if (auto v = args.get("members"))
        request.members = parse_int_list("members", *v);
    if (auto v = args.get("guests"))
        request.guests = split_list(*v);
    tallyfy::group changed = co_await s.api().update_group(std::move(request));
    print_json_line(*changed.raw);
    co_return exit_ok;
}

asio::awaitable<int> delete_group(session& s, const parsed_args& args) {
    return delete_one(args, "groups delete", "group",
                      [&s](std::string id) -> asio::awaitable<void> {
                          tallyfy::delete_group_request request{.group_id = id};
                          co_await s.api().delete_group(std::move(request));
                      });
}

asio::awaitable<int> create_folder(session& s, const parsed_args& args) {
    tallyfy::create_folder_request request{.name = args.positionals[0],
                                           .parent_id = args.get("parent"),
                                           .folder_type = args.get("type")};
    tallyfy::folder made = co_await s.api().create_folder(std::move(request));
    print_json_line(*made.raw);
    co_return exit_ok;
}

asio::awaitable<int> add_tag(session& s, const parsed_args& args) {
    const auto on_run = args.get("run");
    const auto on_template = args.get("template");
    if (on_run.has_value() == on_template.has_value())
        throw usage_error("tags add needs one of --run or --template");
    tallyfy::add_tag_request request{.tag_id = args.positionals[0],
                                     .subject = on_run ? tallyfy::tag_subject::run
                                                       : tallyfy::tag_subject::checklist,
                                     .subject_id = on_run ? *on_run : *on_template};
    tallyfy::tag_link link = co_await s.api().add_tag(std::move(request));
    print_json_line(*link.raw);
    co_return exit_ok;
}

asio::awaitable<int> remove_tag(session& s, const parsed_args& args) {
    tallyfy::remove_tag_request request{.link_id = args.positionals[0]};
    co_await s.api().remove_tag(std::move(request));
    print_json_line(json::object{{"id", args.positionals[0]}, {"removed", true}});
    co_return exit_ok;
}

asio::awaitable<int> add_to_folder(session& s, const parsed_args& args) {
    const auto run = args.get("run");
    if (!run)
        throw usage_error("folders add needs --run");
    tallyfy::add_to_folder_request request{.folder_id = args.positionals[0], .run_id = *run};
    tallyfy::folder_link link = co_await s.api().add_to_folder(std::move(request));
    print_json_line(*link.raw);
    co_return exit_ok;
}

asio::awaitable<int> remove_from_folder(session& s, const parsed_args& args) {
    tallyfy::remove_from_folder_request request{.link_id = args.positionals[0]};
    co_await s.api().remove_from_folder(std::move(request));
    print_json_line(json::object{{"id", args.positionals[0]}, {"removed", true}});
    co_return exit_ok;
}

asio::awaitable<int> delete_folder(session& s, const parsed_args& args) {
    return delete_one(args, "folders delete", "folder",
                      [&s](std::string id) -> asio::awaitable<void> {
                          tallyfy::delete_folder_request request{.folder_id = id};
                          co_await s.api().delete_folder(std::move(request));
                      });
}

/// `--on task,process`: every kind named, in order; an unknown one is a usage error that lists
/// the kinds there are.
std::vector<tallyfy::search_kind> search_kinds(std::string_view text) {
    std::vector<tallyfy::search_kind> kinds;
    for (const auto& name : split_list(text)) {
        auto kind = tallyfy::search_kind_from_string(name);
        if (!kind)
            throw usage_error("--on: unknown kind '" + tallyfy::printable(name, 40) +
                              "' (task, process, blueprint, step, capture, snippet)");
        kinds.push_back(*kind);
    }
    return kinds;
}

asio::awaitable<int> search(session& s, const parsed_args& args) {
    tallyfy::search_filter filter{.on = search_kinds(args.get("on").value_or("")),
                                  .paging = paging_options_from(args)};
    auto hits = s.api().search(args.positionals[0], std::move(filter));
    list_writer out;
    while (auto hit = co_await hits.next()) {
        json::object line = *hit->raw;
        line.emplace("kind", hit->kind); // the server's own member, if it sends one, is kept
        out.item(line);
    }
    co_return exit_ok;
}

} // namespace

std::vector<command> organization_commands() {
    command search_command = paged_list(
        "search", R"(Searches the organisation and streams the hits as NDJSON, each with its "kind"
(task, process, blueprint, ...). Task hits carry no run id: `task get ID` reads one.)",
        search);
    search_command.arguments = "Q";
    search_command.options.push_back(
        value_option("on", "KINDS",
                     "what to search, comma-separated: task, process, blueprint, step, capture, "
                     "snippet (default: task,process,blueprint)"));
    search_command.min_positionals = search_command.max_positionals = 1;
    return {
        std::move(search_command),
        paged_list("tags list", "Streams the organisation's tags as NDJSON.", list_tags),
        with_positional("tags create", "TITLE", R"(Creates a tag and prints it as JSON.)",
                        {value_option("color", "C", "a hex colour such as #3b82f6")}, create_tag),
        with_positional("tags update", "TAG_ID",
                        R"(Changes a tag's title or colour and prints it.)",
                        {value_option("title", "S", "the new title"),
                         value_option("color", "C", "the new colour, such as #3b82f6")},
                        update_tag),
        with_positional(
            "tags delete", "TAG_ID",
            R"(Deletes a tag for good; runs and tasks lose it. The API answers the same for a
tag that does not exist. Asks for confirmation at a terminal; --yes when stdin is not one.)",
            {flag_option("yes", "do not ask")}, delete_tag),
        with_positional("tags add", "TAG_ID",
                        R"(Puts a tag on a run or a template and prints the link as JSON; its "id"
is what tags remove takes. Tagging twice answers the same link.)",
                        {value_option("run", "RUN_ID", "tag this run"),
                         value_option("template", "TEMPLATE_ID", "tag this template")},
                        add_tag),
        with_positional("tags remove", "LINK_ID",
                        R"(Takes a tag off what tags add put it on (LINK_ID: the link's id).)", {},
                        remove_tag),
        paged_list("groups list", "Streams the organisation's groups as NDJSON.", list_groups),
        with_positional("groups get", "GROUP_ID", R"(Prints a group as JSON.)", {}, get_group),
        with_positional("groups create", "NAME", R"(Creates a group and prints it as JSON.)",
                        {value_option("description", "S", "what the group is for"),
                         value_option("members", "IDS", "member user ids, comma-separated"),
                         value_option("guests", "EMAILS", "guest emails, comma-separated")},
                        create_group),
        with_positional(
            "groups update", "GROUP_ID",
            R"(Changes a group and prints it. What is not given is kept (the API replaces
members and guests on every update: the group is read first); --members "" empties it.)",
            {value_option("name", "S", "the new name"),
             value_option("description", "S", "the new description"),
             value_option("members", "IDS", "member user ids, comma-separated"),
             value_option("guests", "EMAILS", "guest emails, comma-separated")},
            update_group),
        with_positional("groups delete", "GROUP_ID",
                        R"(Deletes a group for good. Asks for confirmation at a terminal; --yes when
stdin is not one.)",
                        {flag_option("yes", "do not ask")}, delete_group),
        paged_list("folders list", "Streams the organisation's folders as NDJSON.", list_folders),
        with_positional(
            "folders create", "NAME",
            R"(Creates a folder, in --parent when given, and prints it as JSON. --type run makes
a process folder (runs go in with folders add); the default holds templates.)",
            {value_option("parent", "FOLDER_ID", "the folder to create it in"),
             value_option("type", "TYPE", "checklist (templates, the default) or run")},
            create_folder),
        with_positional("folders add", "FOLDER_ID",
                        R"(Puts a run in a process folder and prints the link as JSON; its "id" is
what folders remove takes. A template moves with template update --folder.)",
                        {value_option("run", "RUN_ID", "the run to put in the folder")},
                        add_to_folder),
        with_positional("folders remove", "LINK_ID",
                        R"(Takes a run out of the folder folders add put it in.)", {},
                        remove_from_folder),
        with_positional(
            "folders delete", "FOLDER_ID",
            R"(Deletes a folder for good; its subfolders move up. Asks for confirmation at a
terminal; --yes when stdin is not one.)",
            {flag_option("yes", "do not ask")}, delete_folder),
    };
}

} // namespace tallyfy_cli
