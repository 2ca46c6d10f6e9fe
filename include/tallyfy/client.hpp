// tallyfy::client — the SDK's facade: one object per API account, cheap to share.
//
//     asio::awaitable<void> finish(tallyfy::client& api, std::string run, std::string task) {
//         tallyfy::task done = co_await api.complete_task({.task_id = task, .run_id = run});
//     }
//
// Every operation takes any Asio completion token; its completion signature is
// `void(std::exception_ptr, T)`. Hence:
//   * `co_await op(...)` (the default token, `asio::use_awaitable`) returns T or throws
//     `tallyfy::api_error`; `asio::deferred` works too when composed (e.g. with as_tuple);
//   * `asio::as_tuple(asio::deferred)` gives a no-throw `(std::exception_ptr, T)`; use
//     `api_error::from(ptr)` for the details;
//   * `asio::use_future` gives a `std::future<T>` whose get() throws `api_error`;
//   * a callback `void(std::exception_ptr, T)` is invoked on the client's executor.
// Cancellation: per-operation cancellation (e.g. `asio::bind_cancellation_slot`, or awaitable
// operators) ends the call with `error::cancelled`; a request already written may still have
// taken effect on the server.
// Thread safety: all operations may be called concurrently from any thread.
#pragma once

#include <tallyfy/api_error.hpp>
#include <tallyfy/list_filters.hpp>
#include <tallyfy/models.hpp>
#include <tallyfy/pager.hpp>
#include <tallyfy/requests.hpp>
#include <tallyfy/transport.hpp>

#include <boost/asio/any_completion_handler.hpp>
#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/async_result.hpp>
#include <boost/asio/deferred.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/json/value.hpp>

#include <exception>
#include <memory>
#include <string>
#include <type_traits>

namespace tallyfy {

struct client_options {
    /// API root. The real API: "https://go.tallyfy.com/api" (or "https://api.tallyfy.com").
    std::string base_url = "https://go.tallyfy.com/api";
    /// Bearer token (personal access token or OAuth access token). Never logged.
    std::string access_token;
    /// Default organisation of every call.
    std::string org_id;
    /// Value of the mandatory `X-Tallyfy-Client` header.
    std::string client_header = "APIClient";
    transport_options transport{};
    /// Default retry policy of every call (override per call in `call_options::retry`).
    retry_policy retry{};
    retry_budget_options retry_budget{};
    pacing_options pacing{};
    /// Called before every retry (from the thread running the call).
    retry_observer on_retry;

    /// Reads TALLYFY_BASE_URL (optional), TALLYFY_ACCESS_TOKEN, TALLYFY_ORG_ID and
    /// TALLYFY_CA_FILE (extra trusted CA) from the environment.
    static client_options from_env();
};

template <class T>
using operation_handler = boost::asio::any_completion_handler<void(std::exception_ptr, T)>;

class client {
public:
    /// Builds a client with its own HTTPS transport on `executor`.
    /// Throws std::system_error for an invalid base URL or insecure plain http.
    client(boost::asio::any_io_executor executor, client_options options);
    /// Builds a client over any transport (tests, custom stacks).
    client(boost::asio::any_io_executor executor, client_options options,
           std::shared_ptr<tallyfy::transport> transport);
    ~client();
    client(const client&) = delete;
    client& operator=(const client&) = delete;

    /// Completes a task: `POST /runs/{run}/completed-tasks` (process task) or
    /// `POST /completed-tasks` (standalone). Returns the completed task, with
    /// `tasks_changed_by_rules` for process tasks.
    /// Errors: invalid_argument (bad ids, before I/O), validation_failed (422: approval task
    /// without is_approved, required form fields empty, already completed on some servers),
    /// not_found, unauthorized, forbidden, rate_limited, transport errors, outcome_unknown.
    template <class Token = boost::asio::use_awaitable_t<>>
    auto complete_task(complete_task_request request, Token&& token = {}) {
        return start<task>(std::forward<Token>(token), std::move(request),
                           &client::do_complete_task, &client::co_complete_task);
    }

    /// Reopens a completed task (`DELETE .../completed-tasks/{task}`). Errors as complete_task;
    /// reopening a task that is not completed is validation_failed.
    template <class Token = boost::asio::use_awaitable_t<>>
    auto reopen_task(reopen_task_request request, Token&& token = {}) {
        return start<task>(std::forward<Token>(token), std::move(request), &client::do_reopen_task,
                           &client::co_reopen_task);
    }

    /// Creates a standalone task (`POST /tasks`, 201).
    template <class Token = boost::asio::use_awaitable_t<>>
    auto create_task(create_task_request request, Token&& token = {}) {
        return start<task>(std::forward<Token>(token), std::move(request), &client::do_create_task,
                           &client::co_create_task);
    }

    /// Fetches a task (`GET /tasks/{task}` or `GET /runs/{run}/tasks/{task}`) with includes.
    template <class Token = boost::asio::use_awaitable_t<>>
    auto get_task(get_task_request request, Token&& token = {}) {
        return start<task>(std::forward<Token>(token), std::move(request), &client::do_get_task,
                           &client::co_get_task);
    }

    /// Fetches a run (`GET /runs/{run}`) with includes; `next_task` decoded when asked for.
    template <class Token = boost::asio::use_awaitable_t<>>
    auto get_run(get_run_request request, Token&& token = {}) {
        return start<run>(std::forward<Token>(token), std::move(request), &client::do_get_run,
                          &client::co_get_run);
    }

    /// Launches a run from a checklist (`POST /runs`, 201). A name over 550 characters is
    /// invalid_argument. Never re-sent after an unknown outcome: a launch whose response was
    /// lost fails with outcome_unknown (the run may exist).
    template <class Token = boost::asio::use_awaitable_t<>>
    auto launch_run(launch_run_request request, Token&& token = {}) {
        return start<run>(std::forward<Token>(token), std::move(request), &client::do_launch_run,
                          &client::co_launch_run);
    }

    /// Any endpoint: returns the whole response JSON (null for an empty body).
    template <class Token = boost::asio::use_awaitable_t<>>
    auto request(raw_request request, Token&& token = {}) {
        return start<boost::json::value>(std::forward<Token>(token), std::move(request),
                                         &client::do_request, &client::co_request);
    }

    /// Lists a run's tasks (`GET /runs/{run}/tasks`), lazily, page by page (see pager.hpp).
    /// An invalid run id fails at the first next() with invalid_argument.
    pager<task> list_run_tasks(std::string run_id, run_tasks_filter filter = {});
    /// Lists the organisation's tasks (`GET /tasks`).
    pager<task> list_org_tasks(org_tasks_filter filter = {});
    /// Lists runs (`GET /runs`).
    pager<run> list_runs(runs_filter filter = {});
    /// Lists checklists (templates) one can launch (`GET /checklists`).
    pager<checklist> list_checklists(paging_options paging = {}, call_options options = {});

    /// The connection pool's counters.
    pool_stats stats() const;
    const client_options& options() const noexcept;
    boost::asio::any_io_executor get_executor() const noexcept;

private:
    template <class Token>
    static constexpr bool awaits_inline =
        std::is_same_v<std::decay_t<Token>, boost::asio::use_awaitable_t<>>;

    // The default token awaited: the operation runs inside the awaiting coroutine (`co_*`).
    // Any other token: async_initiate over the type-erased `do_*`.
    template <class T, class Token, class Request>
    auto start(Token&& token, Request request,
               void (client::*spawned)(Request, operation_handler<T>),
               boost::asio::awaitable<T> (client::*awaited)(Request)) {
        if constexpr (awaits_inline<Token>)
            return (this->*awaited)(std::move(request));
        else
            return boost::asio::async_initiate<Token, void(std::exception_ptr, T)>(
                [this, spawned](auto handler, Request r) {
                    (this->*spawned)(std::move(r), operation_handler<T>(std::move(handler)));
                },
                token, std::move(request));
    }

    void do_complete_task(complete_task_request, operation_handler<task>);
    void do_reopen_task(reopen_task_request, operation_handler<task>);
    void do_create_task(create_task_request, operation_handler<task>);
    void do_get_task(get_task_request, operation_handler<task>);
    void do_get_run(get_run_request, operation_handler<run>);
    void do_launch_run(launch_run_request, operation_handler<run>);
    void do_request(raw_request, operation_handler<boost::json::value>);

    // The same operations for `co_await op(request)`: run inside the awaiting coroutine when it
    // is on the client's executor (no second coroutine, handler or hop through the scheduler),
    // spawned there otherwise. Errors, cancellation and results are those of the token form.
    boost::asio::awaitable<task> co_complete_task(complete_task_request);
    boost::asio::awaitable<task> co_reopen_task(reopen_task_request);
    boost::asio::awaitable<task> co_create_task(create_task_request);
    boost::asio::awaitable<task> co_get_task(get_task_request);
    boost::asio::awaitable<run> co_get_run(get_run_request);
    boost::asio::awaitable<run> co_launch_run(launch_run_request);
    boost::asio::awaitable<boost::json::value> co_request(raw_request);

    struct impl;
    std::shared_ptr<impl> impl_;
};

} // namespace tallyfy
