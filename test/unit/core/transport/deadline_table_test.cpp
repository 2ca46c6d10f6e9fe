// SPDX-License-Identifier: BSL-1.0
// The deadline sweeper's bookkeeping with fake connections and fake time: when the one timer is
// armed and re-armed, which deadline a timeout reports, what a firing timer closes (once), stale
// wake-ups, and cancelling the timer once nothing is in flight.
#include <boost/test/unit_test.hpp>

#include "core/transport/deadline_table.hpp"

#include <chrono>

using namespace std::chrono_literals;
using tallyfy::error;

namespace {

struct sweep_clock {
    using duration = std::chrono::milliseconds;
    using rep = duration::rep;
    using period = duration::period;
    using time_point = std::chrono::time_point<sweep_clock>;
};
using time_point = sweep_clock::time_point;
constexpr time_point never = time_point::max();

struct sweep_conn {
    int closes = 0;
    void close() noexcept { ++closes; }
};

using table = tallyfy::detail::deadline_table<sweep_conn, sweep_clock>;
using watch = table::watch;

const time_point t0{};

// A time as milliseconds after t0 (-1: never), for readable failures.
long long ms(time_point t) {
    return t == never ? -1 : (t - t0).count();
}

// What deadline_sweeper::add does: arm when needed, then link. Returns whether it armed.
bool add(table& t, watch& w) {
    const bool arm = t.must_arm(w.deadline());
    if (arm)
        t.armed(w.deadline());
    t.link(w);
    return arm;
}

// What the timer firing at `now` does: sweep, then re-arm for the nearest deadline left.
void fire(table& t, time_point now) {
    const auto next = t.sweep(now);
    if (next != never && t.must_arm(next))
        t.armed(next);
}

} // namespace

BOOST_AUTO_TEST_SUITE(deadline_table_machine)

BOOST_AUTO_TEST_CASE(the_timer_is_armed_only_for_an_earlier_deadline) {
    table t;
    sweep_conn a, b, c;
    watch wa(a, t0 + 500ms), wb(b, t0 + 800ms), wc(c, t0 + 200ms);
    BOOST_TEST(ms(t.armed_for()) == -1);
    BOOST_TEST(add(t, wa));
    BOOST_TEST(ms(t.armed_for()) == 500);
    BOOST_TEST(!add(t, wb)); // later: the armed wait serves it too
    BOOST_TEST(ms(t.armed_for()) == 500);
    BOOST_TEST(add(t, wc)); // earlier: re-armed
    BOOST_TEST(ms(t.armed_for()) == 200);
}

BOOST_AUTO_TEST_CASE(a_timeout_reports_whichever_deadline_comes_first) {
    table t;
    sweep_conn a;
    watch w(a, t0 + 1000ms);
    add(t, w);
    BOOST_TEST((w.kind() == error::attempt_timeout));
    // The stall deadline ends before the attempt's: a stall timeout, and the timer re-arms.
    BOOST_TEST((t.set_stall(w, t0 + 100ms, 300ms) == error::stall_timeout));
    BOOST_TEST(ms(w.deadline()) == 400);
    BOOST_TEST(t.must_arm(w.deadline()));
    // A read later, the stall interval reaches past the attempt's end: an attempt timeout.
    BOOST_TEST((t.set_stall(w, t0 + 800ms, 300ms) == error::attempt_timeout));
    BOOST_TEST(ms(w.deadline()) == 1000);
}

BOOST_AUTO_TEST_CASE(the_timer_closes_only_the_exchanges_past_their_deadline_once) {
    table t;
    sweep_conn a, b;
    watch wa(a, t0 + 100ms), wb(b, t0 + 300ms);
    add(t, wa);
    add(t, wb);
    fire(t, t0 + 100ms);
    BOOST_TEST(a.closes == 1);
    BOOST_TEST(b.closes == 0);
    BOOST_TEST((t.fired(wa) == error::attempt_timeout));
    BOOST_TEST((t.fired(wb) == error{}));
    BOOST_TEST(ms(t.armed_for()) == 300); // re-armed for the next one
    fire(t, t0 + 300ms);
    BOOST_TEST(a.closes == 1); // not closed twice
    BOOST_TEST(b.closes == 1);
    BOOST_TEST(ms(t.armed_for()) == -1); // nothing left to wait for
}

BOOST_AUTO_TEST_CASE(a_stall_deadline_moved_later_is_found_when_the_timer_fires) {
    table t;
    sweep_conn a;
    watch w(a, t0 + 10'000ms);
    add(t, w);
    t.set_stall(w, t0, 100ms);
    t.armed(w.deadline()); // what arm_stall does for the earlier deadline
    // Bytes arrived: the stall deadline moves later, without touching the timer.
    t.set_stall(w, t0 + 90ms, 100ms);
    BOOST_TEST(!t.must_arm(w.deadline()));
    fire(t, t0 + 100ms);
    BOOST_TEST(a.closes == 0);
    BOOST_TEST(ms(t.armed_for()) == 190); // re-armed for the moved deadline
    fire(t, t0 + 190ms);
    BOOST_TEST(a.closes == 1);
    BOOST_TEST((t.fired(w) == error::stall_timeout));
}

BOOST_AUTO_TEST_CASE(a_stale_wake_up_does_nothing) {
    table t;
    sweep_conn a;
    watch w(a, t0 + 100ms);
    add(t, w);
    BOOST_TEST(t.unlink(w)); // idle with the timer armed: cancel it
    BOOST_TEST(t.disarm_if_idle());
    watch later(a, t0 + 500ms);
    add(t, later);
    // The cancelled wait's handler was already queued and runs now: before the armed time.
    BOOST_TEST(ms(t.sweep(t0 + 100ms)) == -1);
    BOOST_TEST(a.closes == 0);
    BOOST_TEST(ms(t.armed_for()) == 500); // the pending wait stands
}

BOOST_AUTO_TEST_CASE(the_timer_is_cancelled_only_when_nothing_is_in_flight) {
    table t;
    sweep_conn a, b;
    watch wa(a, t0 + 100ms), wb(b, t0 + 200ms);
    add(t, wa);
    add(t, wb);
    BOOST_TEST(!t.unlink(wb)); // one still in flight
    BOOST_TEST(t.unlink(wa));  // the last one: the posted check is due
    // Before the check runs, the next exchange starts (one in flight, in a loop): the wait stays.
    watch next(b, t0 + 300ms);
    add(t, next);
    BOOST_TEST(!t.disarm_if_idle());
    BOOST_TEST(ms(t.armed_for()) == 100);
    BOOST_TEST(t.unlink(next));
    BOOST_TEST(t.disarm_if_idle());
    BOOST_TEST(ms(t.armed_for()) == -1);
    BOOST_TEST(!t.disarm_if_idle()); // not twice
}

BOOST_AUTO_TEST_CASE(unlinking_from_the_middle_keeps_the_others_watched) {
    table t;
    sweep_conn a, b, c;
    watch wa(a, t0 + 100ms), wb(b, t0 + 100ms), wc(c, t0 + 100ms);
    add(t, wa);
    add(t, wb);
    add(t, wc);
    t.unlink(wb);
    fire(t, t0 + 100ms);
    BOOST_TEST(a.closes == 1);
    BOOST_TEST(b.closes == 0);
    BOOST_TEST(c.closes == 1);
    t.unlink(wc); // the head
    t.unlink(wa);
    BOOST_TEST(ms(t.sweep(t0 + 1000ms)) == -1);
}

BOOST_AUTO_TEST_SUITE_END()
