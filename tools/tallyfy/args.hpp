// SPDX-License-Identifier: BSL-1.0
// What a command declares (its options) and what it receives (the parsed options and
// positionals). The parsing itself is CLI11's (cli_app.cpp). No I/O, no globals.
#pragma once

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
    /// The only values accepted, when the option is an enumeration (the help and the shell
    /// completion list them; anything else is a usage error). Empty: any text.
    std::vector<std::string> values = {};
    /// What it does (the help's description): required (a test checks every command's).
    std::string_view help = {};
    /// The value's name in the help ("URL"); empty: "VALUE".
    std::string_view value_name = {};
};

/// The options and positionals of one invocation, as the command framework (CLI11, see
/// cli_app.hpp) parsed and checked them.
class parsed_args {
public:
    std::vector<std::string> positionals;

    bool has(std::string_view name) const { return values_.count(std::string(name)) != 0; }
    /// The value of a single-valued option.
    std::optional<std::string> get(std::string_view name) const;
    /// Every value of a repeatable option, in order.
    std::vector<std::string> all(std::string_view name) const;
    void add(std::string_view name, std::string value);
    /// Forgets every value of `name`.
    void erase(std::string_view name);

private:
    std::map<std::string, std::vector<std::string>, std::less<>> values_;
};

} // namespace tallyfy_cli
