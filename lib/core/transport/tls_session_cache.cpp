// SPDX-License-Identifier: BSL-1.0
#include "core/transport/tls_session_cache.hpp"

#include <openssl/ssl.h>

namespace tallyfy::detail {

tls_session_cache::~tls_session_cache() {
    if (session_ != nullptr)
        SSL_SESSION_free(session_);
}

void tls_session_cache::apply(ssl_st* ssl) {
    std::lock_guard lock(mutex_);
    if (session_ != nullptr)
        SSL_set_session(ssl, session_); // takes its own reference
}

void tls_session_cache::save(ssl_st* ssl) {
    SSL_SESSION* s = SSL_get1_session(ssl);
    if (s == nullptr)
        return;
    if (SSL_SESSION_is_resumable(s) == 0) {
        SSL_SESSION_free(s);
        return;
    }
    SSL_SESSION* old = nullptr;
    {
        std::lock_guard lock(mutex_);
        old = session_;
        session_ = s;
    }
    if (old != nullptr) // freed outside the lock
        SSL_SESSION_free(old);
}

} // namespace tallyfy::detail
