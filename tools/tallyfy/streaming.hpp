// SPDX-License-Identifier: BSL-1.0
// Streams a pager as NDJSON: one item per line, written and flushed as each page arrives.
#pragma once

#include "output.hpp"

#include <tallyfy/pager.hpp>

#include <boost/asio/awaitable.hpp>

#include <cstddef>

namespace tallyfy_cli {

template <class T>
boost::asio::awaitable<std::size_t> stream_ndjson(tallyfy::pager<T>& items) {
    std::size_t count = 0;
    while (auto item = co_await items.next()) {
        print_json_line(*item->raw);
        ++count;
    }
    co_return count;
}

} // namespace tallyfy_cli
