// SPDX-License-Identifier: BSL-1.0
#include "args.hpp"

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

void parsed_args::erase(std::string_view name) {
    auto it = values_.find(name);
    if (it != values_.end())
        values_.erase(it);
}

} // namespace tallyfy_cli
