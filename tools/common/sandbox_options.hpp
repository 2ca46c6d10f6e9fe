// SPDX-License-Identifier: BSL-1.0
// The command-line options of the programs that serve a sandbox (tallyfy-sandbox, `tallyfy
// sandbox`, the bench responder), each declared once: its name, value, help line and what it sets.
// Each program takes the table's options it names, plus any of its own.
#pragma once

#include <tallyfy/sandbox/faults.hpp>
#include <tallyfy/sandbox/server.hpp>

#include <charconv>
#include <functional>
#include <initializer_list>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace tallyfy::tools {

/// One option of a front end's command line.
struct front_option {
    std::string_view name;       ///< without the leading "--"
    std::string_view value_name; ///< "N", "FILE"; empty: a flag, which takes no value
    std::string_view help;       ///< what it does; continuation lines start with spaces
    bool repeatable = false;
};

/// What the sandbox options set: the server's options, where the CA goes, the faults to add.
struct sandbox_settings {
    tallyfy::sandbox::server_options server;
    std::string ca_out; ///< empty: default_ca_file()
    std::vector<tallyfy::sandbox::fault_rule> faults;
};

/// Every sandbox option, in the order of tallyfy-sandbox's usage.
const std::vector<front_option>& sandbox_options();
/// The sandbox options named, in the order given. Throws std::out_of_range for a name that is
/// not one of them (a programming error).
std::vector<front_option> sandbox_options(std::initializer_list<std::string_view> names);

/// Sets what sandbox option `name` says (`value` is ignored for a flag). Throws
/// std::invalid_argument with a message naming the option when the value is not one it takes,
/// std::out_of_range when `name` is not a sandbox option.
void apply_sandbox_option(sandbox_settings& settings, std::string_view name,
                          std::string_view value);

/// A number option's value: all digits, within Number's range; otherwise throws
/// std::invalid_argument naming `option`.
template <class Number>
Number option_number(std::string_view option, std::string_view text) {
    Number value{};
    const auto* end = text.data() + text.size();
    auto [stop, ec] = std::from_chars(text.data(), end, value);
    if (text.empty() || ec != std::errc() || stop != end)
        throw std::invalid_argument("bad number for --" + std::string(option) + ": " +
                                    std::string(text));
    return value;
}

/// Walks argv[1..]: each "--name" among `options` (with the next argument as its value when it
/// takes one) is passed to `on_option`. Throws std::invalid_argument for an unknown option or a
/// missing value; whatever `on_option` throws passes through. "--help" and "-h" are not
/// options here: they make it return true at once (nothing after them is read).
bool parse_command_line(
    int argc, const char* const* argv, const std::vector<front_option>& options,
    const std::function<void(const front_option&, std::string_view value)>& on_option);

/// The usage lines of `options`: "  --port N              listen on ..." (help lines aligned).
std::string usage_lines(const std::vector<front_option>& options);

} // namespace tallyfy::tools
