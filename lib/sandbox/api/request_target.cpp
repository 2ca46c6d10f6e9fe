// SPDX-License-Identifier: BSL-1.0
#include "request_target.hpp"

#include <boost/url/parse.hpp>
#include <boost/url/url_view.hpp>

namespace tallyfy::sandbox::detail {

std::optional<std::string_view> request_target::param(std::string_view key) const {
    for (auto it = params.rbegin(); it != params.rend(); ++it)
        if (it->first == key)
            return std::string_view(it->second);
    return std::nullopt;
}

bool request_target::flag(std::string_view key) const {
    auto v = param(key);
    return v && (*v == "true" || *v == "1");
}

std::optional<request_target> parse_target(std::string_view target) {
    auto parsed = boost::urls::parse_origin_form(target);
    if (!parsed)
        return std::nullopt;
    const boost::urls::url_view& u = *parsed;
    request_target t;
    t.raw_path = std::string(u.encoded_path());
    for (auto seg : u.segments())
        t.segments.push_back(seg);
    for (auto p : u.params())
        t.params.emplace_back(p.key, p.has_value ? p.value : std::string());
    for (auto p : u.encoded_params())
        t.raw_params.emplace_back(std::string(p.key),
                                  p.has_value ? std::string(p.value) : std::string());
    return t;
}

std::vector<std::string> split_csv(std::string_view s) {
    std::vector<std::string> out;
    std::size_t pos = 0;
    while (pos <= s.size()) {
        std::size_t comma = s.find(',', pos);
        if (comma == std::string_view::npos)
            comma = s.size();
        std::string_view item = s.substr(pos, comma - pos);
        while (!item.empty() && item.front() == ' ')
            item.remove_prefix(1);
        while (!item.empty() && item.back() == ' ')
            item.remove_suffix(1);
        if (!item.empty())
            out.emplace_back(item);
        pos = comma + 1;
    }
    return out;
}

} // namespace tallyfy::sandbox::detail
