// SPDX-License-Identifier: BSL-1.0
// Type checking of form-field values (`prerun` on launch, `taskdata` on task update), per the
// value shapes the API documents for each field type.
#pragma once

#include "org_data.hpp"

#include <boost/json/value.hpp>

#include <optional>
#include <string>

namespace tallyfy::sandbox::detail {

/// nullopt when `v` is acceptable for `field` (the value may be normalised in place, e.g. dates
/// to the emitted timestamp form); otherwise the validation message.
std::optional<std::string> check_field_value(const form_field& field, boost::json::value& v);

/// True when a required field holding `v` counts as filled.
bool field_value_filled(const boost::json::value* v);

} // namespace tallyfy::sandbox::detail
