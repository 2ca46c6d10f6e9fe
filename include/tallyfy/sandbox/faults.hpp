// SPDX-License-Identifier: BSL-1.0
// Deterministic fault injection for the sandbox: which requests get which fault.
#pragma once

#include <chrono>
#include <cstdint>
#include <limits>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace tallyfy::sandbox {

/// What a fault does to a request or its response.
enum class fault_kind {
    latency,               ///< answer normally after `delay`
    status_before,         ///< answer `status` (5xx) without applying the request
    status_after,          ///< apply the request, then answer `status`: an "outcome unknown"
    rate_limited,          ///< 429 RATE_LIMIT_EXCEEDED with Retry-After (seconds or HTTP-date)
    close_before_response, ///< read the request, close the connection without answering
    reset_after_bytes,     ///< apply the request, send `bytes` of the response, then reset (RST)
    truncated_body,        ///< announce the full Content-Length, send `bytes` of it, close
    malformed_json,        ///< 200 with a body that is not valid JSON
    stall,                 ///< send the headers, then nothing for `delay` (0: until stopped)
    connection_close,      ///< answer normally with `Connection: close`, then close
    ignore_page,           ///< serve the request as if `page` were absent (a server ignoring it)
};

/// Name of a fault kind as used on the command line ("status_after", ...).
std::string_view to_string(fault_kind kind) noexcept;
/// Parses a fault kind name; nullopt when unknown.
std::optional<fault_kind> parse_fault_kind(std::string_view name) noexcept;

/// One fault: its kind and the parameters that kind uses (the others are ignored).
struct fault {
    fault_kind kind = fault_kind::status_before; ///< what happens
    unsigned status = 503;                       ///< status_before / status_after
    std::chrono::milliseconds delay{0};          ///< latency, stall
    std::size_t bytes = 0;                       ///< reset_after_bytes, truncated_body
    std::chrono::seconds retry_after{1};         ///< rate_limited
    bool retry_after_as_http_date = false;       ///< rate_limited: Retry-After as an HTTP-date
};

/// Which requests a fault applies to. A request matches when its method and path match; of the
/// matching requests the first `skip` pass untouched, then up to `count` are candidates, each
/// faulted with `probability` (drawn from the plan's seeded generator).
struct fault_rule {
    std::string method;     ///< "POST"; empty matches any
    std::string path;       ///< glob on the request path without query ('*' matches anything,
                            ///< '/' included); empty matches any
    std::uint64_t skip = 0; ///< matching requests let through first
    std::uint64_t count = std::numeric_limits<std::uint64_t>::max(); ///< candidates after those
    double probability = 1.0; ///< chance that a candidate is faulted (0 to 1)
    /// One is chosen uniformly at random each time the rule fires.
    std::vector<fault> choices;
};

/// Parses a rule from its command-line form: `KIND[,key=value]...` with keys
/// method, path (glob), skip, count, probability, status, delay_ms, bytes, retry_after (seconds),
/// http_date (1/0). A KIND may be `a|b|c` to choose among several at random.
/// Example: `status_after,status=503,method=POST,path=*/completed-tasks,probability=0.2`.
/// Throws std::invalid_argument naming the bad part.
fault_rule parse_fault_rule(std::string_view spec);

/// The set of fault rules of a server. Thread-safe. Rules are checked in insertion order; the
/// first that fires wins.
class fault_plan {
public:
    /// No rules; `seed` starts the generator that probabilities and choices draw from.
    explicit fault_plan(std::uint64_t seed = 1);
    ~fault_plan();
    fault_plan(const fault_plan&) = delete;
    fault_plan& operator=(const fault_plan&) = delete;

    /// Adds a rule after the others.
    void add(fault_rule rule);
    /// Shorthand: the next `count` requests matching method/path get `f`.
    void add(std::string method, std::string path, fault f, std::uint64_t count = 1);
    /// Removes every rule (the counts of injected() are kept).
    void clear();
    /// Restarts the generator from `seed`.
    void reseed(std::uint64_t seed);

    /// Decides the fault of one request (called by the server for every request).
    std::optional<fault> pick(std::string_view method, std::string_view path);

    /// Faults injected so far, per kind and in total.
    std::uint64_t injected() const;
    /// Faults of `kind` injected so far.
    std::uint64_t injected(fault_kind kind) const;

private:
    struct impl;
    std::unique_ptr<impl> impl_;
};

} // namespace tallyfy::sandbox
