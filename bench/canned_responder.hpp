// SPDX-License-Identifier: BSL-1.0
// A canned HTTPS responder for the benchmarks: Beast, TLS, keep-alive, fixed bodies shaped like
// the sandbox's (seeds') responses, so what is measured is the client, not the emulator.
//
//   POST .../completed-tasks            -> 200 {"data": {a completed task}}
//   GET  .../runs/{run}/tasks?page=N    -> 200 {"data": [100 tasks], "meta": {"pagination": ...}}
//   anything else                       -> 404 {"error": ...}
//
// Any `Authorization: Bearer ...` and `X-Tallyfy-Client` are accepted (both required, else 401).
// A request carrying `X-Bench-Close: 1` is answered with `Connection: close` and the connection
// is closed afterwards (the `cold` scenario: each request on a new connection).
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>

namespace tallyfy::bench {

struct responder_options {
    unsigned short port = 0;         ///< 0: ephemeral
    std::size_t total_pages = 1000;  ///< pages of the task list (the walk ends after the last)
    std::size_t per_page = 100;      ///< tasks per page
    int cpu = -1;                    ///< >= 0: pin the responder thread to this CPU
    std::function<void()> on_thread; ///< run first on the responder thread
};

/// Serves on 127.0.0.1 from its own thread until destroyed.
class canned_responder {
public:
    explicit canned_responder(responder_options options = {});
    ~canned_responder();
    canned_responder(const canned_responder&) = delete;
    canned_responder& operator=(const canned_responder&) = delete;

    std::string base_url() const; ///< https://127.0.0.1:PORT/api
    const std::string& ca_pem() const;
    const std::string& org_id() const;
    const std::string& run_id() const;
    /// Id of the task every completion answers with (send it as task_id).
    const std::string& task_id() const;
    std::size_t total_pages() const;
    std::size_t page_body_bytes() const; ///< size of a page body (approximately; meta varies)
    /// Writes what another server needs to answer as this one does (bench/nginx): the bodies
    /// (`complete.json`, `pages/N.json`, whose links name `base_url`), `server.pem`,
    /// `server.key` and `ca.pem`. Not while requests are being served.
    void write_site(const std::string& dir, const std::string& base_url);
    /// CPU time consumed by the responder thread so far (seconds).
    double cpu_seconds() const;
    std::uint64_t requests_served() const;

private:
    struct impl;
    std::unique_ptr<impl> impl_;
};

} // namespace tallyfy::bench
