// SPDX-License-Identifier: BSL-1.0
// Search against the sandbox over TLS: one pager over every kind asked for, each kind paged on its
// own by the API (page n of the walk is page n of each kind); task hits without a run id.
#include <boost/test/unit_test.hpp>

#include "core/codec/model_codecs.hpp"
#include "support/sandbox_client_fixture.hpp"

#include <boost/json/parse.hpp>

#include <set>

namespace {

using fixture = tallyfy::test::sandbox_client_fixture;

std::size_t count_kind(const std::vector<tallyfy::search_hit>& hits, std::string_view kind) {
    return static_cast<std::size_t>(std::count_if(
        hits.begin(), hits.end(), [&](const tallyfy::search_hit& h) { return h.kind == kind; }));
}

} // namespace

BOOST_FIXTURE_TEST_SUITE(search, fixture)

BOOST_AUTO_TEST_CASE(walks_every_kind_page_by_page) {
    for (int i = 0; i < 3; ++i)
        launch("Quick Checklist"); // tasks "First thing" and "Second thing" in each run
    const auto before = recorded();
    tallyfy::search_filter filter{.on = {tallyfy::search_kind::task, tallyfy::search_kind::step},
                                  .paging = {.per_page = 2}};
    auto hits = run(api.search("THING", filter).collect(0));
    // 6 tasks over 3 pages, 2 steps on the first: 3 requests, every hit once.
    BOOST_TEST(count_kind(hits, "task") == 6u);
    BOOST_TEST(count_kind(hits, "step") == 2u);
    std::set<std::string> ids;
    for (const auto& h : hits) {
        ids.insert(h.id);
        BOOST_TEST(h.title.find("thing") != std::string::npos, h.title);
        if (h.kind == "task")
            BOOST_TEST(!h.raw->contains("run_id")); // the API sends none
    }
    BOOST_TEST(ids.size() == hits.size());
    const auto requests = sandbox.recorder().requests();
    BOOST_TEST_REQUIRE(requests.size() - before == 3u);
    BOOST_TEST(requests.back().target.find("search=THING&on=task%2Cstep") != std::string::npos,
               requests.back().target);
}

BOOST_AUTO_TEST_CASE(default_kinds_and_titles) {
    launch("Purchase Request");
    auto hits = run(api.search("purchase").collect(0));
    // The template by title, the run by name ("test run" does not match), no task.
    BOOST_TEST_REQUIRE(count_kind(hits, "blueprint") == 1u);
    const auto& blueprint = *std::find_if(hits.begin(), hits.end(),
                                          [](const auto& h) { return h.kind == "blueprint"; });
    BOOST_TEST(blueprint.title == "Purchase Request");
    BOOST_TEST(blueprint.type == "procedure");
    BOOST_TEST(count_kind(hits, "task") == 0u);

    auto runs = run(api.search("test run", {.on = {tallyfy::search_kind::process}}).collect(0));
    BOOST_TEST_REQUIRE(runs.size() == 1u);
    BOOST_TEST(runs[0].kind == "process");
    BOOST_TEST(runs[0].title == "test run"); // a process's name
}

BOOST_AUTO_TEST_CASE(query_is_data) {
    const auto before = recorded();
    BOOST_TEST((failure(api.search("").next()).error_value() == tallyfy::error::invalid_argument));
    BOOST_TEST((failure(api.search(std::string(1025, 'x')).next()).error_value() ==
                tallyfy::error::invalid_argument));
    BOOST_TEST(recorded() == before);
    // Separators in the query stay inside it: no hit, and no second parameter reaches the server.
    auto none =
        run(api.search("x&on=capture#", {.on = {tallyfy::search_kind::blueprint}}).collect(0));
    BOOST_TEST(none.empty());
    BOOST_TEST(sandbox.recorder().requests().back().target.find("on=blueprint") !=
               std::string::npos);
}

BOOST_AUTO_TEST_CASE(decoding_a_page) {
    namespace codec = tallyfy::codec;
    auto page = codec::take_search_page(
        boost::json::parse(R"({"task":{"data":[{"id":"a","title":"T","status":"completed"}],
              "meta":{"pagination":{"total":3,"count":1,"per_page":1,"current_page":1,
                                    "total_pages":3,"links":{"next":"https://x/next"}}}},
            "process":{"data":[{"id":"b","name":"R","type":"procedure"}],
              "meta":{"pagination":{"total":1,"count":1,"per_page":1,"current_page":1,
                                    "total_pages":1,"links":[]}}}})"),
        {});
    BOOST_TEST_REQUIRE(page.items.size() == 2u);
    BOOST_TEST(page.items[0].kind == "task");
    BOOST_TEST(page.items[0].status == "completed");
    BOOST_TEST(page.items[1].title == "R");
    BOOST_TEST_REQUIRE(page.pagination.has_value());
    BOOST_TEST(page.pagination->total_pages == 3); // the longest kind's
    BOOST_TEST(page.pagination->total == 4);
    BOOST_TEST(page.pagination->next_link.empty()); // one kind's link would walk that kind alone
    // A member that is not a list of hits is not a kind; the bound is per kind (each kind is a
    // page of its own), so two full kinds pass and one over the bound is refused.
    BOOST_TEST(codec::take_search_page(boost::json::parse(R"({"meta":{"n":1},"task":[]})"), {})
                   .items.empty());
    BOOST_TEST(
        codec::take_search_page(boost::json::parse(R"({"task":{"data":[{"id":"a"},{"id":"b"}]},
                                          "process":{"data":[{"id":"a"},{"id":"b"}]}})"),
                                {.keep = 5, .refuse_above = 2})
            .items.size() == 4u);
    BOOST_CHECK_THROW(
        codec::take_search_page(boost::json::parse(R"({"task":{"data":[{"id":"a"},{"id":"b"}]}})"),
                                {.keep = 5, .refuse_above = 1}),
        codec::decode_error);
}

BOOST_AUTO_TEST_SUITE_END()
