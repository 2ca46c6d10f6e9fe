// SPDX-License-Identifier: BSL-1.0
// The transport: send one HTTP request, get one response, over a pooled keep-alive connection.
#pragma once

#include <tallyfy/error.hpp>
#include <tallyfy/http.hpp>

#include <boost/asio/any_completion_handler.hpp>
#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/async_result.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/system/error_code.hpp>

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <tuple>

namespace tallyfy {

/// Connection pool settings (one pool per origin: scheme, host, port).
struct pool_options {
    /// Upper bound of open connections to the origin. Callers beyond it wait, FIFO.
    std::size_t max_connections = 16;
    /// Connections kept open (warmed on demand) even when idle.
    std::size_t min_idle = 0;
    /// An idle connection older than this is closed rather than reused. Shorter than common
    /// server keep-alive timeouts (nginx 75 s, Apache 5 s) so we close before the server does.
    std::chrono::milliseconds idle_timeout{4'000};
    /// A connection is retired after this long regardless of use.
    std::chrono::milliseconds max_lifetime{300'000};
    /// How long a DNS answer is reused.
    std::chrono::milliseconds dns_ttl{60'000};
};

/// TLS settings. Verification is always on unless `insecure_skip_verification` is set.
struct tls_options {
    bool use_system_roots = true; ///< load the system's default verify paths
    std::string extra_ca_file;    ///< PEM file of additional trusted CAs
    std::string extra_ca_pem;     ///< PEM text of additional trusted CAs
    bool session_resumption = true;
    /// Client certificate (mutual TLS), for servers and gateways that require one: the
    /// certificate, optionally followed by its intermediate CAs, as a PEM file or PEM text (one
    /// of the two), and its private key likewise. Both or neither. They are read once, when the
    /// transport is made (client construction): a missing or unreadable file, a PEM that does not
    /// parse, a wrong passphrase or a key that does not match the certificate throws
    /// std::system_error with `error::invalid_argument`, naming which of them failed. The
    /// certificate is sent only to a server that asks for one.
    std::string client_certificate_file;
    std::string client_certificate_pem;
    std::string client_key_file;
    std::string client_key_pem;
    /// Passphrase of an encrypted client key (PKCS#8 or traditional PEM encryption). Never
    /// written to any message, log or recorder; the transport wipes its copy once the key is
    /// loaded. An encrypted key without it fails as above (OpenSSL never prompts on a terminal).
    std::string client_key_passphrase;
    /// DANGEROUS: accept any certificate and host name. Only for debugging a broken setup.
    bool insecure_skip_verification = false;
};

/// How the executor given to the transport is run, which decides whether each connection needs
/// a strand of its own.
enum class executor_threading {
    /// `single` when the executor is a strand, or belongs to an `io_context` constructed with a
    /// concurrency hint of 1 (`boost::asio::io_context ioc{1}`); `multiple` otherwise.
    detect,
    /// Only one thread ever runs the executor: connections use it directly.
    single,
    /// Several threads may run the executor: each connection's socket, and its timeout handler,
    /// run on a strand of their own. Costs about 50 small allocations per request.
    multiple,
};

struct transport_options {
    /// Declaring `single` wrongly (the io_context runs on several threads) is a data race. With
    /// `single`, await `co_send` only from coroutines on that executor (the client does;
    /// `async_send` and `send` may be called from anywhere).
    executor_threading threading = executor_threading::detect;
    pool_options pool{};
    tls_options tls{};
    timeouts default_timeouts{};
    /// Plain http:// is refused for non-loopback hosts unless this is set.
    bool allow_insecure_http = false;
    std::size_t max_header_bytes = 64 * 1024;
    std::size_t max_body_bytes = 64 * 1024 * 1024;
    /// Sent as User-Agent.
    std::string user_agent = "tallyfy-cpp/0.1";
};

/// Counters of a pool, readable at any time from any thread.
struct pool_stats {
    std::size_t open = 0;    ///< connections currently open (idle + in use + connecting)
    std::size_t idle = 0;    ///< open and waiting in the pool
    std::size_t in_use = 0;  ///< lent to a request
    std::size_t waiters = 0; ///< requests waiting for a connection
    std::uint64_t created = 0;
    std::uint64_t reused = 0;
    std::uint64_t closed = 0;
    std::uint64_t handshakes = 0;         ///< TLS handshakes completed
    std::uint64_t resumed_handshakes = 0; ///< of which resumed a previous TLS session
    std::uint64_t stale_retries = 0;
};

/// Completion signature of a send: an error (a `tallyfy::error` or an Asio error) and the
/// response. A response with any HTTP status is a success at this layer.
using send_signature = void(boost::system::error_code, http_response);
using send_handler = boost::asio::any_completion_handler<send_signature>;
/// Result of `transport::co_send`: the error (empty on success) and the response.
using send_result = std::tuple<boost::system::error_code, http_response>;

/// Interface of something that sends HTTP requests. Implementations are thread-safe.
class transport {
public:
    virtual ~transport() = default;

    /// Sends `request` and completes with the response.
    /// Errors: the transport errors of `tallyfy::error` (connect/TLS/timeouts/pool/limits),
    /// `error::invalid_argument` for header values with CR/LF/NUL, `error::cancelled`.
    /// Cancellation: per-operation cancellation (the handler's cancellation slot) reaches the pool
    /// wait, connect, handshake, write and read; the connection involved is closed, not reused.
    /// Thread safety: may be called concurrently from any thread.
    template <class CompletionToken>
    auto async_send(http_request request, CompletionToken&& token) {
        return boost::asio::async_initiate<CompletionToken, send_signature>(
            [this](auto handler, http_request req) {
                this->send(std::move(req), send_handler(std::move(handler)));
            },
            token, std::move(request));
    }

    /// Type-erased entry point behind `async_send`.
    virtual void send(http_request request, send_handler handler) = 0;

    /// Coroutine form of `async_send`, with the same errors and cancellation; the client uses it.
    /// `request` is read, not copied, and must stay alive until the awaitable completes. Errors
    /// are returned in the tuple, never thrown. The default implementation forwards a copy to
    /// `send`; the HTTPS transport runs the exchange inside the awaiting coroutine instead, with
    /// no second coroutine, handler allocation or request copy.
    virtual boost::asio::awaitable<send_result> co_send(const http_request& request);

    /// Snapshot of the pool counters.
    virtual pool_stats stats() const = 0;

    /// Closes idle connections and fails waiters with `error::cancelled`. In-flight requests
    /// finish.
    virtual void shutdown() = 0;
};

/// Creates the HTTPS (or loopback HTTP) transport for the origin of `base_url`
/// ("https://go.tallyfy.com/api" -> go.tallyfy.com:443). Throws `std::system_error` with
/// `error::invalid_argument` for an unparsable URL or an unreadable CA file, and with
/// `error::insecure_url` for plain http to a non-loopback host without `allow_insecure_http`.
std::shared_ptr<transport> make_https_transport(boost::asio::any_io_executor executor,
                                                std::string_view base_url,
                                                transport_options options = {});

} // namespace tallyfy
