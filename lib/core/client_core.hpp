// SPDX-License-Identifier: BSL-1.0
// What every call of one client shares: its executor, options, transport, retry state and the
// fixed headers. Held by shared_ptr: the public client, each in-flight call and each pager keep
// it alive, so a client may be moved or destroyed while its calls run.
#pragma once

#include "core/retry/retry_loop.hpp"

#include <tallyfy/client_options.hpp>

#include <boost/asio/any_io_executor.hpp>

#include <memory>
#include <string>

namespace tallyfy::detail {

struct client_core {
    /// Throws std::system_error(invalid_argument) for an unparsable base URL or a token or
    /// client header with CR/LF/NUL.
    client_core(boost::asio::any_io_executor executor, client_options options,
                std::shared_ptr<tallyfy::transport> transport);
    /// A view of `base` on another organisation: the same executor, transport, retry budget and
    /// pacer (the API limits a user, whatever the organisation), only `options.org_id` differs.
    client_core(const client_core& base, std::string org_id);

    boost::asio::any_io_executor executor;
    client_options options;
    std::shared_ptr<tallyfy::transport> transport;
    std::shared_ptr<runner_state> shared_runner; ///< shared by the views of one client
    runner_state& runner;
    std::string base_path; ///< path of the base URL ("/api"), prefix of every target
    /// "Bearer ...", built once; empty with a token provider (the retry loop sets each one).
    std::string authorization;
};

/// Redacts the client's tokens (the fixed one, or those its provider gave recently) from
/// `details`. Done once, where an error becomes public.
void redact_secrets(error_details& details, const client_core& core);

} // namespace tallyfy::detail
