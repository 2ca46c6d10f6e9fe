// SPDX-License-Identifier: BSL-1.0
// Reading one HTTP/1.1 response off a stream, straight into an `http_response`. A template over
// the stream so that the transport's TLS and TCP streams and the fuzz target's scripted stream run
// the very same parsing code.
#pragma once

#include <tallyfy/error.hpp>
#include <tallyfy/http.hpp>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/bind_executor.hpp>
#include <boost/asio/error.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/error.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/read_size.hpp>
#include <boost/beast/http/basic_parser.hpp>
#include <boost/beast/http/error.hpp>

#include <algorithm>
#include <cstdint>
#include <memory>
#include <string_view>

namespace tallyfy::detail {

/// A Beast parser whose callbacks fill `out` directly: no intermediate header container, and the
/// body is appended to `out.body` as it arrives. Limits: `max_header_bytes` for the status line
/// and headers, `max_body_bytes` for the body (Content-Length or chunked).
class response_reader final : public boost::beast::http::basic_parser<false> {
public:
    response_reader(http_response& out, std::size_t max_header_bytes, std::size_t max_body_bytes)
        : out_(out)
        , max_header_bytes_(max_header_bytes)
        , max_body_bytes_(max_body_bytes) {
        header_limit(
            static_cast<std::uint32_t>(std::min<std::size_t>(max_header_bytes, UINT32_MAX)));
        body_limit(max_body_bytes);
    }

    std::size_t max_header_bytes() const noexcept { return max_header_bytes_; }
    std::size_t max_body_bytes() const noexcept { return max_body_bytes_; }
    http_response& response() const noexcept { return out_; }

    /// The stream's own error behind a failed read (before it was mapped to a tallyfy error).
    boost::system::error_code stream_error;

    /// The value of the first `Keep-Alive` header, empty when there is none.
    std::string_view keep_alive_header() const noexcept {
        return keep_alive_index_ ? std::string_view(out_.headers[keep_alive_index_ - 1].value)
                                 : std::string_view{};
    }

private:
    using string_view = boost::beast::string_view;
    using error_code = boost::beast::error_code;

    // Reserving what Content-Length announces avoids regrowing the body; capped so that a hostile
    // length cannot make us allocate before the bytes arrive.
    static constexpr std::uint64_t max_reserve = 1 << 20;
    // Past this much body the string stops doubling: it takes address space for the rest at once
    // (the announced length, else the limit). A doubling copy near the limit held the old and the
    // new buffer at once (a 64 MiB chunked body peaked at 139 MB); reserved pages become resident
    // only as bytes arrive, so memory still follows the bytes received. Above
    // `max_address_reserve` (a limit set very high) the string grows as usual.
    static constexpr std::size_t reserve_rest_at = 1 << 20;
    static constexpr std::size_t max_address_reserve = std::size_t(1) << 30;
    // Headers reserved at the first one (a reverse proxy or CDN sends 10 to 20).
    static constexpr std::size_t usual_header_count = 16;

    void append(string_view bytes) {
        std::string& body = out_.body;
        const std::size_t need = body.size() + bytes.size();
        if (need > body.capacity() && need > reserve_rest_at) {
            const std::size_t rest = announced_ ? announced_ : max_body_bytes_;
            if (rest <= max_address_reserve)
                body.reserve(std::max(need, rest));
        }
        body.append(bytes.data(), bytes.size());
    }

    void on_request_impl(boost::beast::http::verb, string_view, string_view, int,
                         error_code&) override {}
    void on_response_impl(int code, string_view, int, error_code& ec) override {
        // Beast takes any three digits; a status below 100 is no HTTP status (and 0 means "no
        // response" to the transport).
        if (code < 100) {
            ec = boost::beast::http::error::bad_status;
            return;
        }
        out_.status = static_cast<unsigned>(code);
    }
    void on_field_impl(boost::beast::http::field name, string_view name_string, string_view value,
                       error_code&) override {
        if (is_header_done())
            return;                       // a chunked trailer: not a header of the response
        if (out_.headers.capacity() == 0) // one allocation for a usual response's headers
            out_.headers.reserve(usual_header_count);
        out_.headers.push_back({std::string(name_string), std::string(value)});
        if (name == boost::beast::http::field::keep_alive && keep_alive_index_ == 0)
            keep_alive_index_ = out_.headers.size();
    }
    void on_header_impl(error_code&) override {}
    void on_body_init_impl(const boost::optional<std::uint64_t>& length, error_code&) override {
        if (length) {
            announced_ = static_cast<std::size_t>(std::min<std::uint64_t>(*length, SIZE_MAX));
            out_.body.reserve(static_cast<std::size_t>(std::min(*length, max_reserve)));
        }
    }
    std::size_t on_body_impl(string_view body, error_code&) override {
        append(body);
        return body.size();
    }
    void on_chunk_header_impl(std::uint64_t, string_view, error_code&) override {}
    std::size_t on_chunk_body_impl(std::uint64_t, string_view body, error_code&) override {
        append(body);
        return body.size();
    }
    void on_finish_impl(error_code&) override {}

    http_response& out_;
    std::size_t max_header_bytes_;
    std::size_t max_body_bytes_;
    std::size_t keep_alive_index_ = 0; // index + 1 into out_.headers; 0: none
    std::size_t announced_ = 0;        // Content-Length, 0: none (chunked, close-delimited)
};

/// True for an interim response (100 Continue, 103 Early Hints, ...): the final response follows
/// on the same connection. 101 Switching Protocols is final.
inline bool is_interim_status(unsigned status) noexcept {
    return status >= 100 && status < 200 && status != 101;
}

/// Makes `reader` ready for the next response on the same stream, its response cleared (all but
/// `info`). Beast's parser cannot be reset, so the reader is made anew in place; the caller's
/// references to it stay valid, as it is a complete object of the same type.
inline void restart(response_reader& reader) {
    http_response& out = reader.response();
    const std::size_t max_header = reader.max_header_bytes();
    const std::size_t max_body = reader.max_body_bytes();
    out.status = 0;
    out.headers.clear();
    out.body.clear();
    std::destroy_at(&reader);
    std::construct_at(&reader, out, max_header, max_body);
}

/// The transport error a failed read means. `timeout_as` is what a deadline expiry reports.
inline boost::system::error_code map_read_error(const boost::system::error_code& ec,
                                                error timeout_as) {
    namespace http = boost::beast::http;
    if (ec == boost::beast::error::timeout)
        return timeout_as;
    if (ec == http::error::header_limit)
        return error::header_too_large;
    if (ec == http::error::body_limit)
        return error::body_too_large;
    // Any other parse error is a malformed response; a stream that ends early is a reset.
    if (ec.category() == make_error_code(http::error::end_of_stream).category() &&
        ec != http::error::end_of_stream && ec != http::error::partial_message)
        return error::bad_response;
    return error::connection_reset;
}

inline constexpr unsigned max_interim_responses = 8;

/// Fewer bytes than this after a `need_more` in a chunked body are not handed to the parser
/// again: Boost.Beast before 1.86 asserts that a last chunk it is waiting to finish has at least
/// 5 bytes (`0\r\n` then `\r`, `\n` in separate reads aborted a Debug build; beast PR 2861).
/// Waiting costs nothing: after `need_more` the bytes held cannot finish the message anyway.
inline constexpr std::size_t min_chunked_resume = 5;

/// Reads until `reader` has a complete final response: interim responses (1xx but 101) are read
/// and dropped, at most `max_interim_responses` of them. Before each read from the stream,
/// `arm_deadline()` runs (the transport sets its stall/attempt deadline there) and returns the
/// error that a timeout of that read reports. `started` becomes true once any byte of the response
/// has arrived. Errors are returned, never thrown: the tallyfy transport errors, or
/// `error::cancelled`. The loop reads and parses itself (no Beast composed read): one parse of
/// what a read brought, the header apart from the body so that its size is counted.
template <class Stream, class ArmDeadline>
boost::asio::awaitable<boost::system::error_code>
read_response(Stream& stream, boost::beast::flat_buffer& buffer, response_reader& reader,
              ArmDeadline arm_deadline, bool& started) {
    namespace net = boost::asio;
    namespace http = boost::beast::http;
    auto cs = co_await net::this_coro::cancellation_state;
    auto cancelled = [&cs] { return cs.cancelled() != net::cancellation_type::none; };
    auto failed = [&reader](const boost::system::error_code& ec, error timeout_as) {
        reader.stream_error = ec;
        auto mapped = map_read_error(ec, timeout_as);
        if (mapped == error::connection_reset || mapped == error::bad_response)
            reader.response().info.cause = ec.message(); // kept when the response is cleared
        return mapped;
    };
    // Beast's header_limit bounds only the part of a header it has not consumed yet (the status
    // line and complete fields can be consumed before the header ends): count all of it here.
    std::size_t header_bytes = 0;
    unsigned interim_responses = 0;
    error timeout_as = error::stall_timeout;
    for (;;) {
        bool need_read = buffer.size() == 0;
        while (!reader.is_done()) {
            if (cancelled())
                co_return error::cancelled;
            if (!need_read) {
                started = true;
                const bool in_header = !reader.is_header_done();
                boost::beast::error_code ec;
                const std::size_t used = reader.put(buffer.data(), ec);
                buffer.consume(used);
                if (ec && ec != http::error::need_more)
                    co_return failed(ec, timeout_as);
                need_read = ec == http::error::need_more || buffer.size() == 0;
                if (in_header) {
                    // put() stops at the header's end (not eager yet), so `used` is header only.
                    header_bytes += used;
                    // An unfinished header needs at least one byte more than the buffer holds.
                    const bool too_large =
                        reader.is_header_done()
                            ? header_bytes > reader.max_header_bytes()
                            : header_bytes + buffer.size() >= reader.max_header_bytes();
                    if (too_large)
                        co_return error::header_too_large;
                    if (reader.is_header_done())
                        reader.eager(true); // the body in as few parses as it arrives in
                }
                continue;
            }
            timeout_as = arm_deadline();
            const std::size_t size = boost::beast::read_size(buffer, 65536);
            if (size == 0) // the buffer is at its max_size (the transport's has none)
                co_return error::bad_response;
            // Completes on the stream's executor (the transport's per-connection strand).
            auto [ec, n] = co_await stream.async_read_some(
                buffer.prepare(size),
                net::bind_executor(stream.get_executor(), net::as_tuple(net::use_awaitable)));
            buffer.commit(n);
            if (n > 0)
                started = true;
            if (ec == net::error::eof) {
                if (cancelled())
                    co_return error::cancelled;
                if (!reader.got_some())
                    co_return failed(http::error::end_of_stream, timeout_as);
                boost::beast::error_code eof_ec;
                reader.put_eof(eof_ec); // completes a body that ends with the connection
                if (eof_ec)
                    co_return failed(eof_ec, timeout_as);
                break;
            }
            if (ec) {
                if (cancelled())
                    co_return error::cancelled;
                co_return failed(ec, timeout_as);
            }
            need_read =
                reader.is_header_done() && reader.chunked() && buffer.size() < min_chunked_resume;
        }
        if (!is_interim_status(reader.response().status))
            co_return boost::system::error_code{};
        // A server that only ever sends interim responses never answers.
        if (++interim_responses > max_interim_responses)
            co_return error::bad_response;
        restart(reader);
        header_bytes = 0;
    }
}

} // namespace tallyfy::detail
