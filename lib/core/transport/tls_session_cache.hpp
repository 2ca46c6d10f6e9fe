// SPDX-License-Identifier: BSL-1.0
// The last resumable TLS session of the transport's origin, offered to each new connection so
// its handshake resumes (one round trip less, no certificate chain). Thread-safe.
#pragma once

#include <mutex>

struct ssl_st;
struct ssl_session_st;

namespace tallyfy::detail {

class tls_session_cache {
public:
    tls_session_cache() = default;
    ~tls_session_cache();
    tls_session_cache(const tls_session_cache&) = delete;
    tls_session_cache& operator=(const tls_session_cache&) = delete;

    /// Offers the stored session (if any) to a connection about to handshake.
    void apply(ssl_st* ssl);
    /// Keeps the connection's session when it is resumable (replacing the stored one).
    void save(ssl_st* ssl);

private:
    std::mutex mutex_;
    ssl_session_st* session_ = nullptr;
};

} // namespace tallyfy::detail
