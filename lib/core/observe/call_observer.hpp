// SPDX-License-Identifier: BSL-1.0
// The retry loop's link to the user's observers (client_options::observe): builds the redacted
// events and log lines of one call. Inert, and free, when no observer is set: the hot path pays
// one pointer test per attempt.
#pragma once

#include <tallyfy/observe.hpp>

#include <atomic>
#include <chrono>
#include <memory>
#include <string>

namespace tallyfy::detail {

class token_source;

/// A client's observers and what redaction needs; shared by the views of one client.
struct observer_config {
    observer_config(observer_options options, std::string origin, std::string server,
                    std::string token);

    observer_options options;
    std::string origin; ///< scheme://host[:port] of the base URL, for log lines
    std::string server; ///< host[:port] of the base URL
    std::string token;  ///< redacted from bodies and causes
    /// With a token provider: its recent tokens are redacted too (set once, before any call).
    std::shared_ptr<const token_source> tokens;
    std::atomic<std::uint64_t> next_call{1};

    /// Cuts every token the client uses out of `text`.
    void redact(std::string& text) const;
};

/// Null when `options` observes nothing.
std::shared_ptr<observer_config> make_observer_config(const observer_options& options,
                                                      std::string_view base_url, std::string token);

/// `target` with the value of every query parameter not in `allowed` replaced by "[redacted]".
std::string redacted_target(std::string_view target, const std::vector<std::string>& allowed);
/// `headers` with each value whose name is not in `allowed` (or is a credential) redacted.
std::vector<http_header> redacted_headers(const std::vector<http_header>& headers,
                                          const std::vector<std::string>& allowed);

/// One call's observation: told about each attempt and the end, calls the hooks and the sink.
class call_observer {
public:
    using clock = std::chrono::steady_clock;

    /// Inert when `config` is null.
    call_observer(observer_config* config, const http_request& request, clock::time_point start);

    void before(const http_request& request, unsigned attempt, clock::time_point now);
    void after(const http_request& request, const http_response& response,
               boost::system::error_code ec, unsigned attempt, clock::time_point now);
    void end(unsigned attempts, unsigned status, boost::system::error_code ec,
             clock::time_point now);

private:
    bool logs(log_level level) const noexcept;
    void log(log_level level, const std::string& line) const;
    /// The headers as a hook or the debug log shows them; empty when neither does.
    std::vector<http_header> shown_headers(const std::vector<http_header>& headers,
                                           bool hook) const;
    void log_headers(char direction, const std::vector<http_header>& headers) const;
    void log_body(char direction, std::string_view body) const;

    observer_config* config_;
    std::string_view method_;
    std::uint64_t call_id_ = 0;
    clock::time_point start_;
    clock::time_point attempt_start_;
    std::string target_; ///< redacted, computed once per call
};

} // namespace tallyfy::detail
