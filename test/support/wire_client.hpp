// SPDX-License-Identifier: BSL-1.0
// A deliberately plain Beast client for tests that must see the wire as it is (not through the
// SDK): one connection, explicit timeouts, every error reported as is.
//
// Why the connection lives in wire_client.cpp: the TLS stream's composed operations are the
// heaviest templates a test instantiates; compiled once in the support library, the test files
// that use this client build in a fraction of the time.
#pragma once

#include <tallyfy/sandbox/server.hpp>

#include <boost/beast/http/message.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/system/error_code.hpp>

#include <chrono>
#include <memory>
#include <string>
#include <string_view>

namespace tallyfy::test {

namespace http = boost::beast::http;

class wire_client {
public:
    struct options {
        bool trust_sandbox_ca = true;
        std::string verify_host = "127.0.0.1"; ///< name or address checked against the cert
    };

    struct result {
        boost::system::error_code ec;
        http::response<http::string_body> response;
    };

    explicit wire_client(const sandbox::server& server);
    wire_client(const sandbox::server& server, options opts);
    ~wire_client();
    wire_client(const wire_client&) = delete;
    wire_client& operator=(const wire_client&) = delete;

    /// "/api/organizations/{org}" + suffix.
    std::string org_path(std::string_view suffix) const;
    const std::string& token() const;

    /// A request with the headers the API requires.
    http::request<http::string_body> make(http::verb method, std::string target,
                                          std::string body = {}) const;

    /// Opens the connection (and does the TLS handshake with host name verification).
    boost::system::error_code connect(std::chrono::milliseconds timeout = std::chrono::seconds(5));

    /// Sends one request on the open connection and reads one response.
    result send(http::request<http::string_body> req,
                std::chrono::milliseconds timeout = std::chrono::seconds(5));

    /// connect() if needed, then send().
    result request(http::verb method, std::string target, std::string body = {});

    void close();

private:
    struct connection;
    std::unique_ptr<connection> impl_;
};

} // namespace tallyfy::test
