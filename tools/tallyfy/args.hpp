// SPDX-License-Identifier: BSL-1.0
// Command-line parsing: options (`--name value`, `--name=value`, flags, repeatable) and
// positionals, checked against a declared set of options. No I/O, no globals.
#pragma once

#include <cstddef>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace tallyfy_cli {

/// A mistake in how the tool was invoked: exit code 2, with the command's usage.
struct usage_error : std::runtime_error {
    using std::runtime_error::runtime_error;
};

struct option_spec {
    std::string_view name; ///< without the leading "--"
    bool takes_value = false;
    bool repeatable = false;
};

class parsed_args {
public:
    std::vector<std::string> positionals;

    bool has(std::string_view name) const { return values_.count(std::string(name)) != 0; }
    /// The value of a single-valued option.
    std::optional<std::string> get(std::string_view name) const;
    /// Every value of a repeatable option, in order.
    std::vector<std::string> all(std::string_view name) const;
    void add(std::string_view name, std::string value);

private:
    std::map<std::string, std::vector<std::string>, std::less<>> values_;
};

/// Parses `tokens` against `specs`. `--` ends options. Throws usage_error for an unknown option,
/// a missing value, a value given to a flag, or a single-valued option given twice.
parsed_args parse_args(const std::vector<std::string>& tokens,
                       const std::vector<option_spec>& specs);

/// Splits argv into the command words (the leading positionals, skipping global options and
/// their values) and the rest. `globals` tells which global options take a value.
struct split_command {
    std::vector<std::string> words; ///< up to `max_words` command words
    std::vector<std::string> rest;  ///< every other token, in order
};
split_command split_command_words(const std::vector<std::string>& tokens,
                                  const std::vector<option_spec>& globals, std::size_t max_words);

} // namespace tallyfy_cli
