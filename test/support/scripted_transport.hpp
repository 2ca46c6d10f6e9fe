// SPDX-License-Identifier: BSL-1.0
// A tallyfy::transport without sockets: a script answers each request at once, or holds it
// ("stalls") until it is cancelled or released. It records what was asked and what was
// cancelled, so the client's decisions can be tested without a server or real time.
#pragma once

#include <tallyfy/transport.hpp>

#include <boost/asio/associated_cancellation_slot.hpp>
#include <boost/asio/associated_executor.hpp>
#include <boost/asio/bind_executor.hpp>
#include <boost/asio/post.hpp>

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace tallyfy::test {

class scripted_transport : public tallyfy::transport {
public:
    /// An answer, or nullopt to hold the request until cancelled or released.
    using script = std::function<std::optional<http_response>(const http_request&)>;

    scripted_transport(boost::asio::any_io_executor executor, script s)
        : executor_(std::move(executor))
        , script_(std::move(s)) {}

    static http_response json(std::string body, unsigned status = 200) {
        http_response r;
        r.status = status;
        r.headers.push_back({"Content-Type", "application/json"});
        r.body = std::move(body);
        return r;
    }

    void send(http_request request, send_handler handler) override {
        targets.push_back(request.target);
        auto answer = script_(request);
        auto held = std::make_shared<pending>();
        held->slot = boost::asio::get_associated_cancellation_slot(handler);
        held->handler.emplace(std::move(handler));
        if (answer) {
            complete(*held, {}, std::move(*answer));
            return;
        }
        ++stalled_;
        if (held->slot.is_connected()) {
            held->slot.assign([this, h = held.get()](boost::asio::cancellation_type) {
                ++cancelled;
                --stalled_;
                h->slot = {}; // this handler is running: it must not clear itself
                complete(*h, make_error_code(error::cancelled), {});
            });
        }
        waiting_.push_back(held);
    }

    /// Answers every held request with `response` (those cancelled meanwhile are skipped).
    void release(const http_response& response) {
        auto waiting = std::move(waiting_);
        waiting_.clear();
        for (auto& held : waiting) {
            if (held->handler) {
                --stalled_;
                complete(*held, {}, response);
            }
        }
    }

    pool_stats stats() const override { return {}; }
    void shutdown() override {}

    /// Requests held now (neither answered nor cancelled).
    int stalled() const { return stalled_; }

    std::vector<std::string> targets; ///< every request's target, in order
    int cancelled = 0;                ///< held requests ended by their cancellation slot

private:
    struct pending {
        std::optional<send_handler> handler;
        boost::asio::cancellation_slot slot;
    };

    void complete(pending& p, boost::system::error_code ec, http_response response) {
        send_handler h = std::move(*p.handler);
        p.handler.reset();
        if (p.slot.is_connected())
            p.slot.clear(); // as an Asio operation does once it completes
        auto ex = boost::asio::get_associated_executor(h, executor_);
        // Never inline: an answer arrives later, as from a socket.
        boost::asio::post(executor_,
                          boost::asio::bind_executor(
                              ex, [h = std::move(h), ec, response = std::move(response)]() mutable {
                                  std::move(h)(ec, std::move(response));
                              }));
    }

    boost::asio::any_io_executor executor_;
    script script_;
    std::vector<std::shared_ptr<pending>> waiting_;
    int stalled_ = 0;
};

} // namespace tallyfy::test
