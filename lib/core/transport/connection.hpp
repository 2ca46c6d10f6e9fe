// SPDX-License-Identifier: BSL-1.0
// One pooled connection: a TLS stream over a Beast tcp_stream (plain TCP for loopback http) and
// its read buffer, reused across requests.
#pragma once

#include "core/transport/tls_failure.hpp"

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/bind_executor.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/asio/ssl/stream.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>

#include <chrono>
#include <cstdint>
#include <limits>
#include <string>

namespace tallyfy::detail {

using steady = std::chrono::steady_clock;

struct connection {
    // With `own_strand`, the stream runs on a strand of its own (type-erased: Beast's basic_stream
    // needs the legacy executor interface that strand<any_io_executor> lacks), and every operation
    // on it completes there (see `on_strand`): Beast's timeout handler then never races the
    // operation's own completion when the io_context runs on several threads. On one thread the
    // strand is pure cost, so the transport passes false there.
    connection(const boost::asio::any_io_executor& ex, boost::asio::ssl::context& ctx, bool use_tls,
               bool own_strand)
        : stream(own_strand ? boost::asio::any_io_executor(boost::asio::make_strand(ex)) : ex, ctx)
        , tls(use_tls) {}

    boost::asio::ssl::stream<boost::beast::tcp_stream> stream;
    boost::beast::flat_buffer buffer; // kept across requests: no reallocation on the hot path
    std::string wire;                 // the request being written, kept for the same reason
    bool tls;
    bool session_saved = false;
    /// Responses read on it (a warm-up connection is pooled before its first exchange).
    std::uint64_t exchanges = 0;
    verify_failure verify_note; ///< why the server's certificate failed, when it did
    steady::time_point created = steady::now();
    steady::time_point last_used = created;
    /// From the server's `Keep-Alive: timeout=N` (minus a margin).
    steady::time_point server_idle_deadline = steady::time_point::max();
    /// From the server's `Keep-Alive: max=M`.
    std::uint64_t remaining_requests = std::numeric_limits<std::uint64_t>::max();

    boost::beast::tcp_stream& tcp() noexcept { return stream.next_layer(); }

    /// The completion token for operations on this connection: a tuple, delivered on its strand.
    auto on_strand() {
        return boost::asio::bind_executor(stream.get_executor(),
                                          boost::asio::as_tuple(boost::asio::use_awaitable));
    }

    /// Closes the socket without a TLS close_notify (no I/O, callable with no operation pending).
    void close() noexcept {
        boost::system::error_code ec;
        tcp().socket().shutdown(boost::asio::ip::tcp::socket::shutdown_both, ec);
        tcp().close();
    }
};

} // namespace tallyfy::detail
