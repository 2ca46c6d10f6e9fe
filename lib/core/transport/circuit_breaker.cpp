// SPDX-License-Identifier: BSL-1.0
#include "core/transport/circuit_breaker.hpp"

#include <tallyfy/error.hpp>

#include <boost/asio/error.hpp>

namespace tallyfy::detail {

breaker_verdict breaker_verdict_of(boost::system::error_code ec, unsigned status) noexcept {
    if (status != 0)
        return status == 500 || status == 502 || status == 503 || status == 504
                   ? breaker_verdict::failure
                   : breaker_verdict::success;
    if (!ec)
        return breaker_verdict::neutral;
    // proxy_failed: the proxy could not open a tunnel to the origin (its 502/503/504 when the
    // origin is down): behind a proxy, that is how an outage looks.
    for (error e : {error::resolve_failed, error::connection_failed, error::connection_reset,
                    error::connect_timeout, error::tls_handshake_timeout, error::attempt_timeout,
                    error::stall_timeout, error::proxy_failed})
        if (ec == make_error_code(e))
            return breaker_verdict::failure;
    // Cancelled, refused before I/O, pool exhaustion (our own limit), response limits, TLS
    // verification (a configuration matter, not an outage).
    return breaker_verdict::neutral;
}

circuit_breaker::circuit_breaker(circuit_breaker_options options)
    : options_(options) {}

circuit_breaker::admission circuit_breaker::admit(clock::time_point now) {
    std::lock_guard lock(mutex_);
    switch (state_) {
    case breaker_state::closed:
        return {};
    case breaker_state::open:
        if (now - opened_at_ >= options_.cool_down) {
            state_ = breaker_state::half_open;
            probe_out_ = true;
            return {.admitted = true, .probe = true};
        }
        ++rejected_;
        return {.admitted = false, .retry_in = opened_at_ + options_.cool_down - now};
    case breaker_state::half_open:
        if (!probe_out_) { // the last probe said nothing (cancelled): another one goes
            probe_out_ = true;
            return {.admitted = true, .probe = true};
        }
        ++rejected_;
        return {.admitted = false};
    }
    return {};
}

void circuit_breaker::record(breaker_verdict verdict, bool probe, clock::time_point now) {
    std::lock_guard lock(mutex_);
    if (probe) {
        probe_out_ = false;
        if (verdict == breaker_verdict::success) {
            state_ = breaker_state::closed;
            failures_ = 0;
        } else if (verdict == breaker_verdict::failure) {
            state_ = breaker_state::open;
            opened_at_ = now;
            ++opened_;
        }
        return;
    }
    // Sends admitted before the breaker opened say nothing new once it has.
    if (state_ != breaker_state::closed || verdict == breaker_verdict::neutral)
        return;
    if (verdict == breaker_verdict::success) {
        failures_ = 0;
        return;
    }
    if (++failures_ >= options_.failure_threshold) {
        state_ = breaker_state::open;
        opened_at_ = now;
        ++opened_;
    }
}

breaker_state circuit_breaker::state() const {
    std::lock_guard lock(mutex_);
    return state_;
}

void circuit_breaker::fill(pool_stats& stats) const {
    std::lock_guard lock(mutex_);
    stats.breaker = state_;
    stats.breaker_opened = opened_;
    stats.breaker_rejected = rejected_;
}

unsigned circuit_breaker::failures_in_a_row() const {
    std::lock_guard lock(mutex_);
    return failures_;
}

} // namespace tallyfy::detail
