// SPDX-License-Identifier: BSL-1.0
// A small HTTP CONNECT proxy on loopback for the proxy tests: optional Basic credentials (407),
// refusal (any status), counters, then bytes piped both ways. Every target is reached at
// 127.0.0.1 whatever its host name (no DNS, never the internet), so a test can ask for a host
// name the sandbox's certificate does not cover.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace tallyfy::test {

class connect_proxy {
public:
    struct options {
        /// Non-empty: CONNECT must carry `Proxy-Authorization: Basic` of user:password, else 407.
        std::string user;
        std::string password;
        /// Non-zero: every CONNECT is answered with this status (e.g. 403) and closed.
        unsigned refuse_status = 0;
        std::string refuse_reason = "Forbidden";
        /// Reads CONNECT and never answers it (the client's connect timeout must end the wait).
        bool never_answer = false;
    };

    /// Binds 127.0.0.1 on an ephemeral port and serves on a thread of its own.
    explicit connect_proxy(options opts);
    connect_proxy();
    ~connect_proxy();
    connect_proxy(const connect_proxy&) = delete;
    connect_proxy& operator=(const connect_proxy&) = delete;

    std::uint16_t port() const;
    /// "http://127.0.0.1:PORT".
    std::string url() const;
    /// "http://user:password@127.0.0.1:PORT" (user and password taken as already encoded).
    std::string url_with(std::string_view user, std::string_view password) const;

    /// CONNECT requests received, and tunnels opened (answered 200).
    std::size_t connects() const;
    std::size_t tunnels() const;
    /// The head (request line and headers) of every CONNECT received, in order.
    std::vector<std::string> heads() const;

private:
    struct impl;
    std::unique_ptr<impl> impl_;
};

} // namespace tallyfy::test
