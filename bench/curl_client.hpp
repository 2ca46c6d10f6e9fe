// SPDX-License-Identifier: BSL-1.0
// The second baseline: libcurl's multi interface with cJSON, as a C programmer would write the
// same job. One multi handle, C easy handles each reused for its worker's requests (keep-alive
// connections from libcurl's cache), HTTP/1.1, the same headers and checks as the other sides.
// Its allocations (libcurl's and cJSON's, through their hooks) are counted like operator new.
#pragma once

#include <cstddef>
#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace tallyfy::bench {

struct curl_config {
    std::string origin; ///< "https://127.0.0.1:8443"
    std::string ca_pem; ///< trusted CAs (PEM text)
    bool system_roots = false;
    std::string authorization; ///< "Bearer ..."
    std::string client_header = "APIClient";
    std::string user_agent = "tallyfy-cpp/0.1";
};

/// One request of a run: a POST with a JSON body, or a GET.
struct curl_request {
    bool post = false;
    std::string target; ///< origin-form: "/api/organizations/..."
    std::string body;
};

/// Installs the allocation hooks (once, before any other libcurl call) and libcurl's global state.
void curl_global_setup();

class curl_multi_loop {
public:
    curl_multi_loop(curl_config config, std::size_t concurrency);
    ~curl_multi_loop();
    curl_multi_loop(const curl_multi_loop&) = delete;
    curl_multi_loop& operator=(const curl_multi_loop&) = delete;

    struct totals {
        std::size_t items = 0;
        std::size_t bytes = 0;
    };
    /// Runs requests 0..n-1, up to the concurrency at once: `request(i)` says what to send,
    /// `check(i, body)` parses the 200 response's body and returns its item count (throws when a
    /// check fails). `latency_us[i]` gets each request's time. Throws on any transfer error.
    totals run(std::size_t n, const std::function<curl_request(std::size_t)>& request,
               const std::function<std::size_t(std::size_t, const std::string&)>& check,
               std::vector<double>& latency_us);

private:
    struct impl;
    std::unique_ptr<impl> impl_;
};

/// With cJSON: the body is `{"data": {...}}`, a completed task whose id is `task_id`; returns 1.
std::size_t curl_check_completion(const std::string& body, const std::string& task_id);
/// With cJSON: the body's `data` is an array; returns its size.
std::size_t curl_check_page(const std::string& body);

} // namespace tallyfy::bench
