// SPDX-License-Identifier: BSL-1.0
// The stream decoder (task_stream.hpp) against the document decoder, which is the reference:
// whenever the stream answers, its tasks equal the document's, `raw` included (read lazily from
// the text); ordinary responses do take the stream path; anything unusual falls back.
#include <boost/test/unit_test.hpp>

#include "core/codec/model_codecs.hpp"
#include "core/codec/raw_sources.hpp"
#include "core/codec/task_stream.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include <random>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

namespace codec = tallyfy::codec;
namespace json = boost::json;
using tallyfy::raw_object;
using tallyfy::task;

namespace {

enum class outcome { streamed, fell_back };

std::ostream& operator<<(std::ostream& os, outcome o) {
    return os << (o == outcome::streamed ? "streamed" : "fell back");
}

// What the document path answers for `text`, which the stream path accepted: it must be JSON,
// and `decode` (the document path) must accept it too.
template <class Decode>
auto reference_of(std::string_view text, Decode decode) {
    boost::system::error_code ec;
    const json::value root = json::parse(text, ec);
    BOOST_TEST_REQUIRE(!ec, "the stream accepted text that is not JSON: " << text);
    try {
        return decode(root);
    } catch (const codec::decode_error& e) {
        BOOST_FAIL("the stream accepted what the document path refuses (" << e.what()
                                                                          << "): " << text);
        throw;
    }
}

// Decodes a list response both ways. Fails the test when the stream answers anything but what
// the document path answers.
outcome compare_page(std::string_view text) {
    auto streamed = codec::stream_task_page(text);
    if (!streamed)
        return outcome::fell_back;
    const auto reference = reference_of(text, [](const json::value& root) {
        return codec::decode_page<task>(root, codec::decode_task);
    });
    const auto source = codec::make_text_source(std::string(text), codec::text_layout::list);
    for (std::size_t i = 0; i < streamed->items.size(); ++i)
        streamed->items[i].raw = raw_object(source, i);
    BOOST_TEST((streamed->pagination == reference.pagination), text);
    BOOST_TEST_REQUIRE(streamed->items.size() == reference.items.size(), text);
    for (std::size_t i = 0; i < streamed->items.size(); ++i)
        BOOST_TEST((streamed->items[i] == reference.items[i]), "task " << i << " of " << text);
    return outcome::streamed;
}

// The same for an item response.
outcome compare_item(std::string_view text) {
    auto streamed = codec::stream_task(text);
    if (!streamed)
        return outcome::fell_back;
    const task reference = reference_of(text, [](const json::value& root) {
        return codec::decode_task(codec::envelope_data(root), "data");
    });
    streamed->raw =
        raw_object(codec::make_text_source(std::string(text), codec::text_layout::envelope), 0);
    BOOST_TEST((*streamed == reference), text);
    return outcome::streamed;
}

std::string page_of(const std::vector<std::string>& tasks, std::string_view meta = "") {
    std::string out = R"({"data":[)";
    for (std::size_t i = 0; i < tasks.size(); ++i)
        out += (i ? "," : "") + tasks[i];
    out += "]";
    if (!meta.empty())
        out += std::string(R"(,"meta":)") + std::string(meta);
    return out + "}";
}

// A task as the sandbox and the seeds render one: every typed member, includes, unknown members.
const std::string full_task = R"({"id":"4d2c6a0b9e8f7a6b5c4d3e2f1a0b9c8d","increment_id":7,
"title":"Manager approval","original_title":"Manager approval","alias":"manager-approval",
"run_id":"0f1e2d3c4b5a69788796a5b4c3d2e1f0","checklist_id":"aabbccddeeff00112233445566778899",
"step_id":"99887766554433221100ffeeddccbbaa","linked_step_id":null,"status":"active",
"status_label":"Active","task_type":"approval","is_approved":null,"is_completable":true,
"is_oneoff_task":false,"position":2,"owners":{"users":[10001,{"id":10002,"full_name":"A B"}],
"guests":["g@example.com"],"groups":["grp"]},"taskdata":{},"deadline":"2025-01-15T17:00:00.000Z",
"started_at":"2025-01-10 09:00:00","created_at":"2025-01-10T09:00:00Z","last_updated":null,
"completed_at":null,"archived_at":null,"starter_id":10001,"completer_id":12,
"summary":"Approve it","form_fields":{"data":[{"id":"f1","label":"L","field_type":"text",
"required":false,"value":{"a":[1,2.5,"x"]}}]},"tasks_changed_by_rules":{"t1":{"hidden":true}},
"run":{"data":{"id":"r","nested":[[[]],{}]}}})";

constexpr std::string_view pagination_meta = R"({"pagination":{"total":2,"count":2,"per_page":100,
"current_page":1,"total_pages":1,"links":{"next":"https://x/api?page=2"}}})";

} // namespace

BOOST_AUTO_TEST_SUITE(task_stream)

BOOST_AUTO_TEST_CASE(ordinary_responses_take_the_stream_path_and_agree) {
    const std::string minimal = R"({"id":"abc","title":"t"})";
    BOOST_TEST(compare_page(page_of({full_task, minimal}, pagination_meta)) == outcome::streamed);
    BOOST_TEST(compare_page(page_of({full_task})) == outcome::streamed);
    BOOST_TEST(compare_page(page_of({})) == outcome::streamed);
    BOOST_TEST(compare_page(page_of({minimal}, R"({"pagination":{"links":[]}})")) ==
               outcome::streamed);
    BOOST_TEST(compare_page(page_of({minimal}, "null")) == outcome::streamed);
    BOOST_TEST(compare_page(page_of({minimal}, R"({"other":1})")) == outcome::streamed);
    BOOST_TEST(compare_item(R"({"data":)" + full_task + "}") == outcome::streamed);
    BOOST_TEST(compare_item(R"({"meta":{},"data":{"id":7},"x":[1]})") == outcome::streamed);
}

BOOST_AUTO_TEST_CASE(escapes_long_strings_and_numbers_agree) {
    // Keys and strings with escapes arrive from the parser in parts.
    const std::string escaped =
        R"({"i\u0064":"a\"b\\c\u00e9\ud83d\ude00","ti\ntle\u0020x":1,"\u0074itle":"\t\u0041",)"
        R"("status":")" +
        std::string(10000, 's') + R"(","summary":")" + std::string(5000, 'q') + R"(\n",)" +
        R"("position":-9223372036854775808,"increment_id":1e3,"completer_id":18446744073709551615,)"
        R"("odd":[1e400,-0.0,123456789012345678901234567890]})";
    const auto page = page_of({escaped});
    // completer_id beyond int64 is refused by the document path: the stream must fall back.
    BOOST_TEST(compare_page(page) == outcome::fell_back);
    std::string fixed = escaped;
    fixed.replace(fixed.find("18446744073709551615"), 20, "42");
    BOOST_TEST(compare_page(page_of({fixed})) == outcome::streamed);
}

BOOST_AUTO_TEST_CASE(nulls_empties_and_api_quirks_agree) {
    for (const std::string& task : std::initializer_list<std::string>{
             R"({"id":"a","title":null,"owners":null,"form_fields":null,"deadline":null})",
             R"({"id":"a","tasks_changed_by_rules":[],"form_fields":{"data":[]}})",
             R"({"id":"a","tasks_changed_by_rules":{},"form_fields":[{"id":"f","value":[1]}]})",
             R"({"id":"a","owners":{"users":[{"id":5,"x":[]}],"guests":[],"groups":[]}})",
             R"({"id":"a","owners":{}, "is_approved":false,"summary":""})",
             R"({"id":12345,"run_id":678,"step_id":null})",
             R"({"unknown":{"id":"not this one"},"id":"a","unknown":2})", // untyped duplicate
         })
        BOOST_TEST(compare_page(page_of({task, task})) == outcome::streamed, task);
}

BOOST_AUTO_TEST_CASE(anything_unusual_falls_back_to_the_document_path) {
    const std::string ok = R"({"id":"a"})";
    for (const std::string& text : std::initializer_list<std::string>{
             page_of({R"({"id":"a","status":"x","status":null})"}), // typed member twice
             page_of({R"({"id":"a","id":"b"})"}),
             page_of({R"({"title":5,"id":"a"})"}), // wrong type
             page_of({R"({"title":"no id"})"}),
             page_of({R"({"id":""})"}),
             page_of({R"({"id":"a","deadline":"not a time"})"}),
             page_of({R"("a string")"}),
             page_of({R"([])"}),
             page_of({ok}, R"({"pagination":{"links":5}})"),
             page_of({ok}, "[]"),
             R"({"data":{"id":"a"}})",
             R"({"data":null})",
             R"({"meta":{}})",
             R"({"data":[],"data":[]})",
             R"([{"id":"a"}])",
             R"({"data":[{"id":"a"}]} trailing)",
             R"({"data":[{"id":"a"} /* comment */]})",
             R"({"data":[{"id":"a"})",
             "",
         })
        BOOST_TEST(compare_page(text) == outcome::fell_back, text);
    BOOST_TEST(compare_item(R"({"data":[{"id":"a"}]})") == outcome::fell_back);
    BOOST_TEST(compare_item(R"({"data":{"id":"a"},"data":{"id":"b"}})") == outcome::fell_back);
    BOOST_TEST(compare_item(R"({"data":{"id":"a"})") == outcome::fell_back);
}

// Random tasks: members in random order, of the right type, null, of a wrong type, nested, or
// repeated. Every page is compared; a good share must take the stream path.
BOOST_AUTO_TEST_CASE(random_tasks_agree) {
    const std::vector<std::pair<std::string, std::vector<std::string>>> members = {
        {"id", {R"("x1")", "17", "null", R"("")", "true"}},
        {"increment_id", {"3", "-1", "null", R"("3")", "2.5"}},
        {"title", {R"("T")", R"("\u00e9\n")", "null", "[]"}},
        {"run_id", {R"("r")", "9", "null", "{}"}},
        {"status", {R"("completed")", R"("active")", "null", "false"}},
        {"is_approved", {"true", "false", "null", "0"}},
        {"is_completable", {"true", "null", R"("yes")"}},
        {"position", {"0", "99", "18446744073709551615"}},
        {"owners",
         {R"({"users":[1,2],"guests":["g"],"groups":[]})", R"({"users":[{"id":3}]})", "null",
          R"({"users":["x"]})", "[]"}},
        {"deadline", {R"("2025-01-15T17:00:00Z")", R"("2025-01-15 17:00:00")", "null", R"("x")"}},
        {"completed_at", {R"("2025-01-15T17:00:00.5Z")", "null", "1"}},
        {"completer_id", {"5", "null", R"("5")"}},
        {"summary", {R"("s")", "null", "{}"}},
        {"tasks_changed_by_rules", {"{}", "[]", R"({"a":{"b":[null]}})", "null", "[1]", "3"}},
        {"form_fields",
         {R"({"data":[{"id":"f","value":{"k":1}}]})", R"([{"id":"g","required":true}])", "null",
          R"({"data":[{"label":"no id"}]})", "7"}},
        {"run", {R"({"data":{"id":"r","tasks":[1,[2]]}})", "null"}},
        {"alias", {R"("a")", "[[[]]]"}},
    };
    std::mt19937 random(20261124);
    int streamed = 0;
    const int pages = 400;
    for (int p = 0; p < pages; ++p) {
        std::vector<std::string> tasks;
        const int count = static_cast<int>(random() % 4);
        for (int t = 0; t < count; ++t) {
            std::string task = "{";
            bool first = true;
            // Mostly well-typed values, so that whole pages stream often enough to matter.
            for (const auto& [name, values] : members) {
                if (random() % 4 == 0 && name != "id")
                    continue;
                const bool well_typed = random() % 16 != 0;
                const auto& value = values[well_typed ? 0 : random() % values.size()];
                task += (first ? "" : ",") + ("\"" + name + "\":") + value;
                first = false;
                if (random() % 64 == 0) // the same member again
                    task += ",\"" + name + "\":" + values[random() % values.size()];
            }
            tasks.push_back(task + "}");
        }
        if (compare_page(page_of(tasks, random() % 2 ? std::string_view(pagination_meta) : "")) ==
            outcome::streamed)
            ++streamed;
    }
    BOOST_TEST_MESSAGE(streamed << " of " << pages << " random pages streamed");
    BOOST_TEST(streamed > pages / 4);
    BOOST_TEST(streamed < pages);
}

BOOST_AUTO_TEST_CASE(raw_is_parsed_once_from_the_text_for_all_threads) {
    std::vector<std::string> tasks;
    for (int i = 0; i < 50; ++i)
        tasks.push_back(R"({"id":"t)" + std::to_string(i) + R"(","extra":{"n":)" +
                        std::to_string(i) + "}}");
    const auto text = page_of(tasks);
    auto page = codec::stream_task_page(text);
    BOOST_TEST_REQUIRE(page.has_value());
    const auto source = codec::make_text_source(text, codec::text_layout::list);
    for (std::size_t i = 0; i < page->items.size(); ++i)
        page->items[i].raw = raw_object(source, i);

    std::vector<std::vector<const json::object*>> seen(4);
    std::vector<std::thread> readers;
    for (auto& out : seen)
        readers.emplace_back([&page, &out] {
            for (const auto& t : page->items)
                out.push_back(&t.raw.get());
        });
    for (auto& r : readers)
        r.join();
    for (std::size_t i = 0; i < page->items.size(); ++i) {
        for (const auto& other : seen)
            BOOST_TEST(other[i] == seen[0][i]); // one document, not one per thread
        BOOST_TEST(seen[0][i]->at("extra").at("n") == static_cast<std::int64_t>(i));
        BOOST_TEST(seen[0][i]->at("id").as_string() == page->items[i].id);
    }
    // A copy made from the shared arena, from another thread, outlives the page.
    json::object copy;
    std::thread([&] { copy = json::object(*page->items[3].raw, json::storage_ptr()); }).join();
    page.reset();
    BOOST_TEST(json::serialize(copy) == R"({"id":"t3","extra":{"n":3}})");
}

BOOST_AUTO_TEST_CASE(a_default_raw_object_is_empty_and_models_compare_by_value) {
    const raw_object empty;
    BOOST_TEST(empty->empty());
    task a = codec::decode_task(json::parse(R"({"id":"a","x":1})"), "data");
    task b = codec::decode_task(json::parse(R"({"x":1,"id":"a"})"), "data");
    BOOST_TEST((a == b)); // member order does not matter
    BOOST_TEST((a.raw == json::parse(R"({"x":1,"id":"a"})").as_object()));
    b = codec::decode_task(json::parse(R"({"id":"a","x":2})"), "data");
    BOOST_TEST((a != b)); // an untyped member differs
}

BOOST_AUTO_TEST_CASE(a_bounded_stream_stops_at_the_first_task_past_the_bound) {
    const std::string text = R"({"data":[{"id":"a"},{"id":"b"},{"id":"c"}],)"
                             R"("meta":{"pagination":{"current_page":1,"total_pages":1}}})";
    std::size_t cut = 0;
    auto two = codec::stream_task_page(text, 2, cut);
    BOOST_TEST_REQUIRE(two.has_value());
    BOOST_TEST(text.substr(cut, 12) == R"({"id":"c"}],)");
    BOOST_TEST(two->items.size() == 2u);
    BOOST_TEST(two->items[1].id == "b");
    BOOST_TEST(!two->pagination.has_value()); // parsing stopped before it

    auto all = codec::stream_task_page(text, 3, cut);
    BOOST_TEST_REQUIRE(all.has_value());
    BOOST_TEST(cut == std::string_view::npos);
    BOOST_TEST(all->items.size() == 3u);
    BOOST_TEST(all->pagination.has_value());

    // Past the bound the text is not even read: a broken tail does not matter.
    auto head =
        codec::stream_task_page(R"({"data":[{"id":"a"},{"id":"b"},{"id": nonsense)", 1, cut);
    BOOST_TEST_REQUIRE(head.has_value());
    BOOST_TEST(cut);
    BOOST_TEST(head->items.size() == 1u);
}

BOOST_AUTO_TEST_SUITE_END()
