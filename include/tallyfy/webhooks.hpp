// SPDX-License-Identifier: BSL-1.0
// Receiving Tallyfy's webhooks: the events Tallyfy posts to a URL set on a template (a process
// launched or completed) or a step (a task completed), typed, and checked against the
// organisation they must come from.
//
//     tallyfy::webhooks::receiver hooks({.org_id = "<your org id>"});
//     // in your Beast server, for each request on the webhook's path:
//     auto receipt = hooks.receive(request);
//     if (receipt.event) handle(*receipt.event);    // then write receipt.reply
//
// Tallyfy signs nothing: the `X-Tallyfy-orgID` header is what it sends to say whose event it is.
// Check it (set `org_id`), keep the URL secret (a random path), and treat the event as a hint:
// read the task or run back through the API before acting on anything that matters. Tallyfy
// re-sends `task.completed` when a completed task is completed again: deduplicate by task id.
#pragma once

#include <tallyfy/models.hpp>

#include <boost/asio/awaitable.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/http/message.hpp>
#include <boost/beast/http/string_body.hpp>

#include <chrono>
#include <cstddef>
#include <functional>
#include <optional>
#include <string>

namespace tallyfy::webhooks {

enum class event_kind {
    process_launched,  ///< a template's webhook, when a run is launched from it
    process_completed, ///< a template's webhook, when a run's last task is completed
    task_completed,    ///< a step's webhook (or a task's), when the task is completed
    other              ///< an organisation watcher's event this SDK does not type (see `name`)
};

/// One delivery, typed. Everything Tallyfy sent is in `raw`.
struct event {
    event_kind kind = event_kind::other;
    /// "process.launched", "process.completed", "task.completed", or the payload's own `event`.
    std::string name;
    std::string org_id; ///< the `X-Tallyfy-orgID` header
    /// The run: the payload itself for process events, its `process` member for task events.
    std::optional<tallyfy::run> process;
    /// task_completed: `this_task` (its `captures` and `completed_by` are in task.raw).
    std::optional<tallyfy::task> task;
    raw_object raw;
};

/// Parses a delivery's body (JSON text) as an event. The kind is the payload's `event` when it
/// has one (organisation watchers), else read from its shape: `this_task` makes it a completed
/// task, a run whose status is complete a completed process, any other run a launched one.
/// Throws std::invalid_argument naming what is wrong (not JSON, not an object, a member of the
/// wrong type), with no server text longer than a short, escaped excerpt.
event parse_event(std::string_view body, std::string org_id = {});

struct receiver_options {
    /// The organisation events must come from (`X-Tallyfy-orgID`); empty accepts any, which only
    /// a local development receiver should do.
    std::string org_id;
    /// Larger bodies are refused with 413 (a run with a large kick-off form is a few hundred KB).
    std::size_t max_body_bytes = 4 * 1024 * 1024;
};

/// What to do with one request: the event when it is one, and the reply to send either way
/// (200 `{"received":true}`; 405 not a POST; 415 not JSON; 403 the wrong or no organisation;
/// 413 too large; 400 not an event). A refusal's reason is in `reason` and, bounded, in the reply.
struct receipt {
    std::optional<webhooks::event> event;
    boost::beast::http::response<boost::beast::http::string_body> reply;
    std::string reason; ///< empty when accepted
};

/// Checks and parses webhook requests. Stateless after construction: thread-safe.
class receiver {
public:
    explicit receiver(receiver_options options = {});

    receipt
    receive(const boost::beast::http::request<boost::beast::http::string_body>& request) const;

    const receiver_options& options() const noexcept { return options_; }

private:
    receiver_options options_;
};

/// A small HTTP/1.1 server for webhooks: accepts on `acceptor` until the acceptor is closed,
/// reads each request (headers 8 KiB, body receiver_options::max_body_bytes, 10 s for a whole
/// request), answers it with `hooks.receive` and calls `on_event` for each event, on the
/// acceptor's executor (one at a time when that is a one-thread io_context or a strand). Any path
/// is served: route only your webhook's path to it. Plain HTTP: terminate TLS in front of it.
/// `hooks` must outlive the connections (keep it beside the io_context); `on_event` must not
/// throw.
boost::asio::awaitable<void> serve(boost::asio::ip::tcp::acceptor& acceptor, const receiver& hooks,
                                   std::function<void(const event&)> on_event);

} // namespace tallyfy::webhooks
