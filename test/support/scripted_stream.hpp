// SPDX-License-Identifier: BSL-1.0
// A fake socket for driving stream-templated code (e.g. `detail::read_response`) without I/O:
// reads deliver a script of byte chunks, then a terminal error forever; writes just succeed.
#pragma once

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/append.hpp>
#include <boost/asio/associated_executor.hpp>
#include <boost/asio/async_result.hpp>
#include <boost/asio/buffer.hpp>
#include <boost/asio/error.hpp>
#include <boost/asio/post.hpp>
#include <boost/beast/core/error.hpp>
#include <boost/system/error_code.hpp>

#include <cstddef>
#include <string>
#include <utility>
#include <vector>

namespace tallyfy::test {

/// How the scripted peer behaves once its chunks are exhausted.
enum class stream_end {
    eof,              ///< orderly close (asio::error::eof)
    connection_reset, ///< asio::error::connection_reset
    timeout,          ///< beast::error::timeout, as a beast::tcp_stream deadline reports it
};

/// An AsyncReadStream and AsyncWriteStream. Each `async_read_some` delivers the rest of the
/// current chunk, cut to the caller's buffer size. Every completion is posted, never run inline.
class scripted_stream {
public:
    using executor_type = boost::asio::any_io_executor;

    scripted_stream(executor_type ex, std::vector<std::string> chunks, stream_end end)
        : ex_(std::move(ex))
        , chunks_(std::move(chunks))
        , end_(end) {}

    executor_type get_executor() const noexcept { return ex_; }

    std::size_t reads() const noexcept { return reads_; }
    /// Reads that got the terminal error: a reader that stops at an error makes at most one.
    std::size_t terminal_reads() const noexcept { return terminal_reads_; }
    std::size_t bytes_delivered() const noexcept { return delivered_; }

    template <class MutableBufferSequence, class ReadToken>
    auto async_read_some(const MutableBufferSequence& buffers, ReadToken&& token) {
        ++reads_;
        boost::system::error_code ec;
        std::size_t n = 0;
        skip_empty_chunks();
        if (boost::asio::buffer_size(buffers) == 0) {
            // An empty read completes at once, as on a socket.
        } else if (chunk_ < chunks_.size()) {
            const std::string& chunk = chunks_[chunk_];
            n = boost::asio::buffer_copy(buffers, boost::asio::buffer(chunk) + offset_);
            offset_ += n;
            delivered_ += n;
        } else {
            ec = terminal_error();
            ++terminal_reads_;
        }
        return complete(std::forward<ReadToken>(token), ec, n);
    }

    template <class ConstBufferSequence, class WriteToken>
    auto async_write_some(const ConstBufferSequence& buffers, WriteToken&& token) {
        return complete(std::forward<WriteToken>(token), boost::system::error_code{},
                        boost::asio::buffer_size(buffers));
    }

private:
    void skip_empty_chunks() {
        while (chunk_ < chunks_.size() && offset_ == chunks_[chunk_].size()) {
            ++chunk_;
            offset_ = 0;
        }
    }

    boost::system::error_code terminal_error() const {
        switch (end_) {
        case stream_end::eof:
            return boost::asio::error::eof;
        case stream_end::connection_reset:
            return boost::asio::error::connection_reset;
        case stream_end::timeout:
            break;
        }
        return boost::beast::error::timeout;
    }

    template <class Token>
    auto complete(Token&& token, boost::system::error_code ec, std::size_t n) {
        auto post_result = [this](auto handler, boost::system::error_code e, std::size_t bytes) {
            auto ex = boost::asio::get_associated_executor(handler, ex_);
            boost::asio::post(ex, boost::asio::append(std::move(handler), e, bytes));
        };
        return boost::asio::async_initiate<Token, void(boost::system::error_code, std::size_t)>(
            post_result, token, ec, n);
    }

    executor_type ex_;
    std::vector<std::string> chunks_;
    stream_end end_;
    std::size_t chunk_ = 0;  // the chunk being delivered
    std::size_t offset_ = 0; // bytes of it already delivered
    std::size_t reads_ = 0;
    std::size_t terminal_reads_ = 0;
    std::size_t delivered_ = 0;
};

} // namespace tallyfy::test
