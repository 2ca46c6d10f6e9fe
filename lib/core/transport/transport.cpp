// SPDX-License-Identifier: BSL-1.0
#include <tallyfy/transport.hpp>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/use_awaitable.hpp>

namespace tallyfy {

boost::asio::awaitable<send_result> transport::co_send(const http_request& request) {
    http_request copy = request; // `send` takes ownership
    co_return co_await async_send(std::move(copy),
                                  boost::asio::as_tuple(boost::asio::use_awaitable));
}

} // namespace tallyfy
