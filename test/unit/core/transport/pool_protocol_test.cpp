// SPDX-License-Identifier: BSL-1.0
// The pool's protocol with fake connections and fake time: reuse order, the connection limit,
// FIFO waiters and their own timeouts, direct hand-over, idle expiry, lifetime, the server's
// keep-alive limits, the stale-connection retry, shutdown and warm-up.
#include <boost/test/unit_test.hpp>

#include "core/transport/pool_protocol.hpp"

#include <chrono>
#include <cstdint>
#include <limits>
#include <memory>
#include <vector>

using namespace std::chrono_literals;
using tallyfy::detail::acquire_status;

namespace {

struct fake_clock {
    using duration = std::chrono::milliseconds;
    using rep = duration::rep;
    using period = duration::period;
    using time_point = std::chrono::time_point<fake_clock>;
};
using time_point = fake_clock::time_point;

struct fake_conn {
    explicit fake_conn(int id_, time_point now)
        : id(id_)
        , created(now)
        , last_used(now) {}
    int id;
    time_point created;
    time_point last_used;
    time_point server_idle_deadline = time_point::max();
    std::uint64_t remaining_requests = std::numeric_limits<std::uint64_t>::max();
    bool closed = false;
    void close() noexcept { closed = true; }
};

struct fake_waiter {
    std::unique_ptr<fake_conn> conn;
    bool granted = false;
    bool shut_down = false;
    int wakes = 0;
    static void wake(const std::shared_ptr<fake_waiter>& w) { ++w->wakes; }
};

using protocol = tallyfy::detail::pool_protocol<fake_conn, fake_waiter, fake_clock>;

const time_point t0{};

tallyfy::pool_options options(std::size_t max_connections) {
    tallyfy::pool_options o;
    o.max_connections = max_connections;
    o.idle_timeout = 1000ms;
    o.max_lifetime = 10'000ms;
    return o;
}

// What one acquire did: the status, the connection or waiter it got.
struct acquired {
    acquire_status status;
    std::unique_ptr<fake_conn> conn;
    std::shared_ptr<fake_waiter> waiter;
};

acquired acquire(protocol& p, time_point now, bool fresh = false) {
    acquired a{};
    a.status = p.try_acquire(
        a.conn, fresh, now, [] { return std::make_shared<fake_waiter>(); }, a.waiter);
    return a;
}

// Opens a connection in a slot the protocol granted (what the transport does after open_new).
std::unique_ptr<fake_conn> open(int id, time_point now) {
    return std::make_unique<fake_conn>(id, now);
}

} // namespace

BOOST_AUTO_TEST_SUITE(pool_protocol_machine)

BOOST_AUTO_TEST_CASE(opens_up_to_the_limit_then_reuses_the_most_recent_idle_one) {
    protocol p(options(2));
    auto a = acquire(p, t0);
    auto b = acquire(p, t0);
    BOOST_TEST((a.status == acquire_status::open_new && b.status == acquire_status::open_new));
    BOOST_TEST(p.release(open(1, t0), true, t0 + 1ms) == nullptr); // kept idle
    BOOST_TEST(p.release(open(2, t0), true, t0 + 2ms) == nullptr);
    auto again = acquire(p, t0 + 3ms);
    BOOST_TEST((again.status == acquire_status::reuse));
    BOOST_TEST(again.conn->id == 2); // LIFO: the warmest connection
    const auto s = p.stats(t0 + 3ms);
    BOOST_TEST(s.open == 2u);
    BOOST_TEST(s.idle == 1u);
    BOOST_TEST(s.in_use == 1u);
    BOOST_TEST(s.reused == 1u);
}

BOOST_AUTO_TEST_CASE(beyond_the_limit_callers_wait_and_are_served_in_order) {
    protocol p(options(1));
    auto first = acquire(p, t0);
    auto w1 = acquire(p, t0);
    auto w2 = acquire(p, t0);
    BOOST_TEST((w1.status == acquire_status::wait && w2.status == acquire_status::wait));
    BOOST_TEST(p.stats(t0).waiters == 2u);
    // A released connection goes straight to the first waiter: it never sits idle.
    BOOST_TEST(p.release(open(1, t0), true, t0 + 5ms) == nullptr);
    BOOST_TEST(w1.waiter->granted);
    BOOST_TEST(w1.waiter->wakes == 1);
    BOOST_TEST(!w2.waiter->granted);
    std::unique_ptr<fake_conn> got;
    BOOST_TEST((p.finish_wait(w1.waiter, got, false) == acquire_status::reuse));
    BOOST_TEST(got->id == 1);
    BOOST_TEST((got->last_used == t0 + 5ms));
    // Nobody overtakes the queue: a newcomer waits behind w2 even as a connection comes back.
    auto late = acquire(p, t0 + 6ms);
    BOOST_TEST((late.status == acquire_status::wait));
    p.release(std::move(got), true, t0 + 7ms);
    BOOST_TEST(w2.waiter->granted);
    BOOST_TEST(!late.waiter->granted);
}

BOOST_AUTO_TEST_CASE(a_broken_connection_frees_its_slot_for_the_first_waiter) {
    protocol p(options(1));
    acquire(p, t0);
    auto w = acquire(p, t0);
    auto broken = p.release(open(1, t0), false, t0 + 1ms);
    BOOST_TEST(broken != nullptr); // for the caller to close
    BOOST_TEST(w.waiter->granted);
    std::unique_ptr<fake_conn> got;
    BOOST_TEST((p.finish_wait(w.waiter, got, false) == acquire_status::open_new));
    BOOST_TEST(p.stats(t0 + 1ms).closed == 1u);
}

BOOST_AUTO_TEST_CASE(a_waiter_that_times_out_leaves_the_queue) {
    protocol p(options(1));
    acquire(p, t0);
    auto w1 = acquire(p, t0);
    auto w2 = acquire(p, t0);
    std::unique_ptr<fake_conn> none;
    BOOST_TEST((p.finish_wait(w1.waiter, none, false) == acquire_status::wait)); // its timeout
    BOOST_TEST(p.stats(t0).waiters == 1u);
    p.release(open(1, t0), true, t0 + 1ms);
    BOOST_TEST(!w1.waiter->granted);
    BOOST_TEST(w2.waiter->granted); // the next one in line got it
}

BOOST_AUTO_TEST_CASE(idle_connections_expire) {
    protocol p(options(2));
    acquire(p, t0);
    p.release(open(1, t0), true, t0);
    BOOST_TEST(p.stats(t0 + 999ms).idle == 1u);
    auto later = acquire(p, t0 + 1000ms); // idle_timeout reached: closed, a new one opened
    BOOST_TEST((later.status == acquire_status::open_new));
    const auto s = p.stats(t0 + 1000ms);
    BOOST_TEST(s.idle == 0u);
    BOOST_TEST(s.closed == 1u);
}

BOOST_AUTO_TEST_CASE(connections_retire_at_their_lifetime_and_the_servers_limits) {
    protocol p(options(4));
    for (int i = 0; i < 3; ++i)
        acquire(p, t0);
    auto old = open(1, t0); // its exchange took 9 s (> idle_timeout): kept all the same
    p.release(std::move(old), true, t0 + 9'000ms - 1ms);
    auto done = open(2, t0 + 9'000ms);
    done->remaining_requests = 0; // Keep-Alive: max reached
    BOOST_TEST(p.release(std::move(done), true, t0 + 9'000ms) != nullptr);
    auto closing = open(3, t0 + 9'000ms);
    closing->server_idle_deadline = t0 + 9'500ms; // Keep-Alive: timeout
    p.release(std::move(closing), true, t0 + 9'000ms);
    BOOST_TEST(p.stats(t0 + 9'400ms).idle == 2u);
    BOOST_TEST(p.stats(t0 + 9'500ms).idle == 1u); // the server would close it now
    // The first reaches max_lifetime (10 s after it was created) although used recently.
    BOOST_TEST(p.stats(t0 + 10'000ms).idle == 0u);
}

BOOST_AUTO_TEST_CASE(a_stale_retry_never_gets_an_idle_connection) {
    protocol p(options(1));
    acquire(p, t0);
    p.release(open(1, t0), true, t0);
    auto fresh = acquire(p, t0 + 1ms, true);
    BOOST_TEST((fresh.status == acquire_status::open_new));
    BOOST_TEST(fresh.conn == nullptr);
    const auto s = p.stats(t0 + 1ms);
    BOOST_TEST(s.closed == 1u); // the idle one gave its slot
    BOOST_TEST(s.in_use == 1u);
    // Also when the grant to a waiter is a connection: it is closed, a new one is opened.
    auto w = acquire(p, t0 + 2ms, true);
    p.release(open(2, t0), true, t0 + 3ms);
    std::unique_ptr<fake_conn> got;
    BOOST_TEST((p.finish_wait(w.waiter, got, true) == acquire_status::open_new));
    BOOST_TEST(p.stats(t0 + 3ms).closed == 2u);
}

BOOST_AUTO_TEST_CASE(shutdown_closes_the_idle_and_fails_the_waiters) {
    protocol p(options(2));
    acquire(p, t0);
    acquire(p, t0);
    auto w = acquire(p, t0);
    auto idle = open(1, t0);
    fake_conn* idle_ptr = idle.get();
    p.release(std::move(idle), true, t0);
    BOOST_TEST(w.waiter->granted); // handed over before the shutdown
    auto w2 = acquire(p, t0);
    p.shutdown();
    BOOST_TEST(w2.waiter->shut_down);
    BOOST_TEST(w2.waiter->wakes == 1);
    std::unique_ptr<fake_conn> none;
    BOOST_TEST((p.finish_wait(w2.waiter, none, false) == acquire_status::shut_down));
    BOOST_TEST((acquire(p, t0).status == acquire_status::shut_down));
    BOOST_TEST(!idle_ptr->closed);                           // it was lent to w, not idle
    BOOST_TEST(p.release(open(2, t0), true, t0) != nullptr); // in use: closed on release
    BOOST_TEST(p.warm_deficit() == 0u);
}

BOOST_AUTO_TEST_CASE(warm_up_fills_min_idle_within_the_limit) {
    auto o = options(3);
    o.min_idle = 2;
    protocol p(o);
    BOOST_TEST(p.warm_deficit() == 2u);
    acquire(p, t0);
    acquire(p, t0);
    BOOST_TEST(p.warm_deficit() == 1u); // 2 in use: room for one more
    p.release(open(1, t0), true, t0);
    BOOST_TEST(p.warm_deficit() == 1u); // one idle, one more wanted
}

BOOST_AUTO_TEST_SUITE_END()
