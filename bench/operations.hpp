// SPDX-License-Identifier: BSL-1.0
// The operations the scenarios time, the SDK's and the raw loop's side by side. Each returns how
// many items it got (1 per completion).
#pragma once

#include "harness.hpp"

#include <tallyfy/pager.hpp>

#include <openssl/ssl.h>

#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

namespace tallyfy::bench {

struct sdk_complete_op {
    tallyfy::client& api;
    const environment& e;
    bool close = false; ///< cold: ask the server to close each connection
    asio::awaitable<std::size_t> operator()(std::size_t, std::size_t, phase&) {
        tallyfy::complete_task_request r{.task_id = e.task, .run_id = e.run};
        if (close)
            r.options.headers.push_back({"X-Bench-Close", "1"});
        tallyfy::task t = co_await api.complete_task(std::move(r));
        if (t.id != e.task || !t.is_completed())
            throw std::runtime_error("sdk complete_task: unexpected task in the response");
        co_return 1;
    }
};

struct raw_complete_op {
    std::vector<std::unique_ptr<raw_connection>>& conns;
    const environment& e;
    std::string target;
    asio::awaitable<std::size_t> operator()(std::size_t w, std::size_t, phase&) {
        auto& c = *conns[w];
        if (!c.is_open())
            co_await c.connect(e.endpoints, e.raw);
        co_await c.complete(e.raw, target, e.task);
        co_return 1;
    }
};

/// Cold: a new connection per request, resuming the previous TLS session when asked.
struct raw_cold_op {
    asio::any_io_executor ex;
    asio::ssl::context& tls;
    const environment& e;
    std::string target;
    bool resumption;
    SSL_SESSION* session = nullptr;
    std::size_t reused = 0;
    ~raw_cold_op() {
        if (session)
            SSL_SESSION_free(session);
    }
    asio::awaitable<std::size_t> operator()(std::size_t, std::size_t, phase&) {
        raw_connection c(ex, tls);
        co_await c.connect(e.endpoints, e.raw, resumption ? session : nullptr);
        if (c.session_reused())
            ++reused;
        co_await c.complete(e.raw, target, e.task, true);
        if (resumption) {
            if (session)
                SSL_SESSION_free(session);
            session = c.get1_session();
        }
        co_return 1;
    }
};

inline std::size_t page_of(std::size_t index, std::size_t pages) {
    return index % pages + 1;
}

/// One typed page N of a run's tasks, fetched the way a user reads pages concurrently: a pager
/// starting at N, without prefetch, read once.
struct sdk_list_op {
    tallyfy::client& api;
    const environment& e;
    std::size_t pages;
    std::size_t bytes_per_page = 0; ///< for MB/s (the SDK does not expose the body size)
    asio::awaitable<std::size_t> operator()(std::size_t, std::size_t i, phase& ph) {
        const std::size_t page = page_of(i, pages);
        tallyfy::run_tasks_filter filter;
        filter.paging.per_page = static_cast<std::int64_t>(e.per_page);
        filter.paging.prefetch = false;
        filter.paging.start_page = static_cast<std::int64_t>(page);
        auto pager = api.list_run_tasks(e.run, std::move(filter));
        auto decoded = co_await pager.next_page();
        if (!decoded || !decoded->pagination ||
            decoded->pagination->current_page != std::int64_t(page) ||
            decoded->items.size() != e.per_page || decoded->items.front().id.empty())
            throw std::runtime_error("sdk list: unexpected page " + std::to_string(page));
        ph.bytes += bytes_per_page;
        co_return decoded->items.size();
    }
};

/// The SDK's own pagination: pager<task>::next_page() of client.list_run_tasks.
struct sdk_pager_op {
    tallyfy::pager<tallyfy::task>& pager;
    const environment& e;
    std::size_t bytes_per_page = 0;
    asio::awaitable<std::size_t> operator()(std::size_t, std::size_t, phase& ph) {
        auto page = co_await pager.next_page();
        if (!page || page->items.size() != e.per_page || page->items.front().id.empty())
            throw std::runtime_error("sdk pager: unexpected page");
        ph.bytes += bytes_per_page;
        co_return page->items.size();
    }
};

inline tallyfy::pager<tallyfy::task> run_tasks_pager(tallyfy::client& api, const environment& e,
                                                     bool prefetch) {
    tallyfy::run_tasks_filter filter;
    filter.paging.per_page = static_cast<std::int64_t>(e.per_page);
    filter.paging.prefetch = prefetch;
    return api.list_run_tasks(e.run, std::move(filter));
}

struct raw_list_op {
    std::vector<std::unique_ptr<raw_connection>>& conns;
    const environment& e;
    std::size_t pages;
    std::string target_prefix; ///< ".../tasks?per_page=100&page="
    asio::awaitable<std::size_t> operator()(std::size_t w, std::size_t i, phase& ph) {
        auto& c = *conns[w];
        if (!c.is_open())
            co_await c.connect(e.endpoints, e.raw);
        std::size_t bytes = 0;
        std::string target = target_prefix + std::to_string(page_of(i, pages));
        const std::size_t n = co_await c.get_page(e.raw, target, bytes);
        if (n != e.per_page)
            throw std::runtime_error("raw list: unexpected page size");
        ph.bytes += bytes;
        co_return n;
    }
};

inline std::string org_path(const environment& e) {
    return e.base_path + "/organizations/" + e.org;
}

inline std::vector<std::unique_ptr<raw_connection>>
raw_pool(asio::io_context& ioc, asio::ssl::context& tls, std::size_t c) {
    std::vector<std::unique_ptr<raw_connection>> conns;
    for (std::size_t i = 0; i < c; ++i)
        conns.push_back(std::make_unique<raw_connection>(ioc.get_executor(), tls));
    return conns;
}

} // namespace tallyfy::bench
