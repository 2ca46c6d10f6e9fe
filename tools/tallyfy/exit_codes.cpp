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

} // namespace tallyfy_cli
