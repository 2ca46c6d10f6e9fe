// The client's operations as coroutines over the transport. This is the only translation unit of
// the client that instantiates Asio coroutine machinery; the public header type-erases handlers.
#include <tallyfy/client.hpp>

#include "core/codec/model_codecs.hpp"
#include "core/codec/request_codecs.hpp"
#include "core/error_mapping.hpp"
#include "core/request_target.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <boost/url/parse.hpp>

#include <cstdlib>
#include <random>

namespace tallyfy {

namespace asio = boost::asio;
namespace json = boost::json;
using asio::awaitable;

client_options client_options::from_env() {
    client_options o;
    auto get = [](const char* name) {
        const char* v = std::getenv(name);
        return std::string(v ? v : "");
    };
    if (auto url = get("TALLYFY_BASE_URL"); !url.empty())
        o.base_url = url;
    o.access_token = get("TALLYFY_ACCESS_TOKEN");
    o.org_id = get("TALLYFY_ORG_ID");
    o.transport.tls.extra_ca_file = get("TALLYFY_CA_FILE");
    return o;
}

namespace {

constexpr auto use_tuple = asio::as_tuple(asio::use_awaitable);
constexpr int max_attempts = 5;
constexpr std::chrono::seconds max_retry_after{30};

[[noreturn]] void fail(error_details details) {
    throw api_error(std::move(details));
}

bool is_tallyfy(const boost::system::error_code& ec, error e) {
    return ec == boost::system::error_code(e);
}

// Errors that prove the request never reached the server.
bool never_sent(const boost::system::error_code& ec, const attempt_info& info) {
    return !info.request_written || is_tallyfy(ec, error::resolve_failed) ||
           is_tallyfy(ec, error::connection_failed) || is_tallyfy(ec, error::connect_timeout) ||
           is_tallyfy(ec, error::tls_failed) || is_tallyfy(ec, error::tls_handshake_timeout) ||
           is_tallyfy(ec, error::pool_wait_timeout);
}

} // namespace

// Coroutine arguments are named locals, never temporaries built inside a co_await expression:
// g++ 12 destroys such temporaries twice when an exception passes through the expression.
struct client::impl : std::enable_shared_from_this<client::impl> {
    asio::any_io_executor executor;
    client_options options;
    std::shared_ptr<tallyfy::transport> transport;
    std::string base_path;
    std::string authorization;
    std::mutex jitter_mutex;
    std::minstd_rand jitter{std::random_device{}()};

    impl(asio::any_io_executor ex, client_options opts, std::shared_ptr<tallyfy::transport> t)
        : executor(std::move(ex))
        , options(std::move(opts))
        , transport(std::move(t)) {
        auto url = boost::urls::parse_uri(options.base_url);
        if (!url)
            throw std::system_error(make_error_code(error::invalid_argument), "bad base_url");
        base_path = std::string(url->encoded_path());
        detail::check_header_value(options.access_token, "access token");
        detail::check_header_value(options.client_header, "X-Tallyfy-Client");
        authorization = "Bearer " + options.access_token;
    }

    detail::request_target org_target(const call_options& call) const {
        detail::request_target t(base_path);
        t.literal("/organizations/")
            .id(call.org_id.empty() ? options.org_id : call.org_id, "org_id");
        return t;
    }

    http_request make_request(http_method method, const detail::request_target& target,
                              std::string body, bool idempotent, const call_options& call) const {
        http_request r;
        r.method = method;
        r.target = target.str();
        r.body = std::move(body);
        r.idempotent = idempotent;
        r.timeouts_override = call.timeouts;
        r.headers.reserve(3 + call.headers.size());
        r.headers.push_back({"Authorization", authorization});
        r.headers.push_back({"Accept", "application/json"});
        r.headers.push_back({"X-Tallyfy-Client", options.client_header});
        for (const auto& h : call.headers) {
            detail::check_header_value(h.name, "header name");
            detail::check_header_value(h.value, "header value");
            r.headers.push_back(h);
        }
        return r;
    }

    std::chrono::milliseconds backoff(int attempt) {
        // Full jitter over an exponential ceiling: 500 ms, 1 s, 2 s, ... capped at 8 s.
        auto ceiling = std::min<long long>(8000, 500LL << std::min(attempt, 5));
        std::lock_guard lock(jitter_mutex);
        return std::chrono::milliseconds(
            std::uniform_int_distribution<long long>(0, ceiling)(jitter));
    }

    // Sends with the built-in retry rules and maps every failure to an api_error:
    // 429 is retried for every method (the request was not admitted); 502/503/504 and transport
    // errors only when idempotent or provably never sent; anything else is final. A write whose
    // outcome cannot be known fails with outcome_unknown instead of being re-sent.
    awaitable<http_response> execute(http_request request) {
        error_details details;
        details.method = std::string(to_string(request.method));
        details.path = request.target.substr(0, request.target.find('?'));
        std::chrono::milliseconds delay{0};
        std::string reason = "first";
        for (int attempt = 1;; ++attempt) {
            if (delay.count() > 0) {
                asio::steady_timer timer(co_await asio::this_coro::executor, delay);
                auto [ec] = co_await timer.async_wait(use_tuple);
                if (ec) {
                    details.code = error::cancelled;
                    fail(std::move(details));
                }
            }
            auto [ec, response] = co_await transport->async_send(request, use_tuple);
            details.attempts.push_back({response.status, ec, delay, reason});
            bool last = attempt >= max_attempts;
            if (ec) {
                if (ec == asio::error::operation_aborted || is_tallyfy(ec, error::cancelled)) {
                    details.code = error::cancelled;
                    fail(std::move(details));
                }
                bool safe = request.idempotent || never_sent(ec, response.info);
                if (!safe) {
                    details.code = error::outcome_unknown;
                    details.detail = "request written, then " + ec.message();
                    fail(std::move(details));
                }
                if (last) {
                    details.code = ec;
                    fail(std::move(details));
                }
                delay = backoff(attempt);
                reason = "retry after " + ec.message();
                continue;
            }
            if (response.status >= 200 && response.status < 300)
                co_return std::move(response);
            detail::fill_from_response(details, response);
            unsigned s = response.status;
            if (s == 429 && !last) {
                auto wait = details.retry_after.value_or(std::chrono::seconds(0));
                if (wait <= max_retry_after) {
                    delay = wait.count() > 0 ? std::chrono::milliseconds(wait) : backoff(attempt);
                    reason = "retry after 429";
                    continue;
                }
            }
            if ((s == 502 || s == 503 || s == 504 || s == 408) && request.idempotent && !last) {
                delay = backoff(attempt);
                reason = "retry after " + std::to_string(s);
                continue;
            }
            if (s >= 500 && !request.idempotent) {
                // The server may have applied the write before failing.
                details.code = error::outcome_unknown;
                details.detail = "server answered " + std::to_string(s) + " to a write";
            }
            fail(std::move(details));
        }
    }

    // Runs `body` and turns client-side exceptions into api_errors with the right code.
    template <class T, class Body>
    awaitable<T> guarded(const char* operation, Body body) {
        error_details details;
        try {
            co_return co_await body();
        } catch (const api_error&) {
            throw;
        } catch (const detail::invalid_argument_error& e) {
            details.code = error::invalid_argument;
            details.detail = std::string(operation) + ": " + e.what();
        } catch (const std::invalid_argument& e) {
            details.code = error::invalid_argument;
            details.detail = e.what();
        } catch (const codec::decode_error& e) {
            details.code = error::bad_response;
            details.detail = std::string(operation) + ": " + e.what();
        }
        fail(std::move(details));
    }

    template <class T>
    static T decode(const http_response& response,
                    T (*decoder)(const json::value&, const std::string&)) {
        boost::system::error_code ec;
        json::value root = json::parse(response.body, ec);
        if (ec) {
            error_details d;
            d.code = error::bad_response;
            d.http_status = response.status;
            if (auto id = response.header("X-Request-Id"))
                d.request_id = std::string(*id);
            d.detail = "response is not valid JSON (" + ec.message() + ")";
            d.body = response.body.substr(0, 8192);
            fail(std::move(d));
        }
        return decoder(codec::envelope_data(root), "data");
    }

    awaitable<task> complete_task(complete_task_request r) {
        auto target = org_target(r.options);
        if (r.run_id.empty()) {
            target.literal("/completed-tasks");
        } else {
            target.literal("/runs/").id(r.run_id, "run_id").literal("/completed-tasks");
        }
        detail::request_target{""}.id(r.task_id, "task_id"); // validates before any I/O
        auto request = make_request(http_method::post, target, codec::encode_complete_body(r),
                                    false, r.options);
        std::exception_ptr unknown;
        try {
            auto response = co_await execute(std::move(request));
            co_return decode<task>(response, codec::decode_task);
        } catch (const api_error& e) {
            if (e.error_value() != error::outcome_unknown)
                throw;
            unknown = std::current_exception();
        }
        // Reconcile: completion is a state we can read back. If the task is completed now, our
        // request took effect (or an equivalent one did): report success rather than risk a
        // second completion. Otherwise the original outcome_unknown stands.
        get_task_request read_back{
            .task_id = r.task_id, .run_id = r.run_id, .with = {}, .options = r.options};
        auto current = co_await get_task(std::move(read_back));
        if (current.is_completed())
            co_return current;
        std::rethrow_exception(unknown);
    }

    awaitable<task> reopen_task(reopen_task_request r) {
        auto target = org_target(r.options);
        if (!r.run_id.empty())
            target.literal("/runs/").id(r.run_id, "run_id");
        target.literal("/completed-tasks/").id(r.task_id, "task_id");
        auto request = make_request(http_method::delete_, target, {}, true, r.options);
        auto response = co_await execute(std::move(request));
        co_return decode<task>(response, codec::decode_task);
    }

    awaitable<task> create_task(create_task_request r) {
        auto target = org_target(r.options);
        target.literal("/tasks");
        auto request = make_request(http_method::post, target, codec::encode_create_task_body(r),
                                    false, r.options);
        auto response = co_await execute(std::move(request));
        co_return decode<task>(response, codec::decode_task);
    }

    awaitable<task> get_task(get_task_request r) {
        auto target = org_target(r.options);
        if (!r.run_id.empty())
            target.literal("/runs/").id(r.run_id, "run_id");
        target.literal("/tasks/").id(r.task_id, "task_id");
        if (auto with = codec::includes_text(r.with); !with.empty())
            target.query("with", with);
        auto request = make_request(http_method::get, target, {}, true, r.options);
        auto response = co_await execute(std::move(request));
        co_return decode<task>(response, codec::decode_task);
    }

    awaitable<run> get_run(get_run_request r) {
        auto target = org_target(r.options);
        target.literal("/runs/").id(r.run_id, "run_id");
        if (auto with = codec::includes_text(r.with); !with.empty())
            target.query("with", with);
        if (r.form_fields_values)
            target.query("form_fields_values", "true");
        auto request = make_request(http_method::get, target, {}, true, r.options);
        auto response = co_await execute(std::move(request));
        co_return decode<run>(response, codec::decode_run);
    }

    awaitable<run> launch_run(launch_run_request r) {
        auto target = org_target(r.options);
        target.literal("/runs");
        auto request =
            make_request(http_method::post, target, codec::encode_launch_body(r), false, r.options);
        auto response = co_await execute(std::move(request));
        co_return decode<run>(response, codec::decode_run);
    }

    awaitable<json::value> raw(raw_request r) {
        detail::request_target target(base_path);
        std::string path = r.path;
        if (auto at = path.find("{org}"); at != std::string::npos) {
            std::string org;
            detail::append_encoded(org,
                                   r.options.org_id.empty() ? options.org_id : r.options.org_id);
            path.replace(at, 5, org);
        }
        detail::check_header_value(path, "path");
        if (path.find_first_of("?# ") != std::string::npos)
            throw detail::invalid_argument_error(
                "path must not contain '?', '#' or spaces; use query");
        if (path.empty() || path.front() != '/')
            path.insert(path.begin(), '/');
        target.literal(path);
        for (auto& [k, v] : r.query)
            target.query(k, v);
        bool idempotent =
            r.idempotent.value_or(r.method == http_method::get || r.method == http_method::put ||
                                  r.method == http_method::delete_);
        // Built outside the co_await expression: g++ 12 mishandles conditionals inside it.
        std::string body;
        if (r.body)
            body = json::serialize(*r.body);
        auto request = make_request(r.method, target, std::move(body), idempotent, r.options);
        auto response = co_await execute(std::move(request));
        if (response.body.empty())
            co_return json::value();
        boost::system::error_code ec;
        json::value v = json::parse(response.body, ec);
        if (ec)
            throw codec::decode_error("response is not valid JSON");
        co_return v;
    }

    template <class T, class Op>
    void spawn(const char* name, Op op, operation_handler<T> handler) {
        auto self = shared_from_this();
        asio::co_spawn(
            executor,
            [self, name, op = std::move(op)]() mutable -> awaitable<T> {
                co_return co_await self->guarded<T>(name, std::move(op));
            },
            std::move(handler));
    }
};

client::client(asio::any_io_executor executor, client_options options)
    : client(executor, options,
             make_https_transport(executor, options.base_url, options.transport)) {}

client::client(asio::any_io_executor executor, client_options options,
               std::shared_ptr<tallyfy::transport> transport)
    : impl_(std::make_shared<impl>(std::move(executor), std::move(options), std::move(transport))) {
}

client::~client() = default;

pool_stats client::stats() const {
    return impl_->transport->stats();
}
const client_options& client::options() const noexcept {
    return impl_->options;
}
asio::any_io_executor client::get_executor() const noexcept {
    return impl_->executor;
}

void client::do_complete_task(complete_task_request r, operation_handler<task> h) {
    auto i = impl_.get();
    impl_->spawn<task>(
        "complete_task", [i, r = std::move(r)]() mutable { return i->complete_task(std::move(r)); },
        std::move(h));
}
void client::do_reopen_task(reopen_task_request r, operation_handler<task> h) {
    auto i = impl_.get();
    impl_->spawn<task>(
        "reopen_task", [i, r = std::move(r)]() mutable { return i->reopen_task(std::move(r)); },
        std::move(h));
}
void client::do_create_task(create_task_request r, operation_handler<task> h) {
    auto i = impl_.get();
    impl_->spawn<task>(
        "create_task", [i, r = std::move(r)]() mutable { return i->create_task(std::move(r)); },
        std::move(h));
}
void client::do_get_task(get_task_request r, operation_handler<task> h) {
    auto i = impl_.get();
    impl_->spawn<task>(
        "get_task", [i, r = std::move(r)]() mutable { return i->get_task(std::move(r)); },
        std::move(h));
}
void client::do_get_run(get_run_request r, operation_handler<run> h) {
    auto i = impl_.get();
    impl_->spawn<run>(
        "get_run", [i, r = std::move(r)]() mutable { return i->get_run(std::move(r)); },
        std::move(h));
}
void client::do_launch_run(launch_run_request r, operation_handler<run> h) {
    auto i = impl_.get();
    impl_->spawn<run>(
        "launch_run", [i, r = std::move(r)]() mutable { return i->launch_run(std::move(r)); },
        std::move(h));
}
void client::do_request(raw_request r, operation_handler<json::value> h) {
    auto i = impl_.get();
    impl_->spawn<json::value>(
        "request", [i, r = std::move(r)]() mutable { return i->raw(std::move(r)); }, std::move(h));
}

} // namespace tallyfy
