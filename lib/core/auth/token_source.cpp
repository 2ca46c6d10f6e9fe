// SPDX-License-Identifier: BSL-1.0
// token_source: one refresh at a time, spawned apart from the calls (a cancelled call leaves it
// running for the others); the calls that need its token wait on a channel each.
#include "core/auth/token_source.hpp"

#include "core/redaction.hpp"
#include "core/request_target.hpp"

#include <tallyfy/api_error.hpp>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/experimental/awaitable_operators.hpp>
#include <boost/asio/experimental/concurrent_channel.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <algorithm>
#include <tuple>

namespace tallyfy::detail {

namespace asio = boost::asio;

namespace {

constexpr std::size_t remembered_tokens = 8; // redacted from errors: the current and recent ones

token_clock::time_point steady_of(std::chrono::system_clock::time_point at) {
    const auto left = at - std::chrono::system_clock::now();
    return token_clock::now() + std::chrono::duration_cast<token_clock::duration>(left);
}

} // namespace

struct token_source::waiter {
    explicit waiter(const asio::any_io_executor& ex)
        : woken(ex, 1) {}
    asio::experimental::concurrent_channel<void(boost::system::error_code)> woken;
};

token_freshness freshness_of(token_clock::time_point now, token_clock::time_point received,
                             std::optional<token_clock::time_point> expires,
                             std::chrono::milliseconds margin) {
    if (!expires)
        return token_freshness::fresh;
    if (now >= *expires)
        return token_freshness::expired;
    const auto lifetime = std::max(token_clock::duration::zero(), *expires - received);
    const auto ahead = std::min<token_clock::duration>(margin, lifetime / 4);
    return now >= *expires - ahead ? token_freshness::refresh_ahead : token_freshness::fresh;
}

token_source::token_source(token_provider provider, token_request_context context,
                           std::chrono::milliseconds margin)
    : provider_(std::move(provider))
    , context_(std::move(context))
    , margin_(margin) {}

bool token_source::claim_refresh() {
    if (refreshing_)
        return false;
    refreshing_ = true;
    ++started_;
    return true;
}

// Outside the lock: co_spawn may run the provider at once, up to its first suspension (or to
// its end, and finish()).
void token_source::launch_refresh(bool after_rejection) {
    asio::co_spawn(context_.executor, refresh(shared_from_this(), after_rejection), asio::detached);
}

asio::awaitable<void> token_source::refresh(std::shared_ptr<token_source> self,
                                            bool after_rejection) {
    token_request_context context = self->context_;
    context.after_rejection = after_rejection;
    outcome<access_token_info> got = error_details{};
    try {
        auto asking = self->provider_(std::move(context));
        got = co_await std::move(asking);
    } catch (const api_error& e) {
        got = e.details();
    } catch (const std::exception& e) {
        got = make_details(error::unauthorized, std::string("token provider: ") + e.what());
    } catch (...) {
        got = make_details(error::unauthorized, "token provider: unknown failure");
    }
    self->finish(std::move(got));
}

void token_source::finish(outcome<access_token_info> got) {
    if (got && got->token.empty())
        got = make_details(error::unauthorized, "token provider: it gave an empty token");
    if (got) {
        try {
            check_header_value(got->token, "token provider: the token");
        } catch (const invalid_argument_error& e) {
            got = make_details(error::invalid_argument, e.what());
        }
    }
    std::vector<std::shared_ptr<waiter>> woken;
    {
        std::lock_guard lock(mutex_);
        refreshing_ = false;
        ++generation_;
        if (got) {
            failure_.reset();
            token_ = std::move(got->token);
            received_ = token_clock::now();
            expires_.reset();
            if (got->expires_at)
                expires_ = steady_of(*got->expires_at);
            if (std::find(issued_.begin(), issued_.end(), token_) == issued_.end()) {
                issued_.push_back(token_);
                if (issued_.size() > remembered_tokens)
                    issued_.pop_front();
            }
        } else {
            failure_ = std::move(got).error();
            for (const auto& t : issued_)
                redact_token(*failure_, t);
        }
        woken.swap(waiters_);
    }
    for (auto& w : woken)
        w->woken.try_send(boost::system::error_code{});
}

asio::awaitable<outcome<std::string>>
token_source::get(std::string rejected, std::optional<token_clock::time_point> deadline) {
    const auto executor = co_await asio::this_coro::executor;
    std::shared_ptr<waiter> me;
    std::optional<std::string> current;
    bool launch = false;
    bool after_rejection = false;
    {
        std::lock_guard lock(mutex_);
        if (!rejected.empty() && token_ == rejected) {
            token_.clear(); // no call uses it again
            after_rejection = launch = claim_refresh();
        }
        if (!token_.empty()) {
            switch (freshness_of(token_clock::now(), received_, expires_, margin_)) {
            case token_freshness::fresh:
                current = token_;
                break;
            case token_freshness::refresh_ahead:
                current = token_;
                launch = claim_refresh() || launch;
                break;
            case token_freshness::expired:
                token_.clear();
                break;
            }
        }
        if (!current) { // registered before the refresh can finish
            launch = claim_refresh() || launch;
            me = std::make_shared<waiter>(executor);
            waiters_.push_back(me);
        }
    }
    if (launch)
        launch_refresh(after_rejection);
    if (current)
        co_return std::move(*current);
    boost::system::error_code ec;
    bool late = false;
    auto receiving = me->woken.async_receive(asio::as_tuple(asio::use_awaitable));
    if (deadline) {
        using namespace asio::experimental::awaitable_operators;
        asio::steady_timer timer(executor, *deadline);
        auto waiting = timer.async_wait(asio::as_tuple(asio::use_awaitable));
        auto race = std::move(receiving) || std::move(waiting);
        auto first = co_await std::move(race);
        if (first.index() == 0)
            ec = std::get<0>(std::get<0>(first));
        else
            late = true;
    } else {
        std::tie(ec) = co_await std::move(receiving);
    }
    std::lock_guard lock(mutex_);
    if (ec || late) { // cancelled, or the call's deadline passed, while waiting
        std::erase(waiters_, me);
        if (late)
            co_return make_details(error::deadline_exceeded,
                                   "the call's deadline passed while waiting for a new access "
                                   "token");
        co_return make_details(error::cancelled, "cancelled while waiting for a new access token");
    }
    if (failure_)
        co_return *failure_;
    if (token_.empty()) // a 401 to it already, or expired at once: the next refresh is theirs
        co_return make_details(error::unauthorized, "token provider: no valid token");
    co_return token_;
}

void token_source::redact(error_details& details) const {
    std::lock_guard lock(mutex_);
    for (const auto& t : issued_)
        redact_token(details, t);
}

void token_source::redact(std::string& text) const {
    std::lock_guard lock(mutex_);
    for (const auto& t : issued_)
        redact_token_in(text, t);
}

std::uint64_t token_source::refreshes() const {
    std::lock_guard lock(mutex_);
    return started_;
}

} // namespace tallyfy::detail
