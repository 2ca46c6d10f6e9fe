// SPDX-License-Identifier: BSL-1.0
#include "field_options.hpp"

#include <tallyfy/api_error.hpp>
#include <tallyfy/form_values.hpp>

#include <stdexcept>

namespace tallyfy_cli {

field_pairs field_pairs_of(const parsed_args& args, std::string_view option,
                           std::string_view alias) {
    field_pairs pairs;
    auto add = [&pairs](std::string_view name, const std::vector<std::string>& items) {
        for (const auto& item : items) {
            const auto eq = item.find('=');
            if (eq == std::string::npos || eq == 0)
                throw usage_error("--" + std::string(name) + " takes LABEL_OR_ID=VALUE, got '" +
                                  tallyfy::printable(item, 200) + "'");
            pairs.emplace_back(item.substr(0, eq), item.substr(eq + 1));
        }
    };
    add(option, args.all(option));
    if (!alias.empty())
        add(alias, args.all(alias));
    return pairs;
}

field_values field_values_for(const field_pairs& pairs,
                              const std::vector<tallyfy::form_field>& fields,
                              std::string_view option) {
    field_values values;
    for (const auto& [key, text] : pairs) {
        try {
            const auto& field = tallyfy::find_field(fields, key);
            if (values.count(field.id) != 0)
                throw std::invalid_argument("two values for the form field '" +
                                            tallyfy::printable(field.label, 120) + "'");
            values[field.id] = tallyfy::field_value_from_text(field, text);
        } catch (const std::invalid_argument& e) {
            throw usage_error("--" + std::string(option) + ": " + e.what());
        }
    }
    return values;
}

} // namespace tallyfy_cli
