// SPDX-License-Identifier: BSL-1.0
// The example responses of the seed documentation pages (../shared/seeds), copied verbatim,
// decoded into the typed models. Where a page's example is not JSON (placeholders such as
// `{ ... }`, `[...]` and `//` comments), the verbatim text is shown to be refused cleanly and a
// copy with only those placeholders filled in is decoded.
#include <boost/test/unit_test.hpp>

#include "core/codec/json_reader.hpp"
#include "core/codec/model_codecs.hpp"

#include <boost/json/parse.hpp>

#include <chrono>
#include <string>
#include <string_view>

namespace codec = tallyfy::codec;
namespace json = boost::json;
using namespace std::chrono;

namespace {

// 000 Complete task: "A successful request returns 200 OK with the completed task details."
constexpr std::string_view complete_task_example =
    R"({ "data": { "id": "TASK_ID_TO_COMPLETE", "title": "Review Proposal", "status": "completed", "completed_at": "2025-05-20T17:00:00.000Z", "completer_id": 1001, "tasks_changed_by_rules": {} }})";

// 001 Get task.
constexpr std::string_view get_task_example =
    R"({ "data": { "id": "task_id_abc", "increment_id": 1205, "title": "Review Proposal", "run_id": "run_id_xyz", "checklist_id": "checklist_id_123", "step_id": "step_id_456", "alias": "review-proposal", "status": "active", "status_label": "Active", "task_type": "task", "is_oneoff_task": false, "is_completable": true, "is_approved": false, "owners": { "users": [1234], "guests": [], "groups": [] }, "position": 1, "started_at": "2025-01-10T09:00:00Z", "deadline": "2025-01-15T17:00:00Z", "created_at": "2025-01-10T09:00:00Z", "last_updated": "2025-01-12T14:30:00Z", "completed_at": null, "archived_at": null, "starter_id": 1234, "completer_id": null, "everyone_must_complete": false, "can_complete_only_assignees": true, "max_assignable": 1, "webhook": null, "top_secret": false, "form_fields": { "data": [ { "id": "capture_id_abc", "label": "Approval Status", "field_type": "dropdown", "value": { "id": 1, "text": "Approved" }, "required": true } ] }, "run": { "data": { "...": "process run details" } }, "step": { "data": { "...": "template step details" } } }})";

// 003 Get process: the `next_task` snippet...
constexpr std::string_view next_task_example =
    R"({ "data": { "id": "run123", "name": "Customer Onboarding", "next_task": { "id": "task456", "title": "Review Application", "position": 3, "status": "not-started", "deadline": "2025-11-25T17:00:00Z" } }})";

// ...and the full example (flattened to one line in the seed; not JSON as printed).
constexpr std::string_view get_process_example =
    R"({ "data": { "id": "PROCESS_RUN_ID_TO_GET", "increment_id": 5015, "checklist_id": "template_id_abc", "checklist_title": "Client Onboarding V3", "name": "Onboarding - Globex Corp", "summary": "New client onboarding process run.", "status": "active", "progress": { ... }, "started_by": 1002, "owner_id": 1002, "created_at": "2025-05-20T11:00:00Z", "last_updated": "2025-05-21T09:30:00Z", "prerun": { // Kick-off form field values if filled "kickoff_field_id_1": "Globex Corporation", "kickoff_field_id_2": "2025-06-01T00:00:00Z" }, // Included if requested with 'with=checklist' "checklist": { ... template details ... }, // Included if requested with 'with=tasks' "tasks": [ { ... task details ... } ], // Included if requested with 'with=tags' "tags": [ { ... tag details ... } ] // ... other run properties ... }})";

// 002 List process tasks (multi-line in the seed; not JSON as printed).
constexpr std::string_view list_tasks_example = R"({
"data": [
{
"id": "task_id_1",
"increment_id": 1210,
"title": "Welcome Call",
"run_id": "PROCESS_RUN_ID",
"checklist_id": "template_id",
"step_id": "step_id_welcome",
"alias": "welcome_call",
"status": "active",
"position": 1,
"owners": {
"users": [...],
"guests": [...],
"groups": [...]
},
"deadline": "2025-05-28T17:00:00Z",
"created_at": "2025-05-20T10:00:00Z",
"last_updated": "2025-05-25T14:30:00Z",
"completed_at": null,
"task_type": "task",
"is_oneoff_task": false,
// Included when requesting with=step:
"step": {
"id": "step_id_welcome",
"title": "Schedule Welcome Call"
}
},
{
"id": "task_id_2",
"increment_id": 1211,
"title": "Setup Account",
"run_id": "PROCESS_RUN_ID",
"step_id": "step_id_setup",
"status": "not-started",
"position": 2
}
],
"meta": {
"pagination": { ... }
}
}
)";

// 004 Launch process has no example response ("201 Created ... the full details of the newly
// created process instance, wrapped in a data object"); this one is built from the fields of the
// seed's JavaScript launch payload.
constexpr std::string_view launch_response =
    R"({"data":{"id":"d41d8cd98f00b204e9800998ecf8427e","increment_id":5016,"checklist_id":"TEMPLATE_ID_TO_LAUNCH","checklist_title":"Client Onboarding V3","name":"Process Launched via JS","summary":"Started programmatically.","status":"active","progress":{"complete":0,"total":4,"percent":0},"started_by":1002,"owner_id":1002,"starred":false,"is_public":false,"parent_id":null,"type":"procedure","prerun":{"kickoff_field_id_1":"Customer XYZ","kickoff_field_id_2":"2025-01-15T12:00:00.000Z"},"created_at":"2025-05-20 11:00:00","started_at":"2025-05-20 11:00:00","last_updated":"2025-05-20T11:00:00.000Z","completed_at":null,"archived_at":null,"due_date":"2025-01-20T17:00:00.000Z"}})";

std::string replace_all(std::string text, std::string_view from, std::string_view to) {
    for (auto at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size()))
        text.replace(at, from.size(), to);
    return text;
}

json::value parse_json(std::string_view text, bool comments = false) {
    json::parse_options opts;
    opts.allow_comments = comments;
    boost::system::error_code ec;
    json::value v = json::parse(text, ec, {}, opts);
    BOOST_TEST_REQUIRE(!ec, "not JSON: " << ec.message());
    return v;
}

bool parses(std::string_view text, bool comments) {
    json::parse_options opts;
    opts.allow_comments = comments;
    boost::system::error_code ec;
    json::parse(text, ec, {}, opts);
    return !ec;
}

tallyfy::timestamp at(int y, unsigned mo, unsigned d, int h, int mi, int s, int ms = 0) {
    return sys_days(year{y} / month{mo} / day{d}) + hours(h) + minutes(mi) + seconds(s) +
           milliseconds(ms);
}

tallyfy::task task_of(std::string_view body) {
    auto root = parse_json(body);
    return codec::decode_task(codec::envelope_data(root), "data");
}

tallyfy::run run_of(const json::value& root) {
    return codec::decode_run(codec::envelope_data(root), "data");
}

} // namespace

BOOST_AUTO_TEST_SUITE(seed_examples)

BOOST_AUTO_TEST_CASE(complete_task_response) {
    auto t = task_of(complete_task_example);
    BOOST_TEST(t.id == "TASK_ID_TO_COMPLETE");
    BOOST_TEST(t.title == "Review Proposal");
    BOOST_TEST(t.status == "completed");
    BOOST_TEST(t.is_completed());
    BOOST_TEST_REQUIRE(t.completed_at.has_value());
    BOOST_TEST((*t.completed_at == at(2025, 5, 20, 17, 0, 0)));
    BOOST_TEST((t.completer_id == std::optional<std::int64_t>(1001)));
    BOOST_TEST_REQUIRE(t.tasks_changed_by_rules.has_value());
    BOOST_TEST(t.tasks_changed_by_rules->empty());
    BOOST_TEST(!t.run_id.has_value());
    BOOST_TEST(!t.deadline.has_value());
    BOOST_TEST(t.owners.users.empty());
    BOOST_TEST(t.raw->size() == 6u);
}

BOOST_AUTO_TEST_CASE(get_task_response) {
    auto t = task_of(get_task_example);
    BOOST_TEST(t.id == "task_id_abc");
    BOOST_TEST(t.increment_id == 1205);
    BOOST_TEST(t.title == "Review Proposal");
    BOOST_TEST(t.run_id.value_or("") == "run_id_xyz");
    BOOST_TEST(t.checklist_id.value_or("") == "checklist_id_123");
    BOOST_TEST(t.step_id.value_or("") == "step_id_456");
    BOOST_TEST(t.status == "active");
    BOOST_TEST(t.task_type == "task");
    BOOST_TEST(!t.is_oneoff_task);
    BOOST_TEST(t.is_completable);
    BOOST_TEST((t.is_approved == std::optional<bool>(false)));
    BOOST_TEST(t.owners.users == std::vector<std::int64_t>{1234});
    BOOST_TEST(t.owners.guests.empty());
    BOOST_TEST(t.owners.groups.empty());
    BOOST_TEST(t.position == 1);
    BOOST_TEST((t.started_at == at(2025, 1, 10, 9, 0, 0)));
    BOOST_TEST((t.deadline == at(2025, 1, 15, 17, 0, 0)));
    BOOST_TEST((t.created_at == at(2025, 1, 10, 9, 0, 0)));
    BOOST_TEST((t.last_updated == at(2025, 1, 12, 14, 30, 0)));
    BOOST_TEST(!t.completed_at.has_value());
    BOOST_TEST(!t.archived_at.has_value());
    BOOST_TEST(!t.completer_id.has_value());
    BOOST_TEST(!t.is_completed());
    BOOST_TEST(!t.tasks_changed_by_rules.has_value());
    // form_fields unwrapped from {"data": [...]}.
    BOOST_TEST_REQUIRE(t.form_fields.has_value());
    BOOST_TEST_REQUIRE(t.form_fields->size() == 1u);
    const auto& f = t.form_fields->front();
    BOOST_TEST(f.id == "capture_id_abc");
    BOOST_TEST(f.label == "Approval Status");
    BOOST_TEST(f.field_type == "dropdown");
    BOOST_TEST(f.required);
    BOOST_TEST(f.value == (json::value{{"id", 1}, {"text", "Approved"}}));
    BOOST_TEST(f.raw->size() == 5u);
    // Untyped fields and the other includes stay reachable in `raw`, still wrapped.
    BOOST_TEST(t.raw->at("alias") == "review-proposal");
    BOOST_TEST(t.raw->at("status_label") == "Active");
    BOOST_TEST(t.raw->at("max_assignable") == 1);
    BOOST_TEST(t.raw->at("run").at("data").at("...") == "process run details");
    BOOST_TEST(t.raw->at("step").at("data").at("...") == "template step details");
}

BOOST_AUTO_TEST_CASE(get_process_next_task_snippet) {
    auto r = run_of(parse_json(next_task_example));
    BOOST_TEST(r.id == "run123");
    BOOST_TEST(r.name == "Customer Onboarding");
    BOOST_TEST_REQUIRE(r.next_task.has_value());
    BOOST_TEST(r.next_task->id == "task456");
    BOOST_TEST(r.next_task->title == "Review Application");
    BOOST_TEST(r.next_task->position == 3);
    BOOST_TEST(r.next_task->status == "not-started");
    BOOST_TEST((r.next_task->deadline == at(2025, 11, 25, 17, 0, 0)));
    BOOST_TEST(!r.tasks.has_value());

    // The same, Fractal-wrapped, and `null` when every task is complete.
    auto wrapped = parse_json(next_task_example);
    auto& data = wrapped.as_object()["data"].as_object();
    data["next_task"] = json::object{{"data", data["next_task"]}};
    BOOST_TEST(run_of(wrapped).next_task->id == "task456");
    data["next_task"] = nullptr;
    BOOST_TEST(!run_of(wrapped).next_task.has_value());
}

BOOST_AUTO_TEST_CASE(get_process_full_example) {
    // As printed it is not JSON, not even with comments allowed: refused, never half-decoded.
    BOOST_TEST(!parses(get_process_example, false));
    BOOST_TEST(!parses(get_process_example, true));

    // The placeholders filled in, the comments removed (they swallow the rest of the flattened
    // line otherwise), nothing else touched.
    std::string text(get_process_example);
    for (std::string_view comment :
         {"// Kick-off form field values if filled ",
          "// Included if requested with 'with=checklist' ",
          "// Included if requested with 'with=tasks' ",
          "// Included if requested with 'with=tags' ", "// ... other run properties ... "})
        text = replace_all(text, comment, "");
    text = replace_all(text, "[ { ... task details ... } ]", "[]");
    text = replace_all(text, "[ { ... tag details ... } ]", "[]");
    text = replace_all(text, "{ ... template details ... }", "{}");
    text = replace_all(text, "{ ... }", "{}");
    auto r = run_of(parse_json(text));
    BOOST_TEST(r.id == "PROCESS_RUN_ID_TO_GET");
    BOOST_TEST(r.increment_id == 5015);
    BOOST_TEST(r.checklist_id == "template_id_abc");
    BOOST_TEST(r.checklist_title == "Client Onboarding V3");
    BOOST_TEST(r.name == "Onboarding - Globex Corp");
    BOOST_TEST(r.summary == "New client onboarding process run.");
    BOOST_TEST(r.status == "active");
    BOOST_TEST(r.progress.total == 0);
    BOOST_TEST((r.started_by == std::optional<std::int64_t>(1002)));
    BOOST_TEST((r.owner_id == std::optional<std::int64_t>(1002)));
    BOOST_TEST((r.created_at == at(2025, 5, 20, 11, 0, 0)));
    BOOST_TEST((r.last_updated == at(2025, 5, 21, 9, 30, 0)));
    BOOST_TEST(r.prerun == (json::object{{"kickoff_field_id_1", "Globex Corporation"},
                                         {"kickoff_field_id_2", "2025-06-01T00:00:00Z"}}));
    BOOST_TEST_REQUIRE(r.tasks.has_value()); // a bare (unwrapped) list is accepted too
    BOOST_TEST(r.tasks->empty());
    BOOST_TEST(!r.next_task.has_value());
    BOOST_TEST(r.raw->at("checklist").as_object().empty());
    BOOST_TEST(r.raw->at("tags").as_array().empty());
}

BOOST_AUTO_TEST_CASE(list_process_tasks_page) {
    BOOST_TEST(!parses(list_tasks_example, true)); // `[...]` and `{ ... }` placeholders
    // `[...]` -> `[]`; the pagination placeholder -> the shape of the API reference (§3.1).
    std::string text = replace_all(std::string(list_tasks_example), "[...]", "[]");
    text = replace_all(text, "{ ... }",
                       R"({"total": 55, "count": 10, "per_page": 10, "current_page": 1,)"
                       R"( "total_pages": 6, "links": {"next": "https://go.tallyfy.com/api/)"
                       R"(organizations/ORG/runs/PROCESS_RUN_ID/tasks?per_page=10&page=2"}})");
    auto root = parse_json(text, true); // the `// Included when requesting with=step:` comment
    auto page = codec::decode_page<tallyfy::task>(root, codec::decode_task);
    BOOST_TEST_REQUIRE(page.items.size() == 2u);
    const auto& a = page.items[0];
    BOOST_TEST(a.id == "task_id_1");
    BOOST_TEST(a.increment_id == 1210);
    BOOST_TEST(a.title == "Welcome Call");
    BOOST_TEST(a.run_id.value_or("") == "PROCESS_RUN_ID");
    BOOST_TEST(a.checklist_id.value_or("") == "template_id");
    BOOST_TEST(a.step_id.value_or("") == "step_id_welcome");
    BOOST_TEST(a.status == "active");
    BOOST_TEST(a.position == 1);
    BOOST_TEST((a.deadline == at(2025, 5, 28, 17, 0, 0)));
    BOOST_TEST((a.created_at == at(2025, 5, 20, 10, 0, 0)));
    BOOST_TEST((a.last_updated == at(2025, 5, 25, 14, 30, 0)));
    BOOST_TEST(!a.completed_at.has_value());
    BOOST_TEST(a.task_type == "task");
    BOOST_TEST(a.raw->at("step").at("title") == "Schedule Welcome Call");
    const auto& b = page.items[1];
    BOOST_TEST(b.id == "task_id_2");
    BOOST_TEST(b.status == "not-started");
    BOOST_TEST(b.position == 2);
    BOOST_TEST(!b.checklist_id.has_value());
    BOOST_TEST_REQUIRE(page.pagination.has_value());
    const auto& m = *page.pagination;
    BOOST_TEST(m.total == 55);
    BOOST_TEST(m.count == 10);
    BOOST_TEST(m.per_page == 10);
    BOOST_TEST(m.current_page == 1);
    BOOST_TEST(m.total_pages == 6);
    BOOST_TEST(m.next_link == "https://go.tallyfy.com/api/organizations/ORG/runs/PROCESS_RUN_ID/"
                              "tasks?per_page=10&page=2");
    BOOST_TEST(m.previous_link.empty());
}

BOOST_AUTO_TEST_CASE(launch_process_response) {
    auto r = run_of(parse_json(launch_response));
    BOOST_TEST(r.id == "d41d8cd98f00b204e9800998ecf8427e");
    BOOST_TEST(r.checklist_id == "TEMPLATE_ID_TO_LAUNCH");
    BOOST_TEST(r.name == "Process Launched via JS");
    BOOST_TEST(r.summary == "Started programmatically.");
    BOOST_TEST(r.progress.total == 4);
    BOOST_TEST(r.progress.percent == 0.0);
    BOOST_TEST(!r.starred);
    BOOST_TEST(!r.parent_id.has_value());
    BOOST_TEST(r.type == "procedure");
    BOOST_TEST(r.prerun.at("kickoff_field_id_1") == "Customer XYZ");
    BOOST_TEST((r.created_at == at(2025, 5, 20, 11, 0, 0))); // "YYYY-MM-DD HH:MM:SS"
    BOOST_TEST((r.started_at == r.created_at));
    BOOST_TEST((r.last_updated == r.created_at));
    BOOST_TEST((r.due_date == at(2025, 1, 20, 17, 0, 0)));
    BOOST_TEST(!r.completed_at.has_value());
}

BOOST_AUTO_TEST_SUITE_END()
