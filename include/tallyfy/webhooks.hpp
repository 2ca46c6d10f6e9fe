// SPDX-License-Identifier: BSL-1.0
// Receiving Tallyfy's webhooks: the events Tallyfy posts to a URL set on a template (a process
// launched or completed) or a step (a task completed), typed, and checked against the
// organisation they must come from.
//
//     tallyfy::webhooks::receiver hooks({.org_id = "<your org id>", .path = "/hooks/<secret>"});
//     // in your Beast server: screen the head before reading a body, then receive the request
//     auto receipt = hooks.receive(request);
//     if (receipt.event) handle(*receipt.event);    // then write receipt.reply
//
// Tallyfy signs nothing: `X-Tallyfy-orgID` says whose event it is, and that id is no secret. Give
// the webhook a URL with a long random path (`path`), check the organisation (`org_id`), and treat
// an event as a hint: read the task or run back through the API before acting on anything that
// matters. Tallyfy re-sends `task.completed` when a completed task is completed again: deduplicate
// by task id. Answer quickly (act after replying) so Tallyfy does not give up and send again.
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

/// Receiving Tallyfy's webhooks: typed events, a request checker and a small server.
namespace tallyfy::webhooks {

/// What a webhook delivery reports.
enum class event_kind {
    process_launched,  ///< a template's webhook, when a run is launched from it
    process_completed, ///< a template's webhook, when a run's last task is completed
    task_completed,    ///< a step's webhook (or a task's), when the task is completed
    other              ///< an organisation watcher's event this SDK does not type (see `name`)
};

/// One delivery, typed. Everything Tallyfy sent is in `raw`.
struct event {
    event_kind kind = event_kind::other; ///< what happened (`other`: see `name`)
    /// "process.launched", "process.completed", "task.completed", or the payload's own `event`.
    std::string name;
    std::string org_id; ///< the `X-Tallyfy-orgID` header
    /// The run: the payload itself for process events, its `process` member for task events.
    std::optional<tallyfy::run> process;
    /// task_completed: `this_task` (its `captures` and `completed_by` are in task.raw).
    std::optional<tallyfy::task> task;
    /// Why `process` or `task` is empty although the payload has one: a member of a type the
    /// models do not take (e.g. `"started_by":"user123"`). The event is still delivered, with
    /// `raw`: a payload that changed shape is not an event lost.
    std::string decode_problem;
    raw_object raw; ///< the whole payload, as posted
};

/// Parses a delivery's body (JSON text) as an event. The kind is the payload's `event` when it
/// has a non-empty one (organisation watchers), else read from its shape: a `this_task` object
/// makes it a completed task, a run whose status is complete a completed process, any other run a
/// launched one. Throws std::invalid_argument when the body is not a JSON object.
event parse_event(std::string_view body, std::string org_id = {});

/// What a receiver accepts.
struct receiver_options {
    /// The organisation events must come from (`X-Tallyfy-orgID`, sent exactly once); empty
    /// accepts any, which only a local development receiver should do.
    std::string org_id;
    /// The secret path the webhook URL was given (e.g. "/hooks/3f9c1d0e8b7a6f5e..."): Tallyfy
    /// signs nothing and the organisation id is no secret, so the path is what keeps forged events
    /// out. Other paths get 404 (compared in constant time). Empty: any path.
    std::string path;
    /// Larger bodies are refused with 413, from the Content-Length, before they are read.
    std::size_t max_body_bytes = 4 * 1024 * 1024;
};

/// What to do with one request: the event when it is one, and the reply to send either way
/// (200 `{"received":true}`; 404 another path; 405 not a POST; 415 not JSON; 403 the wrong, no or
/// a repeated organisation header; 413 too large; 400 not a JSON object). A refusal's reason is in
/// `reason` and in the reply.
struct receipt {
    std::optional<webhooks::event> event; ///< the event; empty when the request was refused
    boost::beast::http::response<boost::beast::http::string_body> reply; ///< to send back
    std::string reason;                                                  ///< empty when accepted
};

/// Checks and parses webhook requests. Stateless after construction: thread-safe.
class receiver {
public:
    /// A receiver checking requests against `options`.
    explicit receiver(receiver_options options = {});

    /// The refusal a request's head already earns (path, method, media type, organisation,
    /// Content-Length), or nothing: call it before reading a body, so a request that will be
    /// refused costs no body.
    std::optional<receipt> screen(const boost::beast::http::request_header<>& head) const;
    /// screen(), then the body parsed as an event.
    receipt
    receive(const boost::beast::http::request<boost::beast::http::string_body>& request) const;

    /// The options it was built with.
    const receiver_options& options() const noexcept { return options_; }

private:
    receiver_options options_;
};

/// A small HTTP/1.1 server for webhooks: accepts on `acceptor` until the acceptor is closed, then
/// returns. Each connection reads the request's head (8 KiB), screens it, then reads the body
/// (receiver_options::max_body_bytes), 10 s for a whole request; answers with `hooks.receive` and
/// calls `on_event` for each event before replying. At most 256 connections at a time (more are
/// closed at once); an accept error waits 100 ms. Connections still open when serve() returns
/// answer their request in flight, without keep-alive, and close. Each connection runs on a strand
/// of the acceptor's executor: with several threads, `on_event` may run for two connections at
/// once. `hooks` is copied. An exception from `on_event` becomes a 500. Plain HTTP: terminate TLS
/// in front of it.
boost::asio::awaitable<void> serve(boost::asio::ip::tcp::acceptor& acceptor, receiver hooks,
                                   std::function<void(const event&)> on_event);

} // namespace tallyfy::webhooks
