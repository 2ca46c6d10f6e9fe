// SPDX-License-Identifier: BSL-1.0
// Whether connections need a strand of their own: see `executor_threading` in transport.hpp.
#pragma once

#include <tallyfy/transport.hpp>

#include <boost/asio/any_io_executor.hpp>

namespace tallyfy::detail {

/// True unless `threading` says, or the executor shows, that one thread runs it.
bool needs_connection_strand(const boost::asio::any_io_executor& ex, executor_threading threading);

} // namespace tallyfy::detail
