// SPDX-License-Identifier: BSL-1.0
// Fuzz target: HTTP/1.1 responses read through `detail::read_response`, as the transport reads
// them, off a scripted stream. Input: 5 control bytes, then the raw response.
//   [0] chunk size: 0 (mod 64) -> the response in one chunk, else that many bytes per read
//   [1] terminal after the script: eof, connection_reset or timeout (mod 3)
//   [2] header limit: 512 + 512 * (mod 16), i.e. 512..8192
//   [3][4] body limit: big-endian, mod 65537, i.e. 0..65536
// Every response is read twice, chunked and whole: a response must not depend on the chunking.
#include "core/transport/response_reader.hpp"
#include "support/scripted_stream.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <exception>
#include <string>
#include <string_view>
#include <vector>

namespace {

namespace net = boost::asio;
using tallyfy::error;
using tallyfy::test::stream_end;

struct read_setup {
    std::size_t chunk_size = 0; // 0: one chunk
    stream_end end = stream_end::eof;
    std::size_t header_limit = 0;
    std::size_t body_limit = 0;
};

struct read_outcome {
    boost::system::error_code ec;
    tallyfy::http_response response;
    std::string keep_alive;
    bool started = false;
};

void check(bool invariant) {
    if (!invariant)
        __builtin_trap();
}

std::vector<std::string> chunks_of(std::string_view raw, std::size_t chunk_size) {
    std::vector<std::string> chunks;
    if (chunk_size == 0)
        chunk_size = std::max<std::size_t>(raw.size(), 1);
    for (std::size_t at = 0; at < raw.size(); at += chunk_size)
        chunks.emplace_back(raw.substr(at, chunk_size));
    return chunks;
}

bool clean_header_text(std::string_view text) {
    return text.find_first_of(std::string_view("\r\n\0", 3)) == std::string_view::npos;
}

read_outcome read_scripted(std::string_view raw, const read_setup& setup) {
    net::io_context io;
    const auto chunks = chunks_of(raw, setup.chunk_size);
    tallyfy::test::scripted_stream stream(io.get_executor(), chunks, setup.end);
    boost::beast::flat_buffer buffer;
    read_outcome out;
    tallyfy::detail::response_reader reader(out.response, setup.header_limit, setup.body_limit);
    auto arm_deadline = [] { return error::stall_timeout; };
    bool finished = false;
    net::co_spawn(io,
                  tallyfy::detail::read_response(stream, buffer, reader, arm_deadline, out.started),
                  [&](std::exception_ptr e, boost::system::error_code ec) {
                      check(!e); // errors are returned, never thrown
                      out.ec = ec;
                      finished = true;
                  });
    io.run();
    check(finished);
    check(stream.terminal_reads() <= 1); // an error ends the read
    check(out.started == (stream.bytes_delivered() > 0));
    out.keep_alive = std::string(reader.keep_alive_header());

    if (!out.ec) {
        check(reader.is_done());
        const auto& r = out.response;
        check(r.status >= 100 && r.status <= 999);
        check(!tallyfy::detail::is_interim_status(r.status)); // interim responses are skipped
        check(raw.find("\r\n\r\n") + 4 <= setup.header_limit);
        check(r.body.size() <= setup.body_limit);
        for (const auto& h : r.headers)
            check(!h.name.empty() && clean_header_text(h.name) && clean_header_text(h.value));
        check(out.keep_alive == r.header("Keep-Alive").value_or(std::string_view{}));
        if (auto length = reader.content_length(); length && !reader.chunked())
            check(r.body.size() == *length || r.status / 100 == 1 || r.status == 204 ||
                  r.status == 304);
    } else {
        check(out.ec == error::header_too_large || out.ec == error::body_too_large ||
              out.ec == error::bad_response || out.ec == error::connection_reset ||
              out.ec == error::stall_timeout);
    }
    return out;
}

bool same_headers(const tallyfy::http_response& a, const tallyfy::http_response& b) {
    return std::equal(
        a.headers.begin(), a.headers.end(), b.headers.begin(), b.headers.end(),
        [](const auto& x, const auto& y) { return x.name == y.name && x.value == y.value; });
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    constexpr std::size_t control_bytes = 5;
    if (size < control_bytes)
        return 0;
    read_setup setup;
    setup.chunk_size = data[0] % 64;
    setup.end = static_cast<stream_end>(data[1] % 3);
    setup.header_limit = 512 + 512 * (data[2] % 16);
    setup.body_limit = ((std::size_t{data[3]} << 8) | data[4]) % 65537;
    std::string_view raw(reinterpret_cast<const char*>(data) + control_bytes, size - control_bytes);

    auto chunked = read_scripted(raw, setup);
    read_setup whole = setup;
    whole.chunk_size = 0;
    auto reference = read_scripted(raw, whole);
    check(!chunked.ec == !reference.ec);
    check(chunked.started == reference.started);
    // Beast checks a header that arrives whole at once, but a partial one only when it ends: a
    // malformed header that never ends is bad_response in one mode, truncated or too large in
    // the other. Past that, the errors agree.
    const bool malformed = chunked.ec == error::bad_response || reference.ec == error::bad_response;
    check(chunked.ec == reference.ec || malformed);
    if (!chunked.ec) {
        check(chunked.response.status == reference.response.status);
        check(same_headers(chunked.response, reference.response));
        check(chunked.response.body == reference.response.body);
        check(chunked.keep_alive == reference.keep_alive);
    }
    return 0;
}
