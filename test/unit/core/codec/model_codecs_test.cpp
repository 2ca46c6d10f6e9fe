// SPDX-License-Identifier: BSL-1.0
// Decoding rules of the models: timestamps, owners, Fractal includes, links, raw JSON, unknown
// enum values, wrong types named by JSON path, and hostile or malformed input.
#include <boost/test/unit_test.hpp>

#include "core/codec/arena_document.hpp"
#include "core/codec/json_reader.hpp"
#include "core/codec/key_table.hpp"
#include "core/codec/model_codecs.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace codec = tallyfy::codec;
namespace json = boost::json;
using namespace std::chrono;

namespace {

tallyfy::timestamp at(int y, unsigned mo, unsigned d, int h, int mi, int s, int ms = 0) {
    return sys_days(year{y} / month{mo} / day{d}) + hours(h) + minutes(mi) + seconds(s) +
           milliseconds(ms);
}

json::value parse_json(std::string_view text) {
    boost::system::error_code ec;
    json::value v = json::parse(text, ec);
    BOOST_TEST_REQUIRE(!ec, "not JSON: " << text);
    return v;
}

tallyfy::task task_from(std::string_view data_object) {
    auto root = parse_json(R"({"data":)" + std::string(data_object) + "}");
    return codec::decode_task(codec::envelope_data(root), "data");
}

tallyfy::run run_from(std::string_view data_object) {
    auto root = parse_json(R"({"data":)" + std::string(data_object) + "}");
    return codec::decode_run(codec::envelope_data(root), "data");
}

/// The decode_error message of decoding `data_object` as a task ("" when it decodes).
std::string task_error(std::string_view data_object) {
    try {
        task_from(data_object);
    } catch (const codec::decode_error& e) {
        return e.what();
    }
    return {};
}

std::string run_error(std::string_view data_object) {
    try {
        run_from(data_object);
    } catch (const codec::decode_error& e) {
        return e.what();
    }
    return {};
}

// A realistic task (as the sandbox renders one) used as a base for mutations.
constexpr std::string_view full_task = R"({"id":"4d2c6a0b9e8f7a6b5c4d3e2f1a0b9c8d","increment_id":7,
"title":"Manager approval","original_title":"Manager approval","alias":"manager-approval",
"run_id":"0f1e2d3c4b5a69788796a5b4c3d2e1f0","checklist_id":"aabbccddeeff00112233445566778899",
"step_id":"99887766554433221100ffeeddccbbaa","linked_step_id":null,"status":"active",
"status_label":"Active","task_type":"approval","is_approved":null,"is_completable":true,
"is_oneoff_task":false,"position":2,"owners":{"users":[10001,{"id":10002,"full_name":"A B"}],
"guests":["g@example.com"],"groups":["grp"]},"taskdata":{},"deadline":"2025-01-15T17:00:00.000Z",
"started_at":"2025-01-10 09:00:00","created_at":"2025-01-10T09:00:00Z","last_updated":null,
"completed_at":null,"archived_at":null,"starter_id":10001,"completer_id":null,
"summary":"Approve it","form_fields":{"data":[{"id":"f1","label":"L","field_type":"text",
"required":false,"value":null}]},"tasks_changed_by_rules":[],"run":{"data":{"id":"r"}}})";

} // namespace

BOOST_AUTO_TEST_SUITE(timestamps)

BOOST_AUTO_TEST_CASE(every_form_the_api_uses) {
    BOOST_TEST((codec::parse_timestamp("2025-01-15T17:00:00Z") == at(2025, 1, 15, 17, 0, 0)));
    BOOST_TEST((codec::parse_timestamp("2025-01-15T17:00:00.000Z") == at(2025, 1, 15, 17, 0, 0)));
    BOOST_TEST(
        (codec::parse_timestamp("2025-01-15T17:00:00.123Z") == at(2025, 1, 15, 17, 0, 0, 123)));
    BOOST_TEST(
        (codec::parse_timestamp("2025-01-15T17:00:00.1239Z") == at(2025, 1, 15, 17, 0, 0, 123)));
    BOOST_TEST(
        (codec::parse_timestamp("2025-01-15T17:00:00.5Z") == at(2025, 1, 15, 17, 0, 0, 500)));
    BOOST_TEST((codec::parse_timestamp("2025-01-15 17:00:00") == at(2025, 1, 15, 17, 0, 0)));
    BOOST_TEST((codec::parse_timestamp("2025-01-15T17:00:00+00:00") == at(2025, 1, 15, 17, 0, 0)));
    BOOST_TEST((codec::parse_timestamp("2025-01-15T17:00:00") == at(2025, 1, 15, 17, 0, 0)));
    BOOST_TEST((codec::parse_timestamp("2025-01-15") == at(2025, 1, 15, 0, 0, 0)));
    BOOST_TEST((codec::parse_timestamp("2024-02-29T23:59:59Z") == at(2024, 2, 29, 23, 59, 59)));
}

BOOST_AUTO_TEST_CASE(garbage_is_refused) {
    for (std::string_view bad :
         std::initializer_list<std::string_view>{"",
                                                 "garbage",
                                                 "2025",
                                                 "2025-01",
                                                 "2025-1-15",
                                                 "2025-13-01",
                                                 "2025-02-30",
                                                 "2023-02-29T00:00:00Z",
                                                 "2025-01-15T24:00:00Z",
                                                 "2025-01-15T17:60:00Z",
                                                 "2025-01-15T17:00",
                                                 "2025-01-15T17:00:00.Z",
                                                 "2025-01-15T17:00:00+02:00",
                                                 "2025-01-15T17:00:00Zjunk",
                                                 "2025-01-15X17:00:00Z",
                                                 "2025-01-15 ",
                                                 "-025-01-15",
                                                 "２０２５-01-15",
                                                 "2025-01-15T17:00:00ZZ",
                                                 std::string_view("2025-01-15\0", 11)})
        BOOST_TEST(!codec::parse_timestamp(bad).has_value(), "accepted: " << bad);
}

BOOST_AUTO_TEST_CASE(format_round_trips) {
    auto t = at(2025, 5, 20, 17, 0, 0, 42);
    BOOST_TEST(codec::format_timestamp(t) == "2025-05-20T17:00:00.042Z");
    BOOST_TEST((codec::parse_timestamp(codec::format_timestamp(t)) == t));
}

BOOST_AUTO_TEST_CASE(in_models_null_empty_and_bad) {
    auto t = task_from(
        R"({"id":"t","deadline":"2025-01-15T17:00:00Z","started_at":"2025-01-10 09:00:00",)"
        R"("created_at":"2025-01-10T09:00:00.000Z","last_updated":"","completed_at":null})");
    BOOST_TEST((t.deadline == at(2025, 1, 15, 17, 0, 0)));
    BOOST_TEST((t.started_at == at(2025, 1, 10, 9, 0, 0)));
    BOOST_TEST((t.created_at == at(2025, 1, 10, 9, 0, 0)));
    BOOST_TEST(!t.last_updated.has_value());
    BOOST_TEST(!t.completed_at.has_value());
    BOOST_TEST(!t.archived_at.has_value()); // absent
    BOOST_TEST(task_error(R"({"id":"t","deadline":"next tuesday"})") ==
               "data.deadline: expected a timestamp (ISO-8601 or YYYY-MM-DD HH:MM:SS)");
    BOOST_TEST(task_error(R"({"id":"t","deadline":1736960400})") ==
               "data.deadline: expected a timestamp string");
    BOOST_TEST(run_error(R"({"id":"r","due_date":"2025-02-30T00:00:00Z"})")
                   .starts_with("data.due_date: expected a timestamp"));
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(models)

BOOST_AUTO_TEST_CASE(owners_users_as_ints_and_as_user_objects) {
    auto t = task_from(full_task);
    BOOST_TEST(t.owners.users == (std::vector<std::int64_t>{10001, 10002}));
    BOOST_TEST(t.owners.guests == std::vector<std::string>{"g@example.com"});
    BOOST_TEST(t.owners.groups == std::vector<std::string>{"grp"});
    auto objects = task_from(
        R"({"id":"t","owners":{"users":[{"id":1,"full_name":"X"},{"id":"2"}],"guests":[],"groups":[]}})");
    BOOST_TEST(objects.owners.users == (std::vector<std::int64_t>{1, 2}));
    auto big = task_from(R"({"id":"t","owners":{"users":[9223372036854775807]}})");
    BOOST_TEST(big.owners.users == std::vector<std::int64_t>{INT64_MAX});
    auto absent = task_from(R"({"id":"t","owners":null})");
    BOOST_TEST(absent.owners.users.empty());

    BOOST_TEST(task_error(R"({"id":"t","owners":{"users":[1,"two"]}})") ==
               "data.owners.users[1]: expected a user id or user object");
    BOOST_TEST(task_error(R"({"id":"t","owners":{"users":[1,{"name":"x"}]}})") ==
               "data.owners.users[1].id: expected an integer user id");
    BOOST_TEST(task_error(R"({"id":"t","owners":{"users":[1,2.5]}})") ==
               "data.owners.users[1]: expected a user id or user object");
    BOOST_TEST(task_error(R"({"id":"t","owners":{"users":[18446744073709551615]}})") ==
               "data.owners.users[0]: expected a user id or user object");
    BOOST_TEST(task_error(R"({"id":"t","owners":{"guests":["a",3]}})") ==
               "data.owners.guests[1]: expected a string");
    BOOST_TEST(task_error(R"({"id":"t","owners":{"groups":{}}})") ==
               "data.owners.groups: expected an array");
    BOOST_TEST(task_error(R"({"id":"t","owners":[]})") == "data.owners: expected an object");
}

BOOST_AUTO_TEST_CASE(fractal_includes_are_unwrapped) {
    auto t = task_from(full_task);
    BOOST_TEST_REQUIRE(t.form_fields.has_value());
    BOOST_TEST(t.form_fields->at(0).id == "f1");
    BOOST_TEST(t.form_fields->at(0).value.is_null());
    auto bare = task_from(R"({"id":"t","form_fields":[{"id":"f","label":"x"}]})");
    BOOST_TEST(bare.form_fields->size() == 1u);
    auto null_data = task_from(R"({"id":"t","form_fields":{"data":null}})");
    BOOST_TEST(!null_data.form_fields.has_value());

    auto r = run_from(
        R"({"id":"r","tasks":{"data":[{"id":"a"},{"id":"b","status":"completed"}]},)"
        R"("next_task":{"data":{"id":"a"}},"form_fields":{"data":[]},)"
        R"("ko_form_fields":{"data":[{"id":"k","field_type":"date","value":"2025-01-01"}]}})");
    BOOST_TEST_REQUIRE(r.tasks.has_value());
    BOOST_TEST(r.tasks->size() == 2u);
    BOOST_TEST(r.tasks->at(1).is_completed());
    BOOST_TEST(r.next_task->id == "a");
    BOOST_TEST(r.form_fields->empty()); // each include in its own member: both kept
    BOOST_TEST_REQUIRE(r.ko_form_fields.has_value());
    BOOST_TEST(r.ko_form_fields->at(0).value == "2025-01-01");
    auto ko = run_from(R"({"id":"r","ko_form_fields":{"data":[{"id":"k","field_type":"date"}]}})");
    BOOST_TEST(!ko.form_fields.has_value());
    BOOST_TEST(ko.ko_form_fields->at(0).field_type == "date");
    auto none = run_from(R"({"id":"r","next_task":[]})"); // PHP's empty "map"
    BOOST_TEST(!none.next_task.has_value());

    BOOST_TEST(run_error(R"({"id":"r","tasks":{"data":[{"id":"a"},{"id":5.5}]}})") ==
               "data.tasks[1].id: expected an id (string or integer)");
    BOOST_TEST(run_error(R"({"id":"r","tasks":{"data":{"id":"a"}}})") ==
               "data.tasks: expected an array");
    BOOST_TEST(task_error(R"({"id":"t","form_fields":{"data":[{"label":"no id"}]}})") ==
               "data.form_fields[0].id: expected an id");
    BOOST_TEST(run_error(R"({"id":"r","next_task":{"data":{"title":"no id"}}})") ==
               "data.next_task.id: expected an id");
}

BOOST_AUTO_TEST_CASE(pagination_links_empty_array_or_object) {
    auto empty = codec::decode_pagination(
        parse_json(
            R"({"total":1,"count":1,"per_page":10,"current_page":1,"total_pages":1,"links":[]})"),
        "meta.pagination");
    BOOST_TEST(empty.total == 1);
    BOOST_TEST(empty.next_link.empty());
    BOOST_TEST(empty.previous_link.empty());
    auto both = codec::decode_pagination(
        parse_json(
            R"({"total":30,"count":10,"per_page":10,"current_page":2,"total_pages":3,)"
            R"("links":{"previous":"https://h/api/x?page=1","next":"https://h/api/x?page=3"}})"),
        "meta.pagination");
    BOOST_TEST(both.current_page == 2);
    BOOST_TEST(both.previous_link == "https://h/api/x?page=1");
    BOOST_TEST(both.next_link == "https://h/api/x?page=3");
    auto only_next = codec::decode_pagination(parse_json(R"({"links":{"next":"n"}})"), "p");
    BOOST_TEST(only_next.next_link == "n");
    BOOST_TEST(only_next.previous_link.empty());
    auto missing = codec::decode_pagination(parse_json(R"({"total":"3"})"), "p");
    BOOST_TEST(missing.total == 3); // quoted numbers are accepted
    BOOST_TEST(missing.next_link.empty());

    auto page_error = [](std::string_view body) -> std::string {
        try {
            codec::decode_page<tallyfy::task>(parse_json(body), codec::decode_task);
        } catch (const codec::decode_error& e) {
            return e.what();
        }
        return {};
    };
    BOOST_TEST(page_error(R"({"data":[],"meta":{"pagination":{"links":"x"}}})") ==
               "meta.pagination.links: expected an object or []");
    BOOST_TEST(page_error(R"({"data":[],"meta":{"pagination":{"total":"many"}}})") ==
               "meta.pagination.total: expected an integer");
    BOOST_TEST(page_error(R"({"data":[],"meta":{"pagination":{"links":{"next":5}}}})") ==
               "meta.pagination.links.next: expected a string");
    BOOST_TEST(page_error(R"({"data":{}})") == "data: expected an array");
    BOOST_TEST(page_error(R"({"data":[{"id":"a"},7]})") == "data[1]: expected an object");
    BOOST_TEST(page_error(R"([])") == "(root): expected an object");
    auto no_meta =
        codec::decode_page<tallyfy::task>(parse_json(R"({"data":[]})"), codec::decode_task);
    BOOST_TEST(!no_meta.pagination.has_value());
}

BOOST_AUTO_TEST_CASE(unknown_fields_are_kept_in_raw) {
    auto t = task_from(
        R"({"id":"t","brand_new_field":{"nested":[1,2]},"another":"x","status":"active"})");
    BOOST_TEST(t.raw->at("brand_new_field") == parse_json(R"({"nested":[1,2]})"));
    BOOST_TEST(t.raw->at("another") == "x");
    BOOST_TEST(t.raw->size() == 4u);
    auto r = run_from(R"({"id":"r","has_open_issue":true,"collaborators":[1,2]})");
    BOOST_TEST(r.raw->at("has_open_issue") == true);
    BOOST_TEST(r.raw->at("collaborators").as_array().size() == 2u);
    auto f =
        codec::decode_form_field(parse_json(R"({"id":"f","options":[{"id":1}],"x":null})"), "f");
    BOOST_TEST(f.raw->contains("options"));
    BOOST_TEST(f.raw->contains("x"));
    auto c = codec::decode_checklist(parse_json(R"({"id":"c","title":"T","steps_count":4})"), "c");
    BOOST_TEST(c.title == "T");
    BOOST_TEST(c.raw->at("steps_count") == 4);
    BOOST_TEST(!c.prerun.has_value());
}

BOOST_AUTO_TEST_CASE(choices_and_kick_off_fields_are_typed) {
    auto f = codec::decode_form_field(
        parse_json(R"({"id":"f","label":"Region","field_type":"dropdown","alias":"region",)"
                   R"("options":[{"id":1,"text":"EMEA"},{"id":"x7","text":"odd id"},{}]})"),
        "f");
    BOOST_TEST(f.alias.value_or("") == "region");
    BOOST_TEST_REQUIRE(f.options.size() == 3u);
    BOOST_TEST(f.options[0].id == 1);
    BOOST_TEST(f.options[0].text == "EMEA");
    BOOST_TEST(f.options[1].id == 0); // not an integer: in `raw` only
    BOOST_TEST(f.options[1].text == "odd id");
    BOOST_TEST(f.options[2].text.empty());
    BOOST_TEST(task_error(R"({"id":"t","form_fields":[{"id":"f","options":{}}]})") ==
               "data.form_fields[0].options: expected an array");

    // A table's columns: the label names a column that has no text.
    auto table = codec::decode_form_field(
        parse_json(R"({"id":"t","field_type":"table","columns":[{"id":3,"label":"Item"},)"
                   R"({"id":4,"text":"Qty","label":"ignored"}]})"),
        "t");
    BOOST_TEST_REQUIRE(table.columns.size() == 2u);
    BOOST_TEST(table.columns[0].id == 3);
    BOOST_TEST(table.columns[0].text == "Item");
    BOOST_TEST(table.columns[1].text == "Qty");
    BOOST_TEST(table.options.empty());
    BOOST_TEST(task_error(R"({"id":"t","form_fields":[{"id":"f","columns":7}]})") ==
               "data.form_fields[0].columns: expected an array");
}

BOOST_AUTO_TEST_CASE(a_groups_lists_are_typed_whole_or_refused) {
    // Ids, digit strings, user objects; guests as emails or objects; Fractal-wrapped or bare.
    auto g = codec::take_group(parse_json(R"({"id":"g","name":"N","members":{"data":[1,"2",)"
                                          R"({"id":3}]},"guests":["a@x.io",{"email":"b@x.io"}]})"),
                               "data");
    BOOST_TEST((g.members == std::vector<std::int64_t>{1, 2, 3}));
    BOOST_TEST((g.guests == std::vector<std::string>{"a@x.io", "b@x.io"}));
    // An element it cannot type fails the decode: update_group sends these lists back, and a
    // list typed short would take people out of the group.
    for (const char* bad : {R"({"id":"g","members":[1,"x"]})", R"({"id":"g","members":[{}]})",
                            R"({"id":"g","guests":[7]})", R"({"id":"g","members":{"a":1}})"}) {
        std::string error;
        try {
            codec::take_group(parse_json(bad), "data");
        } catch (const codec::decode_error& e) {
            error = e.what();
        }
        BOOST_TEST(error.starts_with("data."), bad);
    }
}

BOOST_AUTO_TEST_CASE(unknown_enum_values_are_kept_as_text) {
    auto t = task_from(R"({"id":"t","status":"awaiting-quantum-review","task_type":"hologram"})");
    BOOST_TEST(t.status == "awaiting-quantum-review");
    BOOST_TEST(t.task_type == "hologram");
    BOOST_TEST(!t.is_completed());
    BOOST_TEST(task_from(R"({"id":"t","status":"complete"})").is_completed());
    auto r = run_from(R"({"id":"r","status":"issue","type":"spreadsheet"})");
    BOOST_TEST(r.status == "issue");
    BOOST_TEST(r.type == "spreadsheet");
    auto f = codec::decode_form_field(parse_json(R"({"id":"f","field_type":"signature"})"), "f");
    BOOST_TEST(f.field_type == "signature");
}

BOOST_AUTO_TEST_CASE(lenient_where_the_api_is_inconsistent) {
    auto t = task_from(R"({"id":12345,"increment_id":"7","position":3.0,"is_completable":1,)"
                       R"("run_id":987,"tasks_changed_by_rules":{"x":{"status":"skipped"}}})");
    BOOST_TEST(t.id == "12345");
    BOOST_TEST(t.increment_id == 7);
    BOOST_TEST(t.position == 3);
    BOOST_TEST(t.is_completable);
    BOOST_TEST(t.run_id.value_or("") == "987");
    BOOST_TEST(t.tasks_changed_by_rules->contains("x"));
    // PHP encodes an empty map as [].
    auto php = task_from(R"({"id":"t","tasks_changed_by_rules":[]})");
    BOOST_TEST_REQUIRE(php.tasks_changed_by_rules.has_value());
    BOOST_TEST(php.tasks_changed_by_rules->empty());
    BOOST_TEST(!task_from(R"({"id":"t","tasks_changed_by_rules":null})").tasks_changed_by_rules);
    auto r = run_from(R"({"id":"r","progress":50})"); // a bare number in some examples
    BOOST_TEST(r.progress.percent == 50.0);
    auto p = run_from(R"({"id":"r","progress":{"complete":1,"total":3,"percent":33.33}})");
    BOOST_TEST(p.progress.complete == 1);
    BOOST_TEST(p.progress.total == 3);
    BOOST_TEST(p.progress.percent == 33.33);
}

BOOST_AUTO_TEST_CASE(wrong_types_name_the_json_path) {
    BOOST_TEST(task_error(R"({"title":"no id"})") == "data.id: expected an id");
    BOOST_TEST(task_error(R"({"id":""})") == "data.id: expected an id");
    BOOST_TEST(task_error(R"({"id":["x"]})") == "data.id: expected an id (string or integer)");
    BOOST_TEST(task_error(R"({"id":"t","title":5})") == "data.title: expected a string");
    BOOST_TEST(task_error(R"({"id":"t","position":"first"})") ==
               "data.position: expected an integer");
    BOOST_TEST(task_error(R"({"id":"t","position":1.5})") == "data.position: expected an integer");
    BOOST_TEST(task_error(R"({"id":"t","position":1e300})") ==
               "data.position: expected an integer");
    BOOST_TEST(task_error(R"({"id":"t","position":-1e300})") ==
               "data.position: expected an integer");
    BOOST_TEST(task_error(R"({"id":"t","position":9223372036854775808})") ==
               "data.position: expected an integer");
    BOOST_TEST(task_error(R"({"id":"t","position":"99999999999999999999"})") ==
               "data.position: expected an integer");
    BOOST_TEST(task_error(R"({"id":"t","is_approved":"yes"})") ==
               "data.is_approved: expected a boolean");
    BOOST_TEST(task_error(R"({"id":"t","is_approved":2})") ==
               "data.is_approved: expected a boolean");
    BOOST_TEST(task_error(R"({"id":"t","summary":{}})") == "data.summary: expected a string");
    BOOST_TEST(task_error(R"({"id":"t","tasks_changed_by_rules":"none"})") ==
               "data.tasks_changed_by_rules: expected an object");
    BOOST_TEST(task_error(R"({"id":"t","tasks_changed_by_rules":[{"id":"x"}]})") ==
               "data.tasks_changed_by_rules: expected an object");
    BOOST_TEST(task_error(R"({"id":"t","completer_id":true})") ==
               "data.completer_id: expected an integer");
    BOOST_TEST(run_error(R"({"id":"r","progress":{"total":"x"}})") ==
               "data.progress.total: expected an integer");
    BOOST_TEST(run_error(R"({"id":"r","progress":"half"})") == "data.progress: expected a number");
    BOOST_TEST(run_error(R"({"id":"r","prerun":[]})") == "data.prerun: expected an object");
    BOOST_TEST(run_error(R"({"id":"r","starred":"true"})") == "data.starred: expected a boolean");
    BOOST_TEST(
        run_error(R"({"id":"r","tasks":{"data":[{"id":"a","owners":{"users":[1,"x"]}}]}})") ==
        "data.tasks[0].owners.users[1]: expected a user id or user object");
    BOOST_TEST(run_error(R"({"id":"r","next_task":"soon"})") ==
               "data.next_task: expected an object");

    // Envelopes.
    auto envelope_error = [](std::string_view body) -> std::string {
        try {
            codec::envelope_data(parse_json(body));
        } catch (const codec::decode_error& e) {
            return e.what();
        }
        return {};
    };
    BOOST_TEST(envelope_error(R"([1])") == "(root): expected an object");
    BOOST_TEST(envelope_error(R"({"id":"x"})") == "data: expected an object");
    BOOST_TEST(envelope_error(R"({"data":[]})") == "data: expected an object");
    BOOST_TEST(envelope_error(R"({"data":null})") == "data: expected an object");
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(hostile_input)

// What the client does with a body: parse, take the envelope, decode. Anything but success or a
// decode_error / parse error is a failure (other exceptions escape to Boost.Test and fail it).
template <class Decode>
void decode_or_refuse(std::string_view body, Decode decode) {
    boost::system::error_code ec;
    json::value root = json::parse(body, ec);
    if (ec)
        return;
    try {
        decode(root);
    } catch (const codec::decode_error& e) {
        BOOST_TEST(std::string_view(e.what()).find(':') != std::string_view::npos);
    }
}

void decode_task_body(const json::value& root) {
    codec::decode_task(codec::envelope_data(root), "data");
}
void decode_run_body(const json::value& root) {
    codec::decode_run(codec::envelope_data(root), "data");
}
void decode_task_page(const json::value& root) {
    codec::decode_page<tallyfy::task>(root, codec::decode_task);
}

BOOST_AUTO_TEST_CASE(every_truncation_of_a_valid_body) {
    const std::string task_body = R"({"data":)" + std::string(full_task) + "}";
    const std::string run_body =
        R"({"data":{"id":"r","progress":{"complete":1,"total":2,"percent":50},"prerun":{"k":"v"},)"
        R"("tasks":{"data":[)" +
        std::string(full_task) + R"(]},"next_task":)" + std::string(full_task) + "}}";
    const std::string page_body =
        R"({"data":[)" + std::string(full_task) +
        R"(],"meta":{"pagination":{"total":1,"count":1,"per_page":10,"current_page":1,)"
        R"("total_pages":1,"links":[]}}})";
    std::size_t decoded = 0;
    for (const std::string* body : {&task_body, &run_body, &page_body}) {
        for (std::size_t n = 0; n <= body->size(); ++n) {
            std::string_view prefix(body->data(), n);
            decode_or_refuse(prefix, decode_task_body);
            decode_or_refuse(prefix, decode_run_body);
            decode_or_refuse(prefix, decode_task_page);
        }
        boost::system::error_code ec;
        json::parse(*body, ec);
        decoded += !ec;
    }
    BOOST_TEST(decoded == 3u);
    BOOST_CHECK_NO_THROW(decode_task_body(json::parse(task_body)));
    BOOST_CHECK_NO_THROW(decode_run_body(json::parse(run_body)));
    BOOST_CHECK_NO_THROW(decode_task_page(json::parse(page_body)));
}

BOOST_AUTO_TEST_CASE(every_field_replaced_by_every_type) {
    const std::vector<json::value> replacements = {
        nullptr,
        true,
        0,
        -1,
        json::value(18446744073709551615ull),
        1e300,
        -1e300,
        0.5,
        "",
        "text",
        "2025-01-01",
        json::array(),
        json::array{1, "x", nullptr, json::object()},
        json::object(),
        json::object{{"data", 5}},
        json::object{{"data", json::array{1}}},
        json::object{{"data", json::object{{"id", json::array()}}}},
        json::object{{"users", json::array{json::object{{"id", "x"}}}}},
    };
    const json::object task = parse_json(full_task).as_object();
    const json::object run =
        parse_json(
            R"({"id":"r","increment_id":1,"checklist_id":"c","name":"n","summary":"s",)"
            R"("status":"active","progress":{"complete":0,"total":1,"percent":0},)"
            R"("started_by":1,"owner_id":1,"starred":false,"is_public":false,"type":"procedure",)"
            R"("parent_id":null,"prerun":{},"created_at":null,"due_date":null,)"
            R"("next_task":null,"tasks":{"data":[]},"form_fields":{"data":[]}})")
            .as_object();
    std::size_t refused = 0, accepted = 0;
    auto attempt = [&](const json::object& data, auto decode) {
        json::value root = json::object{{"data", data}};
        try {
            decode(root);
            ++accepted;
        } catch (const codec::decode_error& e) {
            ++refused;
            BOOST_TEST(std::string_view(e.what()).starts_with("data"), e.what());
        }
    };
    for (const auto& [key, original] : task) {
        for (const auto& replacement : replacements) {
            json::object mutated = task;
            mutated[key] = replacement;
            attempt(mutated, decode_task_body);
            // One level down as well (owners buckets, form field members, ...).
            if (original.is_object())
                for (const auto& [inner, v] : original.get_object()) {
                    (void)v;
                    json::object nested = task;
                    nested[key].as_object()[inner] = replacement;
                    attempt(nested, decode_task_body);
                }
        }
    }
    for (const auto& [key, original] : run) {
        (void)original;
        for (const auto& replacement : replacements) {
            json::object mutated = run;
            mutated[key] = replacement;
            attempt(mutated, decode_run_body);
        }
    }
    BOOST_TEST(refused > 100u);
    BOOST_TEST(accepted > 100u);
}

BOOST_AUTO_TEST_CASE(malformed_and_pathological_bodies) {
    std::string deep(100000, '[');
    std::string deep_objects;
    for (int i = 0; i < 5000; ++i)
        deep_objects += R"({"data":)";
    for (std::string_view body :
         {std::string_view(""), std::string_view("null"), std::string_view("[]"),
          std::string_view("\"data\""), std::string_view("{\"data\":"),
          std::string_view("{\"data\":{\"id\":\"\xff\xfe\"}}"), std::string_view("\xef\xbb\xbf{}"),
          std::string_view("{\"data\":{\"id\":\"a\\u0000b\"}}"),
          std::string_view("{\"data\":{\"id\":\"t\",\"id\":5}}"), std::string_view("NaN"),
          std::string_view("{\"data\":{\"id\":\"t\",\"position\":1e999}}"), std::string_view(deep),
          std::string_view(deep_objects)}) {
        decode_or_refuse(body, decode_task_body);
        decode_or_refuse(body, decode_run_body);
        decode_or_refuse(body, decode_task_page);
    }
    // Duplicate keys: Boost.JSON keeps the last one; decoding follows it.
    auto dup = json::parse(R"({"data":{"id":"t","id":"u"}})");
    BOOST_TEST(codec::decode_task(codec::envelope_data(dup), "data").id == "u");
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(single_pass_decoding)

BOOST_AUTO_TEST_CASE(key_table_finds_every_name_and_nothing_else) {
    constexpr codec::key_table<5> table(
        {std::string_view("id"), "run_id", "status", "status_label", "tasks_changed_by_rules"});
    BOOST_TEST(table.find("id") == 0);
    BOOST_TEST(table.find("run_id") == 1);
    BOOST_TEST(table.find("status") == 2);
    BOOST_TEST(table.find("status_label") == 3);
    BOOST_TEST(table.find("tasks_changed_by_rules") == 4);
    for (std::string_view other : {"", "i", "ID", "id ", "statu", "status_", "run", "xyz"})
        BOOST_TEST(table.find(other) == codec::key_table<5>::npos, other);
}

BOOST_AUTO_TEST_CASE(kept_json_lives_in_the_arena_of_raw) {
    // Moved out by construction: move-assigning `raw` into another resource would deep-copy it.
    std::optional<tallyfy::task> kept;
    {
        boost::system::error_code ec;
        codec::arena_document doc(R"({"data":{"id":"t","tasks_changed_by_rules":{"a":{"b":[1]}},
            "form_fields":{"data":[{"id":"f","value":{"k":"v"}}]}}})",
                                  ec);
        BOOST_TEST_REQUIRE(!ec);
        kept.emplace(codec::take_task(std::move(doc.root().as_object()["data"]), "data"));
        doc.seal();
    } // the document is gone; the task's JSON must outlive it
    const auto& t = *kept;
    const auto* arena = t.raw->storage().get();
    BOOST_TEST(arena != json::storage_ptr().get());
    BOOST_TEST_REQUIRE(t.tasks_changed_by_rules.has_value());
    BOOST_TEST(t.tasks_changed_by_rules->storage().get() == arena);
    BOOST_TEST(*t.tasks_changed_by_rules == parse_json(R"({"a":{"b":[1]}})").as_object());
    BOOST_TEST_REQUIRE(t.form_fields.has_value());
    BOOST_TEST_REQUIRE(t.form_fields->size() == 1u);
    BOOST_TEST((*t.form_fields)[0].raw->storage().get() == arena);
    BOOST_TEST((*t.form_fields)[0].value == parse_json(R"({"k":"v"})"));
}

BOOST_AUTO_TEST_CASE(a_missing_null_or_empty_id_is_refused_wherever_it_sits) {
    BOOST_TEST(task_error(R"({"title":"x"})") == "data.id: expected an id");
    BOOST_TEST(task_error(R"({"title":"x","id":null})") == "data.id: expected an id");
    BOOST_TEST(task_error(R"({"id":"","title":"x"})") == "data.id: expected an id");
    BOOST_TEST(task_from(R"({"title":"x","status":"active","id":"last"})").id == "last");
}

BOOST_AUTO_TEST_SUITE_END()
