// The client's operations as coroutines over the transport. This is the only translation unit of
// the client that instantiates Asio coroutine machinery; the public header type-erases handlers.
#include <tallyfy/client.hpp>

#include "core/codec/arena_document.hpp"
#include "core/codec/model_codecs.hpp"
#include "core/codec/raw_sources.hpp"
#include "core/codec/request_codecs.hpp"
#include "core/codec/task_stream.hpp"
#include "core/error_mapping.hpp"
#include "core/list_queries.hpp"
#include "core/operation_runner.hpp"
#include "core/pagination/pager_state.hpp"
#include "core/request_target.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <boost/url/parse.hpp>

#include <cstdlib>
#include <optional>

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

[[noreturn]] void fail(error_details details) {
    throw api_error(std::move(details));
}

} // namespace

// Coroutine arguments are named locals, never temporaries built inside a co_await expression:
// g++ 12 destroys such temporaries twice when an exception passes through the expression.
struct client::impl : std::enable_shared_from_this<client::impl> {
    asio::any_io_executor executor;
    client_options options;
    std::shared_ptr<tallyfy::transport> transport;
    detail::runner_state runner;
    std::string base_path;
    std::string authorization;

    impl(asio::any_io_executor ex, client_options opts, std::shared_ptr<tallyfy::transport> t)
        : executor(std::move(ex))
        , options(std::move(opts))
        , transport(t)
        , runner(std::move(t), options) {
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
        return make_request(method, target.str(), std::move(body), idempotent, call);
    }

    http_request make_request(http_method method, std::string target, std::string body,
                              bool idempotent, const call_options& call) const {
        http_request r;
        r.method = method;
        r.target = std::move(target);
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

    // Every request of this client goes through the shared retry loop.
    awaitable<http_response> execute(http_request request, const call_options& call) {
        return detail::execute(runner, std::move(request), call);
    }

    // Runs `body` and turns client-side exceptions into api_errors with the right code. `self`
    // keeps the client alive while the operation runs.
    template <class T, class Body>
    static awaitable<T> guarded([[maybe_unused]] std::shared_ptr<impl> self, const char* operation,
                                Body body) {
        // Cancellation is reported as error::cancelled by the code that sees it, never thrown by
        // Asio at an unrelated co_await.
        co_await asio::this_coro::throw_if_cancelled(false);
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

    // Tasks are typed straight from the text when it is well formed; the document path below is
    // the reference for everything else (see task_stream.hpp). The body moves into the models.
    // For tasks the stream path stands in for `decoder`, which is always codec::take_task.
    template <class T>
    static T decode(http_response& response, T (*decoder)(json::value&&, const codec::json_path&)) {
        if constexpr (std::is_same_v<T, task>) {
            if (auto typed = codec::stream_task(response.body)) {
                typed->raw = raw_object(
                    codec::make_text_source(std::move(response.body), codec::text_layout::envelope),
                    0);
                return std::move(*typed);
            }
        }
        boost::system::error_code ec;
        codec::arena_document document(response.body, ec);
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
        codec::envelope_data(document.root()); // validates the envelope
        T model = decoder(std::move(document.root().get_object()["data"]), "data");
        document.seal();
        return model;
    }

    awaitable<task> complete_task(complete_task_request r) {
        auto target = org_target(r.options);
        if (r.run_id.empty()) {
            target.literal("/completed-tasks");
        } else {
            target.literal("/runs/").id(r.run_id, "run_id").literal("/completed-tasks");
        }
        detail::request_target{""}.id(r.task_id, "task_id"); // validates before any I/O
        const retry_policy& policy = r.options.retry ? *r.options.retry : runner.default_policy;
        std::string body = codec::encode_complete_body(r);
        // The caller's history gathers every exchange of every round, read-backs included;
        // the calls below get their own so that none overwrites another's.
        struct history_sink {
            std::shared_ptr<std::vector<attempt_record>> out;
            std::shared_ptr<std::vector<attempt_record>> part;
            std::vector<attempt_record> all;
            void take(const std::shared_ptr<std::vector<attempt_record>>& part,
                      const char* prefix) {
                if (!part)
                    return;
                for (auto& a : *part) {
                    all.push_back(a);
                    all.back().reason = prefix + all.back().reason;
                }
                part->clear();
            }
            ~history_sink() {
                take(part, ""); // the last round's exchanges
                if (out)
                    *out = std::move(all);
            }
        } history{std::move(r.options.history), nullptr, {}};
        if (history.out)
            history.part = std::make_shared<std::vector<attempt_record>>();
        auto& part = history.part;
        r.options.history = part;
        // Each round sends once (with the transport-level retries of execute) and, when the
        // outcome is unknown, reads the task back. Completed: success, never a second completion.
        // Not completed and the server provably finished with our request (it answered or
        // closed): the completion did not happen, so sending it again is safe.
        for (unsigned round = 1;; ++round) {
            auto request = make_request(http_method::post, target, body, false, r.options);
            std::exception_ptr unknown;
            bool may_still_be_processing = false;
            bool applied = false; // a 2xx whose body could not be decoded
            try {
                auto response = co_await execute(std::move(request), r.options);
                try {
                    co_return decode<task>(response, codec::take_task);
                } catch (const std::exception& e) {
                    if (!policy.reconcile_completions)
                        throw;
                    applied = true;
                    error_details d;
                    d.code = error::outcome_unknown;
                    d.http_status = response.status;
                    d.method = "POST";
                    d.path = request_path(target);
                    d.detail = std::string("the server accepted the completion but its response "
                                           "could not be read: ") +
                               e.what();
                    unknown = std::make_exception_ptr(api_error(std::move(d)));
                }
            } catch (const api_error& e) {
                if (e.error_value() != error::outcome_unknown || !policy.reconcile_completions)
                    throw;
                unknown = std::current_exception();
                may_still_be_processing = e.details().may_still_be_processing;
            }
            // If the read-back fails too, outcome_unknown is what the caller must see: the
            // completion may have happened.
            history.take(part, "");
            std::optional<task> current;
            try {
                get_task_request read_back{
                    .task_id = r.task_id, .run_id = r.run_id, .with = {}, .options = r.options};
                current = co_await get_task(std::move(read_back));
                history.take(part, "read back: ");
            } catch (const api_error&) {
                history.take(part, "read back: ");
                std::rethrow_exception(unknown);
            }
            if (current->is_completed())
                co_return std::move(*current);
            if (applied || may_still_be_processing || round >= policy.max_attempts ||
                !runner.budget.try_spend(false))
                std::rethrow_exception(unknown);
        }
    }

    static std::string request_path(const detail::request_target& target) {
        return std::string(target.path());
    }

    awaitable<task> reopen_task(reopen_task_request r) {
        auto target = org_target(r.options);
        if (!r.run_id.empty())
            target.literal("/runs/").id(r.run_id, "run_id");
        target.literal("/completed-tasks/").id(r.task_id, "task_id");
        auto request = make_request(http_method::delete_, target, {}, true, r.options);
        auto response = co_await execute(std::move(request), r.options);
        co_return decode<task>(response, codec::take_task);
    }

    awaitable<task> create_task(create_task_request r) {
        auto target = org_target(r.options);
        target.literal("/tasks");
        auto request = make_request(http_method::post, target, codec::encode_create_task_body(r),
                                    false, r.options);
        auto response = co_await execute(std::move(request), r.options);
        co_return decode<task>(response, codec::take_task);
    }

    awaitable<task> get_task(get_task_request r) {
        auto target = org_target(r.options);
        if (!r.run_id.empty())
            target.literal("/runs/").id(r.run_id, "run_id");
        target.literal("/tasks/").id(r.task_id, "task_id");
        if (auto with = codec::includes_text(r.with); !with.empty())
            target.query("with", with);
        auto request = make_request(http_method::get, target, {}, true, r.options);
        auto response = co_await execute(std::move(request), r.options);
        co_return decode<task>(response, codec::take_task);
    }

    awaitable<run> get_run(get_run_request r) {
        auto target = org_target(r.options);
        target.literal("/runs/").id(r.run_id, "run_id");
        if (auto with = codec::includes_text(r.with); !with.empty())
            target.query("with", with);
        if (r.form_fields_values)
            target.query("form_fields_values", "true");
        auto request = make_request(http_method::get, target, {}, true, r.options);
        auto response = co_await execute(std::move(request), r.options);
        co_return decode<run>(response, codec::take_run);
    }

    awaitable<run> launch_run(launch_run_request r) {
        auto target = org_target(r.options);
        target.literal("/runs");
        auto request =
            make_request(http_method::post, target, codec::encode_launch_body(r), false, r.options);
        auto response = co_await execute(std::move(request), r.options);
        co_return decode<run>(response, codec::take_run);
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
        auto response = co_await execute(std::move(request), r.options);
        if (response.body.empty())
            co_return json::value();
        boost::system::error_code ec;
        json::value v = json::parse(response.body, ec);
        if (ec)
            throw codec::decode_error("response is not valid JSON");
        co_return v;
    }

    template <class T>
    static page<T> decode_list(http_response& response,
                               T (*decoder)(json::value&&, const codec::json_path&)) {
        if constexpr (std::is_same_v<T, task>) {
            if (auto typed = codec::stream_task_page(response.body)) {
                auto text =
                    codec::make_text_source(std::move(response.body), codec::text_layout::list);
                for (std::size_t i = 0; i < typed->items.size(); ++i)
                    typed->items[i].raw = raw_object(text, i);
                return std::move(*typed);
            }
        }
        boost::system::error_code ec;
        codec::arena_document document(response.body, ec);
        if (ec)
            throw codec::decode_error("list response is not valid JSON (" + ec.message() + ")");
        auto items = codec::take_page<T>(std::move(document.root()), decoder);
        document.seal();
        return items;
    }

    // A pager whose pages are GETs of `build_target()` plus page/per_page. An invalid argument
    // found while building the target is reported by the first fetch, as documented.
    template <class T, class Build>
    pager<T> make_pager(Build build_target, paging_options paging, call_options call,
                        T (*decoder)(json::value&&, const codec::json_path&)) {
        std::string base;
        std::exception_ptr invalid;
        try {
            base = build_target();
        } catch (...) {
            invalid = std::current_exception();
        }
        auto self = shared_from_this();
        auto fetch = [self, base, paging, call, decoder,
                      invalid](std::int64_t number, operation_handler<page<T>> handler) {
            self->spawn<page<T>>(
                "list",
                [self, base, paging, call, decoder, invalid, number]() -> awaitable<page<T>> {
                    if (invalid)
                        std::rethrow_exception(invalid);
                    auto request = self->make_request(
                        http_method::get, detail::page_query(base, paging, number), {}, true, call);
                    auto response = co_await self->execute(std::move(request), call);
                    co_return decode_list<T>(response, decoder);
                },
                std::move(handler));
        };
        return pager<T>(
            std::make_shared<detail::pager_state<T>>(executor, paging, std::move(fetch)));
    }

    /// Runs `body` guarded inside the awaiting coroutine when that is on the client's executor;
    /// spawns it there otherwise (the transport may assume one thread runs that executor).
    template <class T, class Body>
    static awaitable<T> awaited(std::shared_ptr<impl> self, const char* name, Body body) {
        // Spawned (with a cancellation state of its own) also when the caller's state is already
        // cancelled: a caller that caught a cancellation may still make calls, as before.
        const auto caller_state = co_await asio::this_coro::cancellation_state;
        if ((co_await asio::this_coro::executor) != self->executor ||
            caller_state.cancelled() != asio::cancellation_type::none) {
            auto op = guarded<T>(self, name, std::move(body));
            auto spawned = asio::co_spawn(self->executor, std::move(op), asio::use_awaitable);
            co_return co_await std::move(spawned);
        }
        // guarded() turns throw_if_cancelled off for the coroutine thread it runs in, here the
        // caller's: restored before returning or rethrowing.
        const bool throws = co_await asio::this_coro::throw_if_cancelled();
        std::exception_ptr failure;
        std::optional<T> result;
        try {
            auto op = guarded<T>(self, name, std::move(body));
            T value = co_await std::move(op);
            result.emplace(std::move(value));
        } catch (...) {
            failure = std::current_exception();
        }
        co_await asio::this_coro::throw_if_cancelled(throws);
        if (failure)
            std::rethrow_exception(failure);
        co_return std::move(*result);
    }

    template <class T, class Op>
    void spawn(const char* name, Op op, operation_handler<T> handler) {
        asio::co_spawn(executor, guarded<T>(shared_from_this(), name, std::move(op)),
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

pager<task> client::list_run_tasks(std::string run_id, run_tasks_filter filter) {
    auto& i = *impl_;
    auto build = [&i, run_id, filter] {
        auto target = i.org_target(filter.options);
        target.literal("/runs/").id(run_id, "run_id").literal("/tasks");
        detail::add_query(target, filter);
        return target.str();
    };
    return i.make_pager<task>(build, filter.paging, filter.options, codec::take_task);
}

pager<task> client::list_org_tasks(org_tasks_filter filter) {
    auto& i = *impl_;
    auto build = [&i, filter] {
        auto target = i.org_target(filter.options);
        target.literal("/tasks");
        detail::add_query(target, filter);
        return target.str();
    };
    return i.make_pager<task>(build, filter.paging, filter.options, codec::take_task);
}

pager<run> client::list_runs(runs_filter filter) {
    auto& i = *impl_;
    auto build = [&i, filter] {
        auto target = i.org_target(filter.options);
        target.literal("/runs");
        detail::add_query(target, filter);
        return target.str();
    };
    return i.make_pager<run>(build, filter.paging, filter.options, codec::take_run);
}

pager<checklist> client::list_checklists(paging_options paging, call_options options) {
    auto& i = *impl_;
    auto build = [&i, options] {
        auto target = i.org_target(options);
        target.literal("/checklists");
        return target.str();
    };
    return i.make_pager<checklist>(build, paging, options, codec::take_checklist);
}

pool_stats client::stats() const {
    return impl_->transport->stats();
}
const client_options& client::options() const noexcept {
    return impl_->options;
}
asio::any_io_executor client::get_executor() const noexcept {
    return impl_->executor;
}

namespace {

// The body of one operation: the impl's coroutine for `r`.
template <class Impl, class Request, class Coroutine>
auto operation(Impl* i, Request r, Coroutine coroutine) {
    return [i, r = std::move(r), coroutine]() mutable { return (i->*coroutine)(std::move(r)); };
}

} // namespace

#define TALLYFY_CLIENT_OPERATION(T, name, request_type, coroutine)                                 \
    void client::do_##name(request_type r, operation_handler<T> h) {                               \
        impl_->spawn<T>(#name, operation(impl_.get(), std::move(r), &impl::coroutine),             \
                        std::move(h));                                                             \
    }                                                                                              \
    asio::awaitable<T> client::co_##name(request_type r) {                                         \
        return impl::awaited<T>(impl_, #name,                                                      \
                                operation(impl_.get(), std::move(r), &impl::coroutine));           \
    }

TALLYFY_CLIENT_OPERATION(task, complete_task, complete_task_request, complete_task)
TALLYFY_CLIENT_OPERATION(task, reopen_task, reopen_task_request, reopen_task)
TALLYFY_CLIENT_OPERATION(task, create_task, create_task_request, create_task)
TALLYFY_CLIENT_OPERATION(task, get_task, get_task_request, get_task)
TALLYFY_CLIENT_OPERATION(run, get_run, get_run_request, get_run)
TALLYFY_CLIENT_OPERATION(run, launch_run, launch_run_request, launch_run)
TALLYFY_CLIENT_OPERATION(json::value, request, raw_request, raw)

#undef TALLYFY_CLIENT_OPERATION

} // namespace tallyfy
