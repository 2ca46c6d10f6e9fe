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

#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace tallyfy_cli {

/// The options every command accepts (before or after the command words). Flags win over the
/// environment, which wins over the profile (see resolve_settings).
const std::vector<option_spec>& global_option_specs();

/// Where the token, base URL and organisation came from: "--token", "TALLYFY_ACCESS_TOKEN",
/// "profile" (the credentials file), "default" (the base URL) or empty (none).
struct setting_sources {
    std::string token;
    std::string base_url;
    std::string org;
};

struct settings {
    tallyfy::client_options client;
    bool use_sandbox = false; ///< run against an embedded sandbox
    bool sandbox_forced = false;
    unsigned concurrency = 16;
    bool needs_org = true; ///< warn when no organisation is configured
    /// --dry-run: reads are sent, the first write is printed instead (dry_run_transport).
    bool dry_run = false;
    /// The profile: --profile, else TALLYFY_PROFILE, else "default".
    std::string profile = "default";
    /// The credentials file (profile_store.hpp); empty when neither XDG_CONFIG_HOME nor HOME is
    /// set.
    std::filesystem::path credentials_file;
    setting_sources sources;
    /// Why the profile gave no token (no file, no such profile, another base URL); empty when
    /// it did or was not needed.
    std::string profile_note;
};

/// The one place the settings are resolved. For the token, the base URL and the organisation:
/// the flag, else the environment (TALLYFY_ACCESS_TOKEN, else the official CLI's
/// TALLYFY_API_TOKEN; TALLYFY_BASE_URL; TALLYFY_ORG_ID), else the profile in the credentials
/// file (read only when one of them is missing), else nothing (the base URL: Tallyfy's). A
/// profile's token is sent only to the base URL it was stored with: with another --base-url or
/// TALLYFY_BASE_URL it is not used. --sandbox reads no profile. Throws usage_error for bad
/// values, config_error (profile_store.hpp) for a malformed credentials file; a file others may
/// read is used with a warning on stderr.
settings resolve_settings(const parsed_args& args,
                          const std::function<const char*(const char*)>& getenv);

/// The message for a command that needs a token and has none (exit 3): where it looked, and
/// the ways to give one (auth login, --token, the environment, --sandbox).
std::string no_credential_message(const settings& s);

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
