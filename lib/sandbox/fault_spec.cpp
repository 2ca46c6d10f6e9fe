// SPDX-License-Identifier: BSL-1.0
#include <tallyfy/sandbox/faults.hpp>

#include <charconv>
#include <stdexcept>

namespace tallyfy::sandbox {
namespace {

std::vector<std::string_view> split(std::string_view text, char separator) {
    std::vector<std::string_view> parts;
    while (true) {
        auto at = text.find(separator);
        parts.push_back(text.substr(0, at));
        if (at == std::string_view::npos)
            return parts;
        text.remove_prefix(at + 1);
    }
}

template <class Number>
Number parse_number(std::string_view key, std::string_view value) {
    Number out{};
    auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), out);
    if (ec != std::errc() || end != value.data() + value.size())
        throw std::invalid_argument("fault spec: bad number for '" + std::string(key) + "': '" +
                                    std::string(value) + "'");
    return out;
}

} // namespace

fault_rule parse_fault_rule(std::string_view spec) {
    auto parts = split(spec, ',');
    fault prototype;
    std::vector<fault_kind> kinds;
    for (auto name : split(parts.front(), '|')) {
        auto kind = parse_fault_kind(name);
        if (!kind)
            throw std::invalid_argument("fault spec: unknown fault kind '" + std::string(name) +
                                        "'");
        kinds.push_back(*kind);
    }
    fault_rule rule;
    for (std::size_t i = 1; i < parts.size(); ++i) {
        auto eq = parts[i].find('=');
        if (eq == std::string_view::npos)
            throw std::invalid_argument("fault spec: expected key=value, got '" +
                                        std::string(parts[i]) + "'");
        auto key = parts[i].substr(0, eq);
        auto value = parts[i].substr(eq + 1);
        if (key == "method")
            rule.method = value;
        else if (key == "path")
            rule.path = value;
        else if (key == "skip")
            rule.skip = parse_number<std::uint64_t>(key, value);
        else if (key == "count")
            rule.count = parse_number<std::uint64_t>(key, value);
        else if (key == "probability") {
            rule.probability = parse_number<double>(key, value);
            if (rule.probability < 0.0 || rule.probability > 1.0)
                throw std::invalid_argument("fault spec: probability must be within [0, 1]");
        } else if (key == "status")
            prototype.status = parse_number<unsigned>(key, value);
        else if (key == "delay_ms")
            prototype.delay = std::chrono::milliseconds(parse_number<long>(key, value));
        else if (key == "bytes")
            prototype.bytes = parse_number<std::size_t>(key, value);
        else if (key == "retry_after")
            prototype.retry_after = std::chrono::seconds(parse_number<long>(key, value));
        else if (key == "http_date")
            prototype.retry_after_as_http_date = value == "1" || value == "true";
        else
            throw std::invalid_argument("fault spec: unknown key '" + std::string(key) + "'");
    }
    for (auto kind : kinds) {
        fault f = prototype;
        f.kind = kind;
        rule.choices.push_back(f);
    }
    return rule;
}

} // namespace tallyfy::sandbox
