// SPDX-License-Identifier: BSL-1.0
// tallyfy::sandbox::server — a stateful local emulator of the Tallyfy API over HTTPS (or plain
// HTTP), on loopback, with fault injection and a recorder. Embed it in tests:
//
//     tallyfy::sandbox::server sandbox;              // HTTPS on an ephemeral port, running
//     auto url = sandbox.base_url();                 // "https://127.0.0.1:40123/api"
//     auto ca = sandbox.ca_pem();                    // trust this CA in the client
#pragma once

#include <tallyfy/sandbox/faults.hpp>
#include <tallyfy/sandbox/options.hpp>
#include <tallyfy/sandbox/recorder.hpp>

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace tallyfy::sandbox {

/// How a sandbox server is served, and the API it emulates.
struct server_options {
    api_options api{}; ///< behaviour of the emulated API
    /// false: plain HTTP.
    bool https = true;
    /// 0: an ephemeral port.
    std::uint16_t port = 0;
    /// Loopback only: "127.0.0.1" or "::1".
    std::string bind_address = "127.0.0.1";
    /// Threads serving connections.
    unsigned threads = 1;
    /// Record every request (method, target, headers, body). Benchmarks turn it off.
    bool record_requests = true;
    /// Seed of the fault plan's random choices.
    std::uint64_t fault_seed = 1;
    /// Mutual TLS: PEM of the CA certificates a client certificate must chain to. When set, the
    /// server asks every client for a certificate and refuses the handshake of one that sends
    /// none (TLS 1.3 alert certificate_required, 1.2 handshake_failure) or one these CAs did not
    /// issue (alert unknown_ca). HTTPS only (with `https = false` the constructor throws
    /// std::runtime_error); an unreadable PEM throws std::runtime_error too.
    std::string client_ca_pem;
};

/// One post of a webhook event (see api_options::webhook_url).
struct webhook_attempt {
    std::string url;     ///< where it was posted
    std::string event;   ///< "process.launched", "task.completed", "process.completed"
    unsigned status = 0; ///< the receiver's answer; 0 when none came
    std::string error;   ///< why none came (refused, timed out, not an http:// URL)
};

/// A running sandbox. The constructor binds, generates a CA and a server certificate for
/// localhost/127.0.0.1/::1 (when HTTPS) and starts serving on its own threads; the destructor
/// stops it. All member functions are thread-safe.
class server {
public:
    /// Throws std::system_error when the port cannot be bound, std::runtime_error for bad options.
    explicit server(server_options options = {});
    ~server();
    server(const server&) = delete;
    server& operator=(const server&) = delete;

    /// "https://127.0.0.1:PORT/api" (or http://).
    std::string base_url() const;
    /// The port it listens on (the one chosen when server_options::port was 0).
    std::uint16_t port() const;
    /// PEM of the CA that signed the server certificate; empty for plain HTTP.
    std::string ca_pem() const;
    /// The emulated organisation's id (what client_options::org_id takes).
    std::string org_id() const;
    /// The default accepted bearer token.
    std::string token() const;
    /// `[{"id", "title", "prerun"}]` of the checklists (templates): `prerun` holds the kick-off
    /// fields (`id`, `label`, `field_type`, `required`, `options`) a launch must fill.
    boost::json::array checklists() const;

    /// Requests answered by the OAuth token endpoint so far (api_options::oauth).
    std::uint64_t token_requests() const;
    /// Makes every access token the token endpoint issued lapse now (their next use gets 401).
    void revoke_access_tokens();

    /// Faults to inject into the next requests.
    fault_plan& faults();
    /// Requests and connections seen so far.
    sandbox::recorder& recorder();

    /// Snapshot of the emulated state (see `api_emulator::state_snapshot`).
    boost::json::object state() const;
    /// How many complete requests were applied to a task (exactly-once assertions).
    std::uint64_t completion_calls(std::string_view task_id) const;
    /// How many runs the emulated organisation holds.
    std::size_t run_count() const;
    /// The webhook events posted so far, oldest first: each is posted once, in 5 s at most (its
    /// name's resolution included), never retried; one at a time, so a receiver that never answers
    /// delays the next by 5 s (past 10,000 waiting, new events are dropped and listed so).
    std::vector<webhook_attempt> webhook_attempts() const;

    /// Stops accepting, closes connections and joins the threads. Idempotent.
    void stop();

private:
    struct impl;
    std::unique_ptr<impl> impl_;
};

} // namespace tallyfy::sandbox
