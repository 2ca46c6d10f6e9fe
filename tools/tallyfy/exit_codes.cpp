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

const std::vector<exit_code_doc>& exit_code_docs() {
    static const std::vector<exit_code_doc> docs{
        {exit_ok, "success"},
        {exit_failure, "anything else (transport, server error, a mix of failures)"},
        {exit_usage, "usage: bad flags or arguments, refused before any I/O"},
        {exit_unauthorized, "unauthorized or forbidden, or no token configured"},
        {exit_not_found, "not found"},
        {exit_rate_limited, "rate limited after retries"},
        {exit_validation, "validation (400/422)"},
        {exit_partial, "a batch where some lines succeeded and some failed"},
        {exit_timeout, "task wait / run wait timed out (ours: the official CLI exits 1; "
                       "coreutils timeout's code)"},
        {exit_interrupted, "interrupted (Ctrl-C) during a batch or a wait"},
    };
    return docs;
}

} // namespace tallyfy_cli
