// SPDX-License-Identifier: BSL-1.0
// What the sandbox saw on the wire, for tests to assert on.
#pragma once

#include <tallyfy/sandbox/faults.hpp>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace tallyfy::sandbox {

/// One request the sandbox received, as it came.
struct recorded_request {
    std::uint64_t connection_id = 0; ///< 1-based, in accept order
    std::string method;              ///< "GET", "POST", ...
    std::string target;              ///< the request target, query included
    /// All request headers; the bearer token is replaced by "Bearer [redacted]".
    std::vector<std::pair<std::string, std::string>> headers;
    /// The body; in a form-encoded one (a token request) the values of `client_secret`,
    /// `refresh_token`, `password` and `access_token` are replaced by "[redacted]".
    std::string body;
    unsigned status = 0;             ///< status answered (0 when the connection was dropped)
    std::optional<fault_kind> fault; ///< fault injected into this request, if any

    /// First header named `name` (case-insensitive), or nullopt.
    std::optional<std::string_view> header(std::string_view name) const;
};

/// Thread-safe log of requests and connection counters.
class recorder {
public:
    recorder();
    ~recorder();
    recorder(const recorder&) = delete;
    recorder& operator=(const recorder&) = delete;

    /// Copies of all recorded requests, in arrival order.
    std::vector<recorded_request> requests() const;
    /// Requests received since the last clear(), recorded or not (set_enabled).
    std::size_t request_count() const;
    /// Connections accepted since the last clear().
    std::uint64_t connections_accepted() const;
    /// TLS handshakes completed since the last clear().
    std::uint64_t tls_handshakes() const;
    /// Connections currently open on the server side.
    std::uint64_t connections_open() const;
    /// Forgets requests and resets the counters (open connections stay counted).
    void clear();

    // Called by the server.
    /// Counts a request, and keeps it while recording is enabled (called by the server).
    void add(recorded_request request);
    /// Counts an accepted connection; returns its 1-based id (called by the server).
    std::uint64_t on_accept();
    /// Counts a completed TLS handshake (called by the server).
    void on_handshake();
    /// Returns the connections still open.
    std::uint64_t on_close();
    /// false: requests are still counted but no longer kept (server_options::record_requests).
    void set_enabled(bool enabled);

private:
    struct impl;
    std::unique_ptr<impl> impl_;
};

} // namespace tallyfy::sandbox
