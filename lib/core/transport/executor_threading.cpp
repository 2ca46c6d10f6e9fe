// SPDX-License-Identifier: BSL-1.0
#include "core/transport/executor_threading.hpp"

#include <boost/asio/io_context.hpp>
#include <boost/asio/strand.hpp>

namespace tallyfy::detail {

namespace {

namespace net = boost::asio;

using plain_executor = net::io_context::executor_type;
using tracked_executor =
    decltype(net::prefer(std::declval<plain_executor>(), net::execution::outstanding_work.tracked));

/// The io_context's concurrency hint. Asio has no public getter; its scheduler keeps the value.
template <class Executor>
bool runs_on_one_thread(const Executor& ex) {
    auto& ctx = net::query(ex, net::execution::context);
    return net::use_service<net::detail::io_context_impl>(ctx).concurrency_hint() == 1;
}

} // namespace

bool needs_connection_strand(const net::any_io_executor& ex, executor_threading threading) {
    switch (threading) {
    case executor_threading::single:
        return false;
    case executor_threading::multiple:
        return true;
    case executor_threading::detect:
        break;
    }
    // A strand already serialises everything submitted through it, timeout handlers included.
    if (ex.target<net::strand<net::any_io_executor>>() ||
        ex.target<net::strand<plain_executor>>() || ex.target<net::io_context::strand>())
        return false;
    if (auto* e = ex.target<plain_executor>())
        return !runs_on_one_thread(*e);
    if (auto* e = ex.target<tracked_executor>())
        return !runs_on_one_thread(*e);
    return true;
}

} // namespace tallyfy::detail
