// SPDX-License-Identifier: BSL-1.0
// `--field LABEL_OR_ID=VALUE` options: each key found among a task's or a template's form fields
// as the official CLI finds kick-off fields (id, alias, label, then ignoring case), each value
// typed by its field's kind (tallyfy/form_values.hpp). A key or value that fits no field is a
// usage error (exit 2) that names it, before anything is written.
#pragma once

#include "args.hpp"

#include <tallyfy/models.hpp>
#include <tallyfy/requests.hpp>

#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace tallyfy_cli {

using field_values = std::map<std::string, tallyfy::field_value>;
using field_pairs = std::vector<std::pair<std::string, std::string>>;

/// The LABEL_OR_ID=VALUE pairs of every `--<option>` (then `--<alias>`) of `args`, checked for
/// their form before anything is fetched.
field_pairs field_pairs_of(const parsed_args& args, std::string_view option,
                           std::string_view alias = {});

/// The values of `pairs` for `fields`; `option` names the flag in errors.
field_values field_values_for(const field_pairs& pairs,
                              const std::vector<tallyfy::form_field>& fields,
                              std::string_view option);

} // namespace tallyfy_cli
