// SPDX-License-Identifier: BSL-1.0
// The client's provided access token: cached, replaced ahead of expiry and after a 401, by one
// refresh at a time that every call needing a token waits for (no thundering herd). Shared by a
// client and its with_org views (through runner_state).
#pragma once

#include "core/outcome.hpp"

#include <tallyfy/token_provider.hpp>

#include <boost/asio/awaitable.hpp>

#include <chrono>
#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

namespace tallyfy::detail {

using token_clock = std::chrono::steady_clock;

enum class token_freshness {
    fresh,         ///< use it
    refresh_ahead, ///< use it, and start a refresh beside the call
    expired,       ///< wait for a new one
};

/// The rule, a pure function of the time: a token is replaced `margin` before it expires, or a
/// quarter of its lifetime (`expires - received`) before when that is shorter; one without an
/// expiry is fresh until a 401.
token_freshness freshness_of(token_clock::time_point now, token_clock::time_point received,
                             std::optional<token_clock::time_point> expires,
                             std::chrono::milliseconds margin);

class token_source : public std::enable_shared_from_this<token_source> {
public:
    token_source(token_provider provider, token_request_context context,
                 std::chrono::milliseconds margin);

    /// The token to send now. `rejected`: the token the API just answered 401 to (empty: none);
    /// when it is still the current one, a refresh replaces it (unless one is in flight), and
    /// this waits for it, until `deadline` at most (the call's). Errors: the provider's failure
    /// (as given to every call that waited for that refresh), cancelled, deadline_exceeded.
    boost::asio::awaitable<outcome<std::string>>
    get(std::string rejected, std::optional<token_clock::time_point> deadline = std::nullopt);

    /// Replaces each token this source handed out recently by "[redacted]" in `details`.
    void redact(error_details& details) const;
    /// The same in one text (what the observers show).
    void redact(std::string& text) const;
    /// Refreshes started so far (for tests).
    std::uint64_t refreshes() const;

private:
    struct waiter;
    bool claim_refresh(); ///< with mutex_ held: true when this caller must launch one
    void launch_refresh(bool after_rejection);
    static boost::asio::awaitable<void> refresh(std::shared_ptr<token_source> self,
                                                bool after_rejection);
    void finish(outcome<access_token_info> got);

    token_provider provider_;
    token_request_context context_;
    std::chrono::milliseconds margin_;

    mutable std::mutex mutex_;
    std::string token_; ///< empty: none valid (before the first, after a 401)
    token_clock::time_point received_{};
    std::optional<token_clock::time_point> expires_;
    bool refreshing_ = false;
    std::uint64_t started_ = 0;
    std::uint64_t generation_ = 0;         ///< refreshes finished
    std::optional<error_details> failure_; ///< of the last finished refresh
    std::vector<std::shared_ptr<waiter>> waiters_;
    std::deque<std::string> issued_; ///< the last few tokens, for redaction
};

} // namespace tallyfy::detail
