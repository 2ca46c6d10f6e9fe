// SPDX-License-Identifier: BSL-1.0
// Tags, groups and folders against the sandbox over TLS: the API's quirks kept (a tag's delete
// answers 204 even for no tag; a group's PUT needs its name and replaces its lists, so the SDK
// keeps what the caller does not set).
#include <boost/test/unit_test.hpp>

#include "support/sandbox_client_fixture.hpp"

#include <algorithm>

namespace {

struct fixture : tallyfy::test::sandbox_client_fixture {
    std::vector<std::int64_t> members() {
        std::vector<std::int64_t> ids;
        for (const auto& u : run(api.list_users().collect(0)))
            ids.push_back(u.id);
        return ids;
    }
};

using methods = std::vector<std::string>;

template <class T>
bool listed(const std::vector<T>& all, const std::string& id) {
    return std::any_of(all.begin(), all.end(), [&](const T& x) { return x.id == id; });
}

} // namespace

BOOST_FIXTURE_TEST_SUITE(organization, fixture)

BOOST_AUTO_TEST_CASE(tags) {
    const auto seeded = run(api.list_tags().collect(0)).size();
    auto made = run(api.create_tag({.title = "vip", .color = "#ff0000"}));
    BOOST_TEST(made.title == "vip");
    BOOST_TEST(made.color == "#ff0000");
    BOOST_TEST(run(api.list_tags().collect(0)).size() == seeded + 1);

    // A taken title, a colour that is not hex: the API's 422s; nothing to change: refused here.
    BOOST_TEST(failure(api.create_tag({.title = "vip"})).details().field_errors.count("title") ==
               1u);
    BOOST_TEST(failure(api.create_tag({.title = "x", .color = "red"}))
                   .details()
                   .field_errors.count("color") == 1u);
    const auto before = recorded();
    BOOST_TEST((failure(api.update_tag({.tag_id = made.id})).error_value() ==
                tallyfy::error::invalid_argument));
    BOOST_TEST((failure(api.update_tag({.tag_id = made.id, .title = ""})).error_value() ==
                tallyfy::error::invalid_argument));
    BOOST_TEST(
        (failure(api.create_tag({.title = ""})).error_value() == tallyfy::error::invalid_argument));
    BOOST_TEST(recorded() == before);

    auto renamed = run(api.update_tag({.tag_id = made.id, .title = "very important"}));
    BOOST_TEST(renamed.title == "very important");
    BOOST_TEST(renamed.color == "#ff0000"); // kept
    BOOST_TEST(last_body() == (boost::json::object{{"title", "very important"}}));

    // Deleted; deleting again answers the same 204 (the API's quirk), completing with null.
    BOOST_TEST(run(api.delete_tag({.tag_id = made.id})).is_null());
    BOOST_TEST(!listed(run(api.list_tags().collect(0)), made.id));
    BOOST_TEST(run(api.delete_tag({.tag_id = made.id})).is_null());
    BOOST_TEST((failure(api.update_tag({.tag_id = made.id, .title = "gone"})).error_value() ==
                tallyfy::error::not_found));
}

BOOST_AUTO_TEST_CASE(groups_keep_what_an_update_does_not_set) {
    const auto ids = members();
    auto made = run(api.create_group({.name = "Reviewers",
                                      .description = "They review",
                                      .members = {ids[0], ids[1]},
                                      .guests = {"g@example.com"}}));
    BOOST_TEST(made.name == "Reviewers");
    BOOST_TEST((made.members == std::vector<std::int64_t>{ids[0], ids[1]}));
    BOOST_TEST(listed(run(api.list_groups().collect(0)), made.id));

    // Only the name: the group is read first and its lists sent again.
    const auto from = recorded();
    auto renamed = run(api.update_group({.group_id = made.id, .name = "Approvers"}));
    BOOST_TEST((methods_since(from) == methods{"GET", "PUT"}));
    BOOST_TEST(renamed.name == "Approvers");
    BOOST_TEST(renamed.description == "They review");
    BOOST_TEST((renamed.members == std::vector<std::int64_t>{ids[0], ids[1]}));
    BOOST_TEST((renamed.guests == std::vector<std::string>{"g@example.com"}));

    // Everything set: one PUT; an empty list set on purpose empties it.
    const auto again = recorded();
    auto emptied = run(api.update_group({.group_id = made.id,
                                         .name = "Approvers",
                                         .description = "",
                                         .members = std::vector<std::int64_t>{},
                                         .guests = std::vector<std::string>{}}));
    BOOST_TEST((methods_since(again) == methods{"PUT"}));
    BOOST_TEST(emptied.members.empty());
    BOOST_TEST(run(api.get_group({.group_id = made.id})).guests.empty());

    // Someone not in the organisation: the API's 422; an unknown group: 404.
    auto stranger = failure(api.create_group({.name = "X", .members = {999999999}}));
    BOOST_TEST((stranger.error_value() == tallyfy::error::validation_failed));
    BOOST_TEST((failure(api.create_group({.name = ""})).error_value() ==
                tallyfy::error::invalid_argument));
    const auto sent = recorded(); // an empty name is refused before the group is read
    BOOST_TEST((failure(api.update_group({.group_id = made.id, .name = ""})).error_value() ==
                tallyfy::error::invalid_argument));
    BOOST_TEST(recorded() == sent);
    BOOST_TEST(run(api.delete_group({.group_id = made.id})).is_null());
    BOOST_TEST(
        (failure(api.get_group({.group_id = made.id})).error_value() == tallyfy::error::not_found));
    BOOST_TEST((failure(api.delete_group({.group_id = made.id})).error_value() ==
                tallyfy::error::not_found));
}

BOOST_AUTO_TEST_CASE(folders_nest_and_delete) {
    auto top = run(api.create_folder({.name = "Clients"}));
    auto parent = run(api.create_folder({.name = "2027", .parent_id = top.id}));
    auto child = run(api.create_folder({.name = "Q1", .parent_id = parent.id}));
    BOOST_TEST(child.parent_id.value_or("") == parent.id);
    BOOST_TEST(!top.parent_id.has_value());
    auto orphan = failure(api.create_folder({.name = "x", .parent_id = std::string(32, 'f')}));
    BOOST_TEST(orphan.details().field_errors.count("parent_id") == 1u);

    // Deleting the middle folder moves its child up one level, under the top one.
    BOOST_TEST(run(api.delete_folder({.folder_id = parent.id})).is_null());
    auto all = run(api.list_folders().collect(0));
    BOOST_TEST(!listed(all, parent.id));
    auto moved =
        std::find_if(all.begin(), all.end(), [&](const auto& f) { return f.id == child.id; });
    BOOST_TEST_REQUIRE((moved != all.end()));
    BOOST_TEST(moved->parent_id.value_or("") == top.id);
    BOOST_TEST((failure(api.delete_folder({.folder_id = parent.id})).error_value() ==
                tallyfy::error::not_found));
    // A hostile id stays one segment and reaches no other route.
    auto hostile = failure(api.delete_folder({.folder_id = "../tags"}));
    BOOST_TEST((hostile.error_value() == tallyfy::error::not_found));
}

BOOST_AUTO_TEST_CASE(tags_on_runs_and_templates) {
    auto vip = run(api.create_tag({.title = "vip"}));
    const auto launched = launch("Quick Checklist");
    auto link = run(api.add_tag({.tag_id = vip.id, .subject_id = launched.id}));
    BOOST_TEST(link.tag_id == vip.id);
    BOOST_TEST(link.subject_id == launched.id);
    BOOST_TEST(link.subject_type == "Run");
    BOOST_TEST(last_body() == (boost::json::object{{"subject_id", launched.id},
                                                   {"subject_type", "Run"},
                                                   {"tag_id", vip.id},
                                                   {"tag_type", "private"}}));
    BOOST_TEST(sandbox.recorder().requests().back().target.ends_with("/checklists/tags"));
    // Tagging again answers the same link; the run carries the tag once.
    BOOST_TEST(run(api.add_tag({.tag_id = vip.id, .subject_id = launched.id})).id == link.id);
    BOOST_TEST(run(api.list_runs({.tag = vip.id}).collect(0)).size() == 1u);

    auto on_template = run(api.add_tag({.tag_id = vip.id,
                                        .subject = tallyfy::tag_subject::checklist,
                                        .subject_id = checklist("Purchase Request")}));
    BOOST_TEST(on_template.subject_type == "Checklist");
    BOOST_TEST(on_template.id != link.id);

    // An unknown tag or subject: the API's 422, naming the field; hostile ids refused here.
    BOOST_TEST(failure(api.add_tag({.tag_id = std::string(32, 'a'), .subject_id = launched.id}))
                   .details()
                   .field_errors.count("tag_id") == 1u);
    BOOST_TEST(failure(api.add_tag({.tag_id = vip.id, .subject_id = std::string(32, 'b')}))
                   .details()
                   .server_message.find("Subject not found") != std::string::npos);
    const auto before = recorded();
    BOOST_TEST((failure(api.add_tag({.tag_id = vip.id, .subject_id = "a\r\nb"})).error_value() ==
                tallyfy::error::invalid_argument));
    BOOST_TEST((failure(api.add_tag({.tag_id = "", .subject_id = launched.id})).error_value() ==
                tallyfy::error::invalid_argument));
    BOOST_TEST(recorded() == before);

    BOOST_TEST(run(api.remove_tag({.link_id = link.id})).is_null());
    BOOST_TEST(run(api.list_runs({.tag = vip.id}).collect(0)).empty());
    BOOST_TEST(
        (failure(api.remove_tag({.link_id = link.id})).error_value() == tallyfy::error::not_found));
}

BOOST_AUTO_TEST_CASE(runs_in_process_folders) {
    auto processes = run(api.create_folder({.name = "Active clients", .folder_type = "run"}));
    BOOST_TEST(processes.raw->at("folder_type").as_string() == "run");
    auto templates = run(api.create_folder({.name = "Templates"}));
    const auto launched = launch("Quick Checklist");

    auto link = run(api.add_to_folder({.folder_id = processes.id, .run_id = launched.id}));
    BOOST_TEST(link.folder_id == processes.id);
    BOOST_TEST(link.subject_id == launched.id);
    BOOST_TEST(run(api.add_to_folder({.folder_id = processes.id, .run_id = launched.id})).id ==
               link.id);
    BOOST_TEST(run(api.list_runs({.folder = processes.id}).collect(0)).size() == 1u);
    // A template folder takes no run (the API's message); a bad folder type is its 422.
    auto wrong = failure(api.add_to_folder({.folder_id = templates.id, .run_id = launched.id}));
    BOOST_TEST(wrong.details().server_message.find("No such a folder exists in Processes") !=
               std::string::npos);
    BOOST_TEST(failure(api.create_folder({.name = "x", .folder_type = "tasks"}))
                   .details()
                   .field_errors.count("folder_type") == 1u);

    BOOST_TEST(run(api.remove_from_folder({.link_id = link.id})).is_null());
    BOOST_TEST(run(api.list_runs({.folder = processes.id}).collect(0)).empty());
    BOOST_TEST((failure(api.remove_from_folder({.link_id = link.id})).error_value() ==
                tallyfy::error::not_found));

    // A template goes into a folder through its update, keeping what it had.
    tallyfy::update_checklist_request move{.checklist_id = checklist("Purchase Request")};
    move.extra["folder_id"] = templates.id;
    run(api.update_checklist(std::move(move)));
    BOOST_TEST(last_body().at("folder_id").as_string() == templates.id);
    BOOST_TEST(last_body().at("title").as_string() == "Purchase Request");
}

BOOST_AUTO_TEST_SUITE_END()
