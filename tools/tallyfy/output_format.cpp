// SPDX-License-Identifier: BSL-1.0
#include "output_format.hpp"

#include "args.hpp"
#include "output.hpp"

#include <boost/json/serialize.hpp>

#include <algorithm>
#include <charconv>

namespace json = boost::json;

namespace tallyfy_cli {

const std::vector<std::string>& output_format_names() {
    static const std::vector<std::string> names{"json", "ndjson", "table", "csv"};
    return names;
}

std::optional<output_format> parse_output_format(std::string_view name) {
    if (name == "json")
        return output_format::json;
    if (name == "ndjson")
        return output_format::ndjson;
    if (name == "table")
        return output_format::table;
    if (name == "csv")
        return output_format::csv;
    return std::nullopt;
}

std::vector<std::string> parse_field_list(std::string_view text) {
    std::vector<std::string> fields;
    std::size_t start = 0;
    for (;;) {
        const std::size_t comma = text.find(',', start);
        std::string_view name = text.substr(
            start, comma == std::string_view::npos ? std::string_view::npos : comma - start);
        while (!name.empty() && name.front() == ' ')
            name.remove_prefix(1);
        while (!name.empty() && name.back() == ' ')
            name.remove_suffix(1);
        if (name.empty())
            throw usage_error("--fields: an empty field name (give names separated by commas, "
                              "e.g. id,title,run.name)");
        fields.emplace_back(name);
        if (comma == std::string_view::npos)
            return fields;
        start = comma + 1;
    }
}

const json::value* field_at(const json::value& value, std::string_view path) {
    const json::value* at = &value;
    while (at != nullptr) {
        if (at->is_object()) {
            if (const json::value* whole = at->get_object().if_contains(path))
                return whole;
        }
        const std::size_t dot = path.find('.');
        const std::string_view step = path.substr(0, dot);
        if (at->is_object()) {
            at = at->get_object().if_contains(step);
        } else if (at->is_array()) {
            std::size_t index = 0;
            auto [end, ec] = std::from_chars(step.data(), step.data() + step.size(), index);
            const auto& items = at->get_array();
            at = ec == std::errc() && end == step.data() + step.size() && index < items.size()
                     ? &items[index]
                     : nullptr;
        } else {
            return nullptr;
        }
        if (dot == std::string_view::npos)
            return at;
        path.remove_prefix(dot + 1);
    }
    return nullptr;
}

const json::value* field_at(const json::object& object, std::string_view path) {
    if (const json::value* whole = object.if_contains(path))
        return whole;
    const std::size_t dot = path.find('.');
    if (dot == std::string_view::npos)
        return nullptr;
    const json::value* first = object.if_contains(path.substr(0, dot));
    return first != nullptr ? field_at(*first, path.substr(dot + 1)) : nullptr;
}

std::string cell_text(const json::value* value) {
    if (value == nullptr || value->is_null())
        return {};
    if (value->is_string())
        return std::string(value->get_string());
    return strict_json(json::serialize(*value));
}

json::object project(const json::value& value, const std::vector<std::string>& fields) {
    json::object out;
    json::value wrapped;
    const json::value* from = &value;
    if (!value.is_object()) {
        wrapped = json::object{{"value", value}};
        from = &wrapped;
    }
    for (const auto& f : fields) {
        const json::value* found = field_at(*from, f);
        out[f] = found != nullptr ? *found : json::value(nullptr);
    }
    return out;
}

std::vector<std::string> default_columns(const std::vector<const json::object*>& items) {
    static const std::vector<std::vector<std::string_view>> preferred{
        {"id"},    {"line"},   {"title", "name", "full_name"},
        {"email"}, {"run_id"}, {"task_id"},
        {"ok"},    {"status"}, {"deadline"},
        {"error"}};
    const auto present = [&](std::string_view key) {
        return std::any_of(items.begin(), items.end(),
                           [&](const json::object* o) { return o->contains(key); });
    };
    std::vector<std::string> columns;
    for (const auto& choices : preferred)
        for (auto key : choices)
            if (present(key)) {
                columns.emplace_back(key);
                break;
            }
    if (columns.size() >= 2 || items.empty())
        return columns;
    columns.clear();
    for (const auto& [key, member] : *items.front()) {
        if (member.is_object() || member.is_array())
            continue;
        columns.emplace_back(key);
        if (columns.size() == 8)
            break;
    }
    if (columns.empty()) // only nested members: the first eight, as JSON
        for (const auto& member : *items.front()) {
            columns.emplace_back(member.key());
            if (columns.size() == 8)
                break;
        }
    return columns;
}

} // namespace tallyfy_cli
