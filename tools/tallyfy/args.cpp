// SPDX-License-Identifier: BSL-1.0
#include "args.hpp"

#include <algorithm>

namespace tallyfy_cli {

std::optional<std::string> parsed_args::get(std::string_view name) const {
    auto it = values_.find(name);
    if (it == values_.end() || it->second.empty())
        return std::nullopt;
    return it->second.back();
}

std::vector<std::string> parsed_args::all(std::string_view name) const {
    auto it = values_.find(name);
    return it == values_.end() ? std::vector<std::string>{} : it->second;
}

void parsed_args::add(std::string_view name, std::string value) {
    values_[std::string(name)].push_back(std::move(value));
}

namespace {

const option_spec* find_spec(const std::vector<option_spec>& specs, std::string_view name) {
    auto it = std::find_if(specs.begin(), specs.end(),
                           [&](const option_spec& s) { return s.name == name; });
    return it == specs.end() ? nullptr : &*it;
}

bool is_option(std::string_view token) {
    return token.size() > 2 && token.substr(0, 2) == "--";
}

} // namespace

parsed_args parse_args(const std::vector<std::string>& tokens,
                       const std::vector<option_spec>& specs) {
    parsed_args out;
    bool options_done = false;
    for (std::size_t i = 0; i < tokens.size(); ++i) {
        const std::string& token = tokens[i];
        if (options_done || !(is_option(token) || token == "-h")) {
            if (token == "--" && !options_done) {
                options_done = true;
                continue;
            }
            out.positionals.push_back(token);
            continue;
        }
        if (token == "-h") {
            out.add("help", "");
            continue;
        }
        std::string_view body = std::string_view(token).substr(2);
        std::optional<std::string> inline_value;
        if (auto eq = body.find('='); eq != std::string_view::npos) {
            inline_value = std::string(body.substr(eq + 1));
            body = body.substr(0, eq);
        }
        const option_spec* spec = find_spec(specs, body);
        if (!spec)
            throw usage_error("unknown option --" + std::string(body));
        if (!spec->takes_value) {
            if (inline_value)
                throw usage_error("option --" + std::string(body) + " takes no value");
            out.add(body, "");
            continue;
        }
        std::string value;
        if (inline_value)
            value = *inline_value;
        else if (i + 1 < tokens.size())
            value = tokens[++i];
        else
            throw usage_error("option --" + std::string(body) + " needs a value");
        if (!spec->repeatable && out.has(body))
            throw usage_error("option --" + std::string(body) + " given more than once");
        out.add(body, std::move(value));
    }
    return out;
}

split_command split_command_words(const std::vector<std::string>& tokens,
                                  const std::vector<option_spec>& globals, std::size_t max_words) {
    split_command out;
    for (std::size_t i = 0; i < tokens.size(); ++i) {
        const std::string& token = tokens[i];
        if (out.words.size() >= max_words || token == "--") {
            out.rest.insert(out.rest.end(), tokens.begin() + static_cast<std::ptrdiff_t>(i),
                            tokens.end());
            break;
        }
        if (is_option(token) || token == "-h") {
            out.rest.push_back(token);
            const option_spec* spec =
                is_option(token) ? find_spec(globals, std::string_view(token).substr(2)) : nullptr;
            if (spec && spec->takes_value && token.find('=') == std::string::npos &&
                i + 1 < tokens.size())
                out.rest.push_back(tokens[++i]);
            continue;
        }
        out.words.push_back(token);
    }
    return out;
}

} // namespace tallyfy_cli
