// SPDX-License-Identifier: BSL-1.0
#include <tallyfy/retry.hpp>

#include <boost/asio/error.hpp>
#include <boost/asio/ssl/error.hpp>

#include <algorithm>
#include <cmath>

namespace tallyfy {

namespace {

bool is(const boost::system::error_code& ec, error e) {
    return ec == make_error_code(e);
}

// Failures that happen before the request can have reached the server's application.
bool before_sending(const boost::system::error_code& ec) {
    return is(ec, error::resolve_failed) || is(ec, error::connection_failed) ||
           is(ec, error::connect_timeout) || is(ec, error::tls_handshake_timeout) ||
           is(ec, error::pool_wait_timeout) || is(ec, error::proxy_failed);
}

// Failures no retry can fix.
bool permanent(const boost::system::error_code& ec) {
    return is(ec, error::tls_failed) || is(ec, error::proxy_auth_required) ||
           is(ec, error::invalid_argument) || is(ec, error::insecure_url) ||
           is(ec, error::header_too_large) || is(ec, error::body_too_large) ||
           is(ec, error::cancelled) || is(ec, error::circuit_open) ||
           ec == boost::asio::error::operation_aborted;
}

} // namespace

retry_verdict decide_retry(const attempt_outcome& o, bool idempotent) noexcept {
    if (o.status >= 200 && o.status < 300)
        return retry_verdict::success;
    if (o.status == 0) {
        if (permanent(o.error))
            return retry_verdict::fail;
        if (!o.request_written || before_sending(o.error))
            return retry_verdict::retry;
        return idempotent ? retry_verdict::retry : retry_verdict::outcome_unknown;
    }
    if (o.status == 429)
        return retry_verdict::retry;
    if (o.status == 408 || o.status == 502 || o.status == 503 || o.status == 504)
        return idempotent ? retry_verdict::retry : retry_verdict::outcome_unknown;
    if (o.status >= 500)
        return idempotent ? retry_verdict::fail : retry_verdict::outcome_unknown;
    return retry_verdict::fail;
}

std::chrono::milliseconds backoff_ceiling(const retry_policy& p, unsigned attempt) noexcept {
    if (attempt < 2)
        return std::chrono::milliseconds(0);
    double ceiling = static_cast<double>(p.initial_backoff.count()) *
                     std::pow(std::max(1.0, p.multiplier), static_cast<double>(attempt - 2));
    ceiling = std::min(ceiling, static_cast<double>(p.max_backoff.count()));
    return std::chrono::milliseconds(static_cast<long long>(ceiling));
}

std::chrono::milliseconds backoff_delay(const retry_policy& p, unsigned attempt,
                                        std::chrono::milliseconds previous,
                                        const std::function<double()>& uniform01) {
    auto ceiling = static_cast<double>(backoff_ceiling(p, attempt).count());
    double delay = ceiling;
    switch (p.jitter) {
    case jitter_mode::full:
        delay = uniform01() * ceiling;
        break;
    case jitter_mode::equal:
        delay = ceiling / 2 + uniform01() * ceiling / 2;
        break;
    case jitter_mode::decorrelated: {
        double low = static_cast<double>(p.initial_backoff.count());
        double high = std::max(low, 3.0 * static_cast<double>(previous.count()));
        delay =
            std::min(low + uniform01() * (high - low), static_cast<double>(p.max_backoff.count()));
        break;
    }
    case jitter_mode::none:
        break;
    }
    return std::chrono::milliseconds(static_cast<long long>(delay));
}

retry_budget::retry_budget(retry_budget_options options)
    : options_(options)
    , tokens_(options.capacity) {}

bool retry_budget::try_spend(bool after_timeout) {
    if (options_.capacity <= 0)
        return true;
    std::lock_guard lock(mutex_);
    double cost = after_timeout ? options_.timeout_cost : options_.retry_cost;
    if (tokens_ < cost)
        return false;
    tokens_ -= cost;
    return true;
}

void retry_budget::on_success() {
    if (options_.capacity <= 0)
        return;
    std::lock_guard lock(mutex_);
    tokens_ = std::min(options_.capacity, tokens_ + options_.success_refill);
}

double retry_budget::available() const {
    std::lock_guard lock(mutex_);
    return options_.capacity <= 0 ? INFINITY : tokens_;
}

} // namespace tallyfy
