// SPDX-License-Identifier: BSL-1.0
// The reconciliation of a task write (complete, reopen) whose outcome is unknown, as a table of
// (what happened, in order) -> (what the machine says, in order). No I/O.
#include <boost/test/unit_test.hpp>

#include "core/reconcile/write_reconciler.hpp"

#include <vector>

using tallyfy::detail::write_reconciler;
using action = write_reconciler::action;
using wrote = write_reconciler::write_result;
using seen = write_reconciler::read_result;

BOOST_TEST_DONT_PRINT_LOG_VALUE(action)

BOOST_AUTO_TEST_SUITE(write_reconciliation)

BOOST_AUTO_TEST_CASE(an_answer_or_a_known_failure_ends_at_once) {
    write_reconciler a(true, 5);
    BOOST_TEST((a.after_write(wrote::answered) == action::deliver_answer));
    write_reconciler b(true, 5);
    BOOST_TEST((b.after_write(wrote::failed) == action::fail));
}

BOOST_AUTO_TEST_CASE(unknown_outcomes_are_read_back_when_enabled_only) {
    for (auto w :
         {wrote::unknown_finished, wrote::unknown_in_progress, wrote::applied_unreadable}) {
        write_reconciler on(true, 5);
        BOOST_TEST((on.after_write(w) == action::read_back));
        write_reconciler off(false, 5);
        BOOST_TEST((off.after_write(w) == action::fail));
    }
}

BOOST_AUTO_TEST_CASE(the_wanted_state_read_back_is_the_result_whatever_came_before) {
    for (auto w :
         {wrote::unknown_finished, wrote::unknown_in_progress, wrote::applied_unreadable}) {
        write_reconciler m(true, 5);
        m.after_write(w);
        BOOST_TEST((m.after_read_back(seen::in_wanted_state) == action::deliver_read_back));
    }
}

BOOST_AUTO_TEST_CASE(a_failed_read_back_leaves_the_outcome_unknown) {
    write_reconciler m(true, 5);
    m.after_write(wrote::unknown_finished);
    BOOST_TEST((m.after_read_back(seen::failed) == action::fail));
}

// Resending is safe only when the server provably finished with the write and did not apply it.
BOOST_AUTO_TEST_CASE(resend_only_after_the_server_finished_without_applying) {
    write_reconciler finished(true, 5);
    finished.after_write(wrote::unknown_finished);
    BOOST_TEST((finished.after_read_back(seen::not_in_wanted_state) == action::resend));

    write_reconciler in_progress(true, 5); // a read may overtake a write still being applied
    in_progress.after_write(wrote::unknown_in_progress);
    BOOST_TEST((in_progress.after_read_back(seen::not_in_wanted_state) == action::fail));

    write_reconciler applied(true, 5); // 2xx: it happened, whatever a read says
    applied.after_write(wrote::applied_unreadable);
    BOOST_TEST((applied.after_read_back(seen::not_in_wanted_state) == action::fail));
}

BOOST_AUTO_TEST_CASE(rounds_are_bounded_by_the_policys_attempts) {
    write_reconciler m(true, 3);
    std::vector<action> seen;
    for (int i = 0; i < 5; ++i) {
        seen.push_back(m.after_write(wrote::unknown_finished));
        auto next = m.after_read_back(seen::not_in_wanted_state);
        seen.push_back(next);
        if (next != action::resend)
            break;
    }
    const std::vector<action> expected{action::read_back, action::resend,    action::read_back,
                                       action::resend,    action::read_back, action::fail};
    BOOST_TEST(seen == expected, boost::test_tools::per_element());
    BOOST_TEST(m.rounds() == 3u);
}

BOOST_AUTO_TEST_CASE(a_later_in_progress_round_is_not_resent) {
    write_reconciler m(true, 5);
    m.after_write(wrote::unknown_finished);
    BOOST_TEST((m.after_read_back(seen::not_in_wanted_state) == action::resend));
    m.after_write(wrote::unknown_in_progress);
    BOOST_TEST((m.after_read_back(seen::not_in_wanted_state) == action::fail));
}

// A resend refused as "already completed" means the first write most likely landed: one more
// read decides, and the refusal stands only if the task is not in the wanted state.
BOOST_AUTO_TEST_CASE(a_refused_resend_is_read_back_once) {
    write_reconciler m(true, 5);
    m.after_write(wrote::unknown_finished);
    BOOST_TEST((m.after_read_back(seen::not_in_wanted_state) == action::resend));
    BOOST_TEST((m.after_write(wrote::failed) == action::read_back));
    BOOST_TEST((m.after_read_back(seen::in_wanted_state) == action::deliver_read_back));

    write_reconciler still(true, 5);
    still.after_write(wrote::unknown_finished);
    still.after_read_back(seen::not_in_wanted_state);
    still.after_write(wrote::failed);
    BOOST_TEST((still.after_read_back(seen::not_in_wanted_state) == action::fail));

    write_reconciler off(false, 5); // no reconciliation: a failure is final
    BOOST_TEST((off.after_write(wrote::failed) == action::fail));
}

BOOST_AUTO_TEST_CASE(zero_attempts_means_one_write) {
    write_reconciler m(true, 0);
    m.after_write(wrote::unknown_finished);
    BOOST_TEST((m.after_read_back(seen::not_in_wanted_state) == action::fail));
}

BOOST_AUTO_TEST_SUITE_END()
