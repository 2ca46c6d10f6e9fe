// SPDX-License-Identifier: BSL-1.0
// Client-side pacing: a send-slot schedule shared by all calls of a client.
#pragma once

#include <tallyfy/retry.hpp>

#include <chrono>
#include <mutex>
#include <optional>

namespace tallyfy::detail {

class pacer {
public:
    using clock = std::chrono::steady_clock;

    explicit pacer(pacing_options options);

    /// Reserves the next send slot and returns how long to wait for it (zero when unpaced).
    clock::duration reserve(clock::time_point now = clock::now());
    /// Feeds `X-RateLimit-Remaining` / `X-RateLimit-Limit` from a response (absent: nullopt).
    void observe(std::optional<long long> remaining, std::optional<long long> limit);

private:
    pacing_options options_;
    std::mutex mutex_;
    clock::time_point next_slot_{};
    std::optional<long long> remaining_;
    std::optional<long long> limit_;
};

} // namespace tallyfy::detail
