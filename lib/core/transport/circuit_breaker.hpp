// SPDX-License-Identifier: BSL-1.0
// The transport's circuit breaker (circuit_breaker_options): closed -> open after a run of
// failures -> one probe after the cool-down -> closed or open again. A state machine over the
// times it is given (no clock, no timer), so it is tested with fake time; thread-safe, as the
// transport's sends run on any thread.
#pragma once

#include <tallyfy/transport.hpp>

#include <boost/system/error_code.hpp>

#include <chrono>
#include <cstdint>
#include <mutex>

namespace tallyfy::detail {

/// What one send's outcome means to a breaker.
enum class breaker_verdict {
    success, ///< the origin answered (any status but 500/502/503/504)
    failure, ///< it did not (connect, handshake break, reset, timeout) or answered 5xx
    neutral, ///< says nothing about the origin (cancelled, refused before any I/O, limits)
};

breaker_verdict breaker_verdict_of(boost::system::error_code ec, unsigned status) noexcept;

class circuit_breaker {
public:
    using clock = std::chrono::steady_clock;

    struct admission {
        bool admitted = true;
        bool probe = false;          ///< this send decides whether the breaker closes
        clock::duration retry_in{0}; ///< when refused: until the next probe may go
    };

    explicit circuit_breaker(circuit_breaker_options options);

    admission admit(clock::time_point now);
    /// The outcome of an admitted send (`probe` as its admission said).
    void record(breaker_verdict verdict, bool probe, clock::time_point now);

    breaker_state state() const;
    /// Copies the state and counters into `stats`.
    void fill(pool_stats& stats) const;
    unsigned failures_in_a_row() const;

private:
    circuit_breaker_options options_;
    mutable std::mutex mutex_;
    breaker_state state_ = breaker_state::closed;
    unsigned failures_ = 0; ///< consecutive, while closed
    clock::time_point opened_at_{};
    bool probe_out_ = false;
    std::uint64_t opened_ = 0;
    std::uint64_t rejected_ = 0;
};

} // namespace tallyfy::detail
