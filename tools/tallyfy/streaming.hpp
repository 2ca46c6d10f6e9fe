// SPDX-License-Identifier: BSL-1.0
// Streams a pager as a list (list_writer, in the --output format): ndjson and csv write each item
// as its page arrives.
#pragma once

#include "output.hpp"

#include <tallyfy/pager.hpp>

#include <boost/asio/awaitable.hpp>

#include <cstddef>

namespace tallyfy_cli {

template <class T>
boost::asio::awaitable<std::size_t> stream_list(tallyfy::pager<T>& items) {
    list_writer out;
    while (auto item = co_await items.next())
        out.item(*item->raw);
    out.finish();
    co_return out.count();
}

} // namespace tallyfy_cli
