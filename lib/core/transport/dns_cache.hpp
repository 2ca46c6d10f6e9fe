// SPDX-License-Identifier: BSL-1.0
// The last DNS answer for the transport's origin, reused for pool_options::dns_ttl, so a burst of
// new connections resolves once. Thread-safe.
#pragma once

#include <boost/asio/ip/tcp.hpp>

#include <chrono>
#include <mutex>
#include <optional>

namespace tallyfy::detail {

class dns_cache {
public:
    using clock = std::chrono::steady_clock;
    using results = boost::asio::ip::tcp::resolver::results_type;

    explicit dns_cache(std::chrono::milliseconds ttl)
        : ttl_(ttl) {}

    /// The answer stored less than the TTL before `now`, if any.
    std::optional<results> get(clock::time_point now) const {
        std::lock_guard lock(mutex_);
        if (answer_ && now < expiry_)
            return answer_;
        return std::nullopt;
    }
    void store(const results& answer, clock::time_point now) {
        std::lock_guard lock(mutex_);
        answer_ = answer;
        expiry_ = now + ttl_;
    }

private:
    std::chrono::milliseconds ttl_;
    mutable std::mutex mutex_;
    std::optional<results> answer_;
    clock::time_point expiry_{};
};

} // namespace tallyfy::detail
