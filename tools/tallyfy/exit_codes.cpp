// SPDX-License-Identifier: BSL-1.0
#include "exit_codes.hpp"

namespace tallyfy_cli {

exit_code exit_code_for(std::optional<tallyfy::error> error) noexcept {
    if (!error)
        return exit_failure;
    switch (*error) {
    case tallyfy::error::unauthorized:
    case tallyfy::error::forbidden:
        return exit_unauthorized;
    case tallyfy::error::not_found:
        return exit_not_found;
    case tallyfy::error::rate_limited:
        return exit_rate_limited;
    case tallyfy::error::validation_failed:
        return exit_validation;
    case tallyfy::error::invalid_argument:
        return exit_usage;
    default:
        return exit_failure;
    }
}

namespace {

// No default: a new exit code without a meaning does not compile (-Wswitch, -Werror).
std::string_view exit_code_meaning(exit_code code) {
    switch (code) {
    case exit_ok:
        return "success";
    case exit_failure:
        return "anything else (transport, server error, a mix of failures)";
    case exit_usage:
        return "usage: bad flags or arguments, refused before any I/O";
    case exit_unauthorized:
        return "unauthorized or forbidden, or no token configured";
    case exit_not_found:
        return "not found";
    case exit_rate_limited:
        return "rate limited after retries";
    case exit_validation:
        return "validation (400/422)";
    case exit_partial:
        return "a batch where some lines succeeded and some failed";
    case exit_timeout:
        return "task wait / run wait timed out (ours: the official CLI exits 1; coreutils "
               "timeout's code)";
    case exit_interrupted:
        return "interrupted (Ctrl-C) during a batch or a wait";
    }
    return {};
}

} // namespace

const std::vector<exit_code_doc>& exit_code_docs() {
    static const std::vector<exit_code_doc> docs = [] {
        std::vector<exit_code_doc> out;
        for (exit_code code :
             {exit_ok, exit_failure, exit_usage, exit_unauthorized, exit_not_found,
              exit_rate_limited, exit_validation, exit_partial, exit_timeout, exit_interrupted})
            out.push_back({code, exit_code_meaning(code)});
        return out;
    }();
    return docs;
}

} // namespace tallyfy_cli
