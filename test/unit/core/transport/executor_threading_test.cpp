// SPDX-License-Identifier: BSL-1.0
// When the transport gives connections strands of their own: only when the executor may run on
// several threads, as far as it can tell, unless told.
#include <boost/test/unit_test.hpp>

#include "core/transport/executor_threading.hpp"

#include <boost/asio/io_context.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/thread_pool.hpp>

namespace net = boost::asio;
using tallyfy::executor_threading;
using tallyfy::detail::needs_connection_strand;

BOOST_AUTO_TEST_SUITE(executor_threading_detection)

BOOST_AUTO_TEST_CASE(a_context_hinted_for_one_thread_needs_no_strand) {
    net::io_context one{1};
    BOOST_TEST(!needs_connection_strand(one.get_executor(), executor_threading::detect));
    // The same executor with outstanding work tracked (what a work guard holds) is recognised.
    net::any_io_executor tracked =
        net::prefer(one.get_executor(), net::execution::outstanding_work.tracked);
    BOOST_TEST(!needs_connection_strand(tracked, executor_threading::detect));
}

BOOST_AUTO_TEST_CASE(contexts_that_may_run_on_several_threads_need_one) {
    net::io_context any; // the default hint: any number of threads
    net::io_context four{4};
    net::thread_pool pool(1);
    BOOST_TEST(needs_connection_strand(any.get_executor(), executor_threading::detect));
    BOOST_TEST(needs_connection_strand(four.get_executor(), executor_threading::detect));
    BOOST_TEST(needs_connection_strand(pool.get_executor(), executor_threading::detect));
    pool.join();
}

BOOST_AUTO_TEST_CASE(a_strand_is_already_serial) {
    net::io_context any;
    BOOST_TEST(
        !needs_connection_strand(net::make_strand(any.get_executor()), executor_threading::detect));
    BOOST_TEST(!needs_connection_strand(net::make_strand(net::any_io_executor(any.get_executor())),
                                        executor_threading::detect));
}

BOOST_AUTO_TEST_CASE(an_explicit_choice_wins) {
    net::io_context one{1};
    net::io_context any;
    BOOST_TEST(needs_connection_strand(one.get_executor(), executor_threading::multiple));
    BOOST_TEST(!needs_connection_strand(any.get_executor(), executor_threading::single));
}

BOOST_AUTO_TEST_SUITE_END()
