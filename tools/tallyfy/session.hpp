// SPDX-License-Identifier: BSL-1.0
// Global options, their environment fallbacks, and the session a command runs in: an
// io_context, the client and, when no API is configured, an embedded sandbox.
#pragma once

#include "args.hpp"
#include "counting_transport.hpp"
#include "dry_run_transport.hpp"

#include <tallyfy/client.hpp>
#include <tallyfy/sandbox/server.hpp>

#include <boost/asio/awaitable.hpp>
#include <boost/asio/io_context.hpp>

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace tallyfy_cli {

/// The options every command accepts (before or after the command words). Flags win over the
/// environment.
const std::vector<option_spec>& global_option_specs();

struct settings {
    tallyfy::client_options client;
    bool use_sandbox = false; ///< run against an embedded sandbox
    bool sandbox_forced = false;
    unsigned concurrency = 16;
    bool needs_org = true; ///< warn when no organisation is configured
    /// --dry-run: reads are sent, the first write is printed instead (dry_run_transport).
    bool dry_run = false;
};

/// Flags first, then TALLYFY_* from `getenv`. No token and no base URL (flag or env) means the
/// embedded sandbox. Throws usage_error for bad values.
settings resolve_settings(const parsed_args& args,
                          const std::function<const char*(const char*)>& getenv);

class session {
public:
    explicit session(settings s);
    ~session();

    boost::asio::io_context& io() { return io_; }
    tallyfy::client& api() { return *api_; }
    unsigned concurrency() const { return settings_.concurrency; }
    const tallyfy::client_options& client_options() const { return settings_.client; }
    tallyfy::sandbox::server* sandbox() { return sandbox_.get(); }
    /// HTTP requests sent (all, and per tagged call).
    counting_transport& requests() { return *requests_; }

    /// Runs a command to completion and returns its exit code. An api_error is printed as one
    /// line and mapped to its exit code; a usage_error gives 2; anything else 1. With --dry-run,
    /// once the command has tried a write, that write is printed as one JSON line and the exit
    /// code is 0.
    int run(std::function<boost::asio::awaitable<int>()> command);

private:
    settings settings_;
    std::unique_ptr<tallyfy::sandbox::server> sandbox_;
    boost::asio::io_context io_{1}; // run by run() on the calling thread alone
    std::shared_ptr<counting_transport> requests_;
    std::shared_ptr<dry_run_transport> dry_run_; ///< with --dry-run only
    std::unique_ptr<tallyfy::client> api_;
};

} // namespace tallyfy_cli
