// SPDX-License-Identifier: BSL-1.0
// Reads one operation's preparation needs from another translation unit. An operation's
// description is complete only where its coroutines are instantiated, so the read is declared
// here and defined beside the description it performs.
#pragma once

#include "core/client_core.hpp"
#include "core/outcome.hpp"

#include <tallyfy/requests.hpp>

#include <boost/asio/awaitable.hpp>

namespace tallyfy::detail {

/// `GET /checklists/{id}` as get_checklist performs it (retries, pacing, the caller's options).
boost::asio::awaitable<outcome<checklist>> read_checklist(client_core& core,
                                                          get_checklist_request request);

} // namespace tallyfy::detail
