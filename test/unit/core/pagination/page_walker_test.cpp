// SPDX-License-Identifier: BSL-1.0
// The stop rules of a walk, page by page, without sockets.
#define BOOST_TEST_MODULE pagination_unit_tests
#include <boost/test/unit_test.hpp>

#include "core/list_queries.hpp"
#include "core/pagination/page_walker.hpp"

using tallyfy::pagination_meta;
using tallyfy::detail::page_fingerprint;
using tallyfy::detail::page_walker;

namespace {

pagination_meta meta(std::int64_t current, std::int64_t total_pages, std::string next = "x") {
    pagination_meta m;
    m.current_page = current;
    m.total_pages = total_pages;
    m.next_link = std::move(next);
    return m;
}

page_fingerprint ids(std::initializer_list<const char*> list) {
    page_fingerprint f;
    for (const char* id : list)
        f.add(id);
    return f;
}

} // namespace

BOOST_AUTO_TEST_CASE(stops_at_total_pages) {
    page_walker w({});
    BOOST_TEST(!w.accept(meta(1, 2), ids({"a", "b"})));
    BOOST_TEST(!w.finished());
    BOOST_TEST(w.next_page() == 2);
    BOOST_TEST(!w.accept(meta(2, 2), ids({"c"})));
    BOOST_TEST(w.finished());
    BOOST_TEST(w.pages_fetched() == 2u);
}

BOOST_AUTO_TEST_CASE(falls_back_to_links_next_then_to_an_empty_page) {
    page_walker w({});
    w.accept(meta(1, 0, "https://x/runs?page=2"), ids({"a"}));
    BOOST_TEST(!w.finished());
    w.accept(meta(2, 0, ""), ids({"b"})); // `links` was [] or had no next
    BOOST_TEST(w.finished());

    page_walker empty({});
    empty.accept(meta(1, 5), {});
    BOOST_TEST(empty.finished());
}

BOOST_AUTO_TEST_CASE(no_meta_is_a_single_page) {
    page_walker w({});
    w.accept(std::nullopt, ids({"a", "b"}));
    BOOST_TEST(w.finished());
}

BOOST_AUTO_TEST_CASE(repeated_page_and_ignored_page_are_refused) {
    page_walker repeat({});
    BOOST_TEST(!repeat.accept(meta(1, 0), ids({"a", "b"})));
    auto refusal = repeat.accept(meta(2, 0), ids({"a", "b"}));
    BOOST_TEST_REQUIRE(refusal.has_value());
    BOOST_TEST(refusal->find("page 2 repeats the items of page 1") != std::string::npos);
    BOOST_TEST(repeat.next_page() == 2); // position kept
    BOOST_TEST(repeat.pages_fetched() == 1u);

    page_walker ignored({});
    BOOST_TEST(!ignored.accept(meta(1, 3), ids({"a"})));
    auto ignoring = ignored.accept(meta(1, 3), ids({"z"}));
    BOOST_TEST_REQUIRE(ignoring.has_value());
    BOOST_TEST(ignoring->find("ignores `page`") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(a_cycle_of_pages_is_a_loop) {
    // A, B, A: the third page repeats the first, not the one before it.
    page_walker w({});
    BOOST_TEST(!w.accept(meta(1, 1'000'000'000), ids({"a1", "a2"})));
    BOOST_TEST(!w.accept(meta(2, 1'000'000'000), ids({"b1", "b2"})));
    auto refusal = w.accept(meta(3, 1'000'000'000), ids({"a1", "a2"}));
    BOOST_TEST_REQUIRE(refusal.has_value());
    BOOST_TEST(refusal->find("repeats the items of page 1") != std::string::npos);

    // A cycle longer than what is remembered is left to max_pages and the walk's deadline.
    page_walker long_cycle({});
    const std::size_t n = page_walker::remembered_pages + 1;
    for (std::size_t round = 0; round < 2; ++round) {
        for (std::size_t i = 0; i < n; ++i) {
            page_fingerprint f;
            f.add("item-" + std::to_string(i));
            BOOST_TEST(!long_cycle.accept(meta(long_cycle.next_page(), 1'000), f));
        }
    }
}

BOOST_AUTO_TEST_CASE(same_ids_in_another_order_or_count_are_another_page) {
    page_walker w({});
    BOOST_TEST(!w.accept(meta(1, 9), ids({"a", "b"})));
    BOOST_TEST(!w.accept(meta(2, 9), ids({"b", "a"})));
    BOOST_TEST(!w.accept(meta(3, 9), ids({"ab"})));
    BOOST_TEST(!w.accept(meta(4, 9), ids({"a", "b", "a", "b"})));
}

BOOST_AUTO_TEST_CASE(max_pages_caps_after_delivering_the_page) {
    tallyfy::paging_options capped;
    capped.max_pages = 2;
    page_walker w(capped);
    BOOST_TEST(!w.accept(meta(1, 10), ids({"a"})));
    BOOST_TEST(!w.capped());
    BOOST_TEST(!w.accept(meta(2, 10), ids({"b"}))); // accepted: its items are delivered
    BOOST_TEST(w.capped());
    BOOST_TEST(w.finished());
    BOOST_TEST(w.next_page() == 3); // where a resumed walk starts

    // The cap is not reached when the list ends on it.
    page_walker exact(capped);
    BOOST_TEST(!exact.accept(meta(1, 2), ids({"a"})));
    BOOST_TEST(!exact.accept(meta(2, 2), ids({"b"})));
    BOOST_TEST(exact.finished());
    BOOST_TEST(!exact.capped());

    tallyfy::paging_options resumed;
    resumed.start_page = 4;
    page_walker r(resumed);
    BOOST_TEST(r.next_page() == 4);
}

BOOST_AUTO_TEST_CASE(page_query_clamps_and_appends) {
    tallyfy::paging_options p;
    p.per_page = 500;
    BOOST_TEST(tallyfy::detail::page_query("/x", p, 3) == "/x?page=3&per_page=100");
    BOOST_TEST(tallyfy::detail::page_query("/x?status=active", p, 1) ==
               "/x?status=active&page=1&per_page=100");
    p.without_pagination = true;
    BOOST_TEST(tallyfy::detail::page_query("/x", p, 1) == "/x?without_pagination=true");
}
