// SPDX-License-Identifier: BSL-1.0
// Exit codes of the tool (the official Tallyfy CLI's convention).
#pragma once

#include <tallyfy/error.hpp>

#include <optional>
#include <string_view>
#include <vector>

namespace tallyfy_cli {

enum exit_code : int {
    exit_ok = 0,
    exit_failure = 1,      ///< anything not listed below
    exit_usage = 2,        ///< bad invocation, or an argument refused before any I/O
    exit_unauthorized = 3, ///< 401 / 403, or no credential configured
    exit_not_found = 5,    ///< 404
    exit_rate_limited = 6, ///< 429 after retries
    exit_validation = 7,   ///< 400 / 422
    exit_partial = 9,      ///< a batch where some lines succeeded and some failed
    /// `task wait` / `run wait` ran out of time. The official CLI exits 1 (any error) there; a
    /// CI gate must tell "not yet" from "broken", so we use coreutils timeout(1)'s code.
    exit_timeout = 124,
    exit_interrupted = 130, ///< Ctrl-C during a batch or a wait (128 + SIGINT, as shells report)
};

struct exit_code_doc {
    int code;
    std::string_view meaning;
};

/// Every exit code with its meaning, in ascending order: the root help lists them (the README's
/// table is checked against that list by a test).
const std::vector<exit_code_doc>& exit_code_docs();

/// The exit code of a failed operation (nullopt: not a tallyfy::error).
exit_code exit_code_for(std::optional<tallyfy::error> error) noexcept;

} // namespace tallyfy_cli
