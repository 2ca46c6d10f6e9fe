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
#include <functional>
#include <memory>
#include <string>
#include <string_view>
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
    /// Resume the pool's last TLS session on new connections (a shorter handshake).
    bool session_resumption = true;
    /// Client certificate (mutual TLS), for servers and gateways that require one: the
    /// certificate, optionally followed by its intermediate CAs, as a PEM file or PEM text (one
    /// of the two), and its private key likewise. Both or neither. They are read once, when the
    /// transport is made (client construction): a missing or unreadable file, a PEM that does not
    /// parse, a wrong passphrase or a key that does not match the certificate throws
    /// std::system_error with `error::invalid_argument`, naming which of them failed. The
    /// certificate is sent only to a server that asks for one.
    std::string client_certificate_file; ///< PEM file: the certificate, then its CAs
    std::string client_certificate_pem;  ///< or the same as PEM text (not both)
    std::string client_key_file;         ///< PEM file of the certificate's private key
    std::string client_key_pem;          ///< or the key as PEM text (not both)
    /// Passphrase of an encrypted client key (PKCS#8 or traditional PEM encryption). Never
    /// written to any message, log or recorder. The transport wipes its own copy once the key is
    /// loaded, but the client keeps the options it was given (this one included) for its
    /// lifetime, as a token provider may build a transport of its own from them: where memory
    /// must not hold it, give an unencrypted key file readable only by the service. An encrypted
    /// key without it fails as above (OpenSSL never prompts on a terminal).
    std::string client_key_passphrase;
    /// DANGEROUS: accept any certificate and host name. Only for debugging a broken setup.
    bool insecure_skip_verification = false;
};

/// A circuit breaker for the transport's origin, off by default. After `failure_threshold`
/// failures in a row (connect, TLS handshake break, reset, timeout, a proxy that cannot open a
/// tunnel to the origin (`error::proxy_failed`), or a 500/502/503/504) it
/// opens: every send fails at once with `error::circuit_open` (never retried, nothing sent) for
/// `cool_down`. Then one send goes through as a probe (the others still fail fast): its success
/// closes the breaker, its failure opens it for another `cool_down`. Other statuses (4xx, 429)
/// are successes here: the origin answered. Cancelled or refused-before-I/O sends do not count.
/// Its state is in `pool_stats`.
struct circuit_breaker_options {
    bool enabled = false;                        ///< off: every send is attempted
    unsigned failure_threshold = 5;              ///< consecutive failures that open it
    std::chrono::milliseconds cool_down{30'000}; ///< how long it stays open before a probe
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

/// Settings of the HTTPS transport (make_https_transport; client_options::transport).
struct transport_options {
    /// Declaring `single` wrongly (the io_context runs on several threads) is a data race. With
    /// `single`, await `co_send` only from coroutines on that executor (the client does;
    /// `async_send` and `send` may be called from anywhere).
    executor_threading threading = executor_threading::detect;
    /// The connection pool.
    pool_options pool{};
    /// Fail fast during an outage (off by default).
    circuit_breaker_options breaker{};
    /// Certificate verification and TLS sessions.
    tls_options tls{};
    /// Each attempt's timeouts, unless a call overrides them (call_options::timeouts).
    timeouts default_timeouts{};
    /// Plain http:// is refused for non-loopback hosts unless this is set.
    bool allow_insecure_http = false;
    /// HTTP proxy, "http://[user:password@]host[:port]" (scheme optional, port 1080 by default;
    /// user and password percent-encoded); empty: connect directly. Each new connection opens a
    /// tunnel with `CONNECT host:port` (Basic `Proxy-Authorization` when the URL has
    /// credentials), then runs TLS to the origin through it: SNI and certificate verification
    /// are for the origin's host name, never the proxy's. Plain http:// origins (loopback, or
    /// `allow_insecure_http`) are tunnelled the same way. A tunnel is an ordinary pooled
    /// keep-alive connection. Only http:// proxies: `make_https_transport` refuses an https://
    /// (TLS to the proxy) or socks URL with `error::invalid_argument`.
    /// Errors name the proxy in `error_details::cause` ("proxy 10.0.0.1:3128: Connection
    /// refused"): resolve_failed / connection_failed / connect_timeout for the proxy itself,
    /// `error::proxy_auth_required` for a 407 (not retried), `error::proxy_failed` for any other
    /// refusal (the proxy's status and reason in the cause; retried like a failed connect).
    /// The credentials never appear in a message, an error or a log: keep the URL out of yours.
    std::string proxy;
    /// Hosts reached directly although `proxy` is set: a NO_PROXY list, with curl's rules
    /// (comma-separated; `*` for all; a name matches itself and its subdomains, a leading dot is
    /// optional; IP literals and CIDR ranges such as 10.0.0.0/8 or fd00::/8; an optional
    /// ":port" restricts an entry to that port). Matched against the origin once, at creation.
    std::string no_proxy;
    /// A response header larger than this fails with error::header_too_large.
    std::size_t max_header_bytes = 64 * 1024;
    /// A response body larger than this fails with error::body_too_large.
    std::size_t max_body_bytes = 64 * 1024 * 1024;
    /// Sent as User-Agent.
    std::string user_agent = "tallyfy-cpp/0.1";
};

/// The state of a circuit breaker (circuit_breaker_options).
enum class breaker_state {
    closed,    ///< sends go through (also when the breaker is disabled)
    open,      ///< sends fail fast with error::circuit_open
    half_open, ///< one probe is out; other sends fail fast until it answers
};

/// Counters of a pool, readable at any time from any thread.
struct pool_stats {
    std::size_t open = 0;    ///< connections currently open (idle + in use + connecting)
    std::size_t idle = 0;    ///< open and waiting in the pool
    std::size_t in_use = 0;  ///< lent to a request
    std::size_t waiters = 0; ///< requests waiting for a connection
    /// Connections opened so far.
    std::uint64_t created = 0;
    /// Requests sent on a pooled connection instead of a new one.
    std::uint64_t reused = 0;
    /// Connections closed so far (expired, broken, or not fit to go back to the pool).
    std::uint64_t closed = 0;
    std::uint64_t handshakes = 0;         ///< TLS handshakes completed
    std::uint64_t resumed_handshakes = 0; ///< of which resumed a previous TLS session
    /// Requests re-sent once on a new connection after a pooled one turned out closed by the
    /// server (reset before any response byte; only when not written or idempotent).
    std::uint64_t stale_retries = 0;
    breaker_state breaker = breaker_state::closed; ///< the circuit breaker's state now
    std::uint64_t breaker_opened = 0;   ///< times the breaker opened (probes failed included)
    std::uint64_t breaker_rejected = 0; ///< sends failed fast by the open breaker
};

/// Completion signature of a send: an error (a `tallyfy::error` or an Asio error) and the
/// response. A response with any HTTP status is a success at this layer.
using send_signature = void(boost::system::error_code, http_response);
/// The type-erased handler transport::send completes.
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

/// Reads an environment variable: null when it is not set. `std::getenv` fits.
using environment_lookup = std::function<const char*(const char*)>;

/// Sets `options.proxy` and `options.no_proxy` from the environment, as curl does, for calls to
/// `base_url`: for https://, `https_proxy`, `HTTPS_PROXY`, then `all_proxy`, `ALL_PROXY`; for
/// http://, `http_proxy` (lower case only: a CGI program gets HTTP_PROXY from a request header),
/// then `all_proxy`, `ALL_PROXY`; the first non-empty one wins. `no_proxy`, else `NO_PROXY`,
/// gives the bypass list. Leaves the options unchanged when no proxy variable is set.
/// `client_options::from_env()` calls it with the base URL it settled on.
void apply_proxy_environment(transport_options& options, std::string_view base_url,
                             const environment_lookup& getenv);

} // namespace tallyfy
