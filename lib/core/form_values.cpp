// SPDX-License-Identifier: BSL-1.0
// Text to typed form field values (form_values.hpp). Option texts come from the server: they
// reach messages only through printable().
#include "core/codec/request_codecs.hpp"

#include <tallyfy/api_error.hpp>
#include <tallyfy/form_values.hpp>

#include <boost/json/parse.hpp>

#include <algorithm>
#include <cctype>
#include <optional>
#include <stdexcept>
#include <string>

namespace tallyfy {

namespace json = boost::json;

namespace {

std::string_view trimmed(std::string_view s) {
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front())))
        s.remove_prefix(1);
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back())))
        s.remove_suffix(1);
    return s;
}

bool same_ignoring_case(std::string_view a, std::string_view b) {
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
               return std::tolower(static_cast<unsigned char>(x)) ==
                      std::tolower(static_cast<unsigned char>(y));
           });
}

std::string quoted(std::string_view s) {
    return "'" + printable(s, 120) + "'";
}

std::string field_name(const form_field& f) {
    return "form field " + quoted(f.label.empty() ? f.id : f.label);
}

/// The option `text` names: exact text first, then ignoring case (the first of several).
const field_option& option_for(const form_field& f, std::string_view text) {
    text = trimmed(text);
    for (const auto& o : f.options)
        if (o.text == text)
            return o;
    for (const auto& o : f.options)
        if (same_ignoring_case(o.text, text))
            return o;
    std::string choices;
    for (const auto& o : f.options) {
        if (choices.size() > 400) {
            choices += ", ...";
            break;
        }
        choices += (choices.empty() ? "" : ", ") + quoted(o.text);
    }
    throw std::invalid_argument(
        field_name(f) + ": " + quoted(text) + " is not one of its options" +
        (choices.empty() ? " (it has none)" : "; choose one of " + choices));
}

/// A JSON array given as text, or nothing when `text` does not start like one.
std::optional<json::array> json_array(const form_field& f, std::string_view text) {
    text = trimmed(text);
    if (text.empty() || text.front() != '[')
        return std::nullopt;
    boost::system::error_code ec;
    json::value v = json::parse(text, ec);
    if (ec || !v.is_array())
        throw std::invalid_argument(field_name(f) + ": not a JSON array (" + ec.message() + ")");
    return std::move(v.get_array());
}

std::vector<std::string> comma_separated(std::string_view text) {
    std::vector<std::string> parts;
    while (!text.empty()) {
        const auto comma = text.find(',');
        auto part = trimmed(text.substr(0, comma));
        if (!part.empty())
            parts.emplace_back(part);
        if (comma == std::string_view::npos)
            break;
        text.remove_prefix(comma + 1);
    }
    return parts;
}

field_value multiselect(const form_field& f, std::string_view text) {
    std::vector<std::string> names;
    if (auto a = json_array(f, text)) {
        for (const auto& v : *a) {
            if (!v.is_string())
                throw std::invalid_argument(field_name(f) + ": a JSON array of option texts");
            names.emplace_back(v.get_string());
        }
    } else {
        names = comma_separated(text);
    }
    std::vector<checklist_choice> chosen;
    for (const auto& name : names) {
        const auto& o = option_for(f, name);
        chosen.push_back({o.id, o.text, true});
    }
    return chosen;
}

field_value files(const form_field& f, std::string_view text) {
    if (auto a = json_array(f, text))
        return std::move(*a);
    json::array assets;
    for (const auto& url : comma_separated(text)) {
        if (url.find("://") == std::string::npos)
            throw std::invalid_argument(field_name(f) + ": " + quoted(url) + " is not a URL");
        auto path = std::string_view(url).substr(0, url.find_first_of("?#"));
        auto name = path.substr(path.find_last_of('/') + 1);
        assets.push_back(json::object{{"filename", name}, {"source", "url"}, {"url", url}});
    }
    return assets;
}

} // namespace

const form_field& find_field(const std::vector<form_field>& fields, std::string_view key) {
    key = trimmed(key);
    // Rank of a match: 0 id, 1 alias, 2 label, 3 alias ignoring case, 4 label ignoring case.
    auto rank = [key](const form_field& f) {
        const std::string_view alias = f.alias ? std::string_view(*f.alias) : std::string_view{};
        if (f.id == key)
            return 0;
        if (!alias.empty() && alias == key)
            return 1;
        if (f.label == key)
            return 2;
        if (!alias.empty() && same_ignoring_case(alias, key))
            return 3;
        if (same_ignoring_case(f.label, key))
            return 4;
        return 5;
    };
    const form_field* best = nullptr;
    int best_rank = 5;
    bool tie = false;
    for (const auto& f : fields) {
        const int r = rank(f);
        if (r < best_rank) {
            best = &f, best_rank = r, tie = false;
        } else if (r == best_rank && r < 5) {
            tie = true;
        }
    }
    if (best != nullptr && !tie)
        return *best;
    if (tie)
        throw std::invalid_argument("form field " + quoted(key) +
                                    " is ambiguous: several fields match it; use the field id");
    std::string known;
    for (const auto& f : fields) {
        if (known.size() > 600) {
            known += ", ...";
            break;
        }
        known += (known.empty() ? "" : ", ") + quoted(f.label) + " (" +
                 printable(f.field_type, 40) + ", id " + printable(f.id, 80) + ")";
    }
    throw std::invalid_argument("no form field " + quoted(key) +
                                (known.empty() ? "; there are none" : "; the fields are " + known));
}

field_value field_value_from_text(const form_field& field, std::string_view text) {
    const std::string& kind = field.field_type;
    if (kind == "dropdown") {
        const auto& o = option_for(field, text);
        return dropdown_choice{o.id, o.text};
    }
    if (kind == "radio")
        return field.options.empty() ? std::string(text) : option_for(field, text).text;
    if (kind == "multiselect")
        return multiselect(field, text);
    if (kind == "table") {
        if (auto a = json_array(field, text))
            return std::move(*a);
        throw std::invalid_argument(field_name(field) + ": a table takes a JSON array of cells");
    }
    if (kind == "file")
        return files(field, text);
    return std::string(text);
}

json::value field_value_to_json(const field_value& value) {
    return codec::field_value_json(value);
}

field_value files_value(const std::vector<asset>& files) {
    boost::json::array out;
    out.reserve(files.size());
    for (const auto& f : files) {
        if (!f.raw->empty()) // a copy on the heap: not kept in the response's arena
            out.push_back(boost::json::object(*f.raw, boost::json::storage_ptr()));
        else // built by hand: what the API needs to find it
            out.push_back(boost::json::object{{"id", f.id}, {"filename", f.filename}});
    }
    return out;
}

} // namespace tallyfy
