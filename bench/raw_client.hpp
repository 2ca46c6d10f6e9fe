// SPDX-License-Identifier: BSL-1.0
// The baseline: what a careful hand-written client does with Boost.Beast and Asio coroutines —
// one keep-alive TLS connection per worker, the same requests and headers as the SDK, and a plain
// `boost::json::parse(body)` into a json::value with the default allocator. No SDK code.
#pragma once

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/context.hpp>

#include <cstddef>
#include <memory>
#include <string>

typedef struct ssl_session_st SSL_SESSION;

namespace tallyfy::bench {

struct raw_config {
    std::string host;          ///< "127.0.0.1"
    std::string port;          ///< "8443"
    std::string host_header;   ///< "127.0.0.1:8443"
    std::string authorization; ///< "Bearer ..."
    std::string client_header = "APIClient";
    std::string user_agent = "tallyfy-cpp/0.1";
};

/// A TLS client context as the SDK configures it: TLS >= 1.2, peer verification with `ca_pem`
/// (no system roots), optional client session cache (resumption).
boost::asio::ssl::context make_raw_tls_context(const std::string& ca_pem, bool session_resumption);

/// One keep-alive HTTPS connection. Errors throw (boost::system::system_error or
/// std::runtime_error for a response that fails the checks).
class raw_connection {
public:
    raw_connection(boost::asio::any_io_executor ex, boost::asio::ssl::context& tls);
    ~raw_connection();
    raw_connection(const raw_connection&) = delete;
    raw_connection& operator=(const raw_connection&) = delete;

    bool is_open() const noexcept;
    /// TCP connect + TLS handshake (SNI for names, host name verification), resuming `session`
    /// when given.
    boost::asio::awaitable<void>
    connect(const boost::asio::ip::tcp::resolver::results_type& endpoints, const raw_config& cfg,
            SSL_SESSION* session = nullptr);
    /// POST {target} with {"task_id": id}; checks 200 and a completed task with that id.
    /// `close`: asks the server to close (X-Bench-Close: 1) and closes afterwards.
    boost::asio::awaitable<void> complete(const raw_config& cfg, const std::string& target,
                                          const std::string& task_id, bool close = false);
    /// GET {target}; checks 200 and `data` is an array; returns its size. `bytes`: body size.
    boost::asio::awaitable<std::size_t> get_page(const raw_config& cfg, const std::string& target,
                                                 std::size_t& bytes);
    bool session_reused() const;
    /// The TLS session (with TLS 1.3 tickets once a response was read); caller frees.
    SSL_SESSION* get1_session() const;

private:
    struct impl;
    std::unique_ptr<impl> impl_;
};

} // namespace tallyfy::bench
