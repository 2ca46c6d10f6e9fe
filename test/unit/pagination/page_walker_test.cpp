// SPDX-License-Identifier: BSL-1.0
// The stop rules of a walk, page by page, without sockets.
#define BOOST_TEST_MODULE pagination_unit_tests
#include <boost/test/unit_test.hpp>

#include "core/list_queries.hpp"
#include "core/pagination/page_walker.hpp"

using tallyfy::pagination_meta;
using tallyfy::detail::page_walker;
using tallyfy::detail::pagination_error;

namespace {

pagination_meta meta(std::int64_t current, std::int64_t total_pages, std::string next = "x") {
    pagination_meta m;
    m.current_page = current;
    m.total_pages = total_pages;
    m.next_link = std::move(next);
    return m;
}

std::vector<std::string> ids(std::initializer_list<const char*> list) {
    return {list.begin(), list.end()};
}

} // namespace

BOOST_AUTO_TEST_CASE(stops_at_total_pages) {
    page_walker w({});
    w.accept(meta(1, 2), ids({"a", "b"}));
    BOOST_TEST(!w.finished());
    BOOST_TEST(w.next_page() == 2);
    w.accept(meta(2, 2), ids({"c"}));
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

BOOST_AUTO_TEST_CASE(repeated_page_and_ignored_page_are_errors) {
    page_walker repeat({});
    repeat.accept(meta(1, 0), ids({"a", "b"}));
    BOOST_CHECK_THROW(repeat.accept(meta(2, 0), ids({"a", "b"})), pagination_error);
    BOOST_TEST(repeat.next_page() == 2); // position kept

    page_walker ignored({});
    ignored.accept(meta(1, 3), ids({"a"}));
    BOOST_CHECK_THROW(ignored.accept(meta(1, 3), ids({"z"})), pagination_error);
}

BOOST_AUTO_TEST_CASE(page_cap_and_start_page) {
    tallyfy::paging_options capped;
    capped.max_pages = 2;
    page_walker w(capped);
    w.accept(meta(1, 10), ids({"a"}));
    BOOST_CHECK_THROW(w.accept(meta(2, 10), ids({"b"})), pagination_error);

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
