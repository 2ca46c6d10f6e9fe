// SPDX-License-Identifier: BSL-1.0
// Settles a task write (complete, reopen) whose outcome is unknown, as a pure state machine:
// the driver (task_write.hpp) sends, reads back and resends as told; the decisions live here,
// table-tested without I/O.
//
//   write ──answered 2xx, decoded──────────────────────────────▶ deliver the answer
//     │ ──failed for a known reason (first write)────────────────▶ fail with that error
//     │ ──failed for a known reason (a resend)───────────────────▶ read back, never resend
//     │ ──outcome unknown (or 2xx unreadable), reconciling on──▶ read back
//   read back ──task in the wanted state──────────────────────▶ deliver the read task
//     │ ──read failed─────────────────────────────────────────▶ fail: outcome unknown
//     │ ──not in the wanted state, the server provably finished
//     │   with our write, rounds left─────────────────────────▶ resend
//     │ ──else (applied but unreadable, server may still be
//     │   working, rounds spent)──────────────────────────────▶ fail: outcome unknown
#pragma once

namespace tallyfy::detail {

class write_reconciler {
public:
    enum class action {
        deliver_answer,    ///< the write's own decoded answer is the result
        read_back,         ///< read the task to learn whether the write happened
        deliver_read_back, ///< the task read back is the result
        resend,            ///< the write did not happen: send it again (budget permitting)
        fail,              ///< the write's error is the result (outcome_unknown after a read)
    };

    /// What the write's exchange ended with.
    enum class write_result {
        answered,            ///< 2xx whose body decoded
        failed,              ///< an error that says what happened (4xx, transport before send)
        unknown_finished,    ///< outcome unknown, but the server answered or closed
        unknown_in_progress, ///< outcome unknown, and the server may still be working on it
        applied_unreadable,  ///< 2xx whose body could not be decoded: the write happened
    };

    /// What reading the task back showed.
    enum class read_result { failed, in_wanted_state, not_in_wanted_state };

    /// `enabled`: reconciliation is on (retry_policy::reconcile_completions); `max_rounds`: writes
    /// in total, the first included (retry_policy::max_attempts).
    write_reconciler(bool enabled, unsigned max_rounds) noexcept;

    action after_write(write_result result) noexcept;
    action after_read_back(read_result result) noexcept;

    /// Writes sent so far.
    unsigned rounds() const noexcept { return rounds_; }

private:
    bool enabled_;
    unsigned max_rounds_;
    unsigned rounds_ = 0;
    bool resend_safe_ = false; // the last write provably did not happen unless the read says so
};

} // namespace tallyfy::detail
