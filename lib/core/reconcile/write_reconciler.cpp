// SPDX-License-Identifier: BSL-1.0
#include "core/reconcile/write_reconciler.hpp"

namespace tallyfy::detail {

write_reconciler::write_reconciler(bool enabled, unsigned max_rounds) noexcept
    : enabled_(enabled)
    , max_rounds_(max_rounds == 0 ? 1 : max_rounds) {}

write_reconciler::action write_reconciler::after_write(write_result result) noexcept {
    ++rounds_;
    switch (result) {
    case write_result::answered:
        return action::deliver_answer;
    case write_result::failed:
        // A resent write refused (a 422 "already completed"): the first one most likely landed
        // and the read that allowed the resend was stale. One more read decides.
        if (enabled_ && rounds_ > 1) {
            resend_safe_ = false;
            return action::read_back;
        }
        return action::fail;
    case write_result::unknown_finished:
        resend_safe_ = true;
        break;
    case write_result::unknown_in_progress:
    case write_result::applied_unreadable:
        resend_safe_ = false; // a read may come before the server applies it, or it did apply
        break;
    }
    return enabled_ ? action::read_back : action::fail;
}

write_reconciler::action write_reconciler::after_read_back(read_result result) noexcept {
    switch (result) {
    case read_result::in_wanted_state:
        return action::deliver_read_back;
    case read_result::failed:
        return action::fail;
    case read_result::not_in_wanted_state:
        break;
    }
    return resend_safe_ && rounds_ < max_rounds_ ? action::resend : action::fail;
}

} // namespace tallyfy::detail

#include "core/reconcile/task_write.hpp"

namespace tallyfy::detail {

history_merger::history_merger(const call_options& caller)
    : caller_(caller) {
    if (caller.history) {
        own_.emplace(caller);
        own_->history = std::make_shared<std::vector<attempt_record>>();
    }
}

void history_merger::take(const char* prefix) {
    if (!own_)
        return;
    for (auto& a : *own_->history) {
        all_.push_back(std::move(a));
        all_.back().reason = prefix + all_.back().reason;
    }
    own_->history->clear();
}

history_merger::~history_merger() {
    if (own_)
        *caller_.history = std::move(all_);
}

} // namespace tallyfy::detail
