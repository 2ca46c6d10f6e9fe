// SPDX-License-Identifier: BSL-1.0
#include "form_values.hpp"

#include "time_format.hpp"

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>

namespace tallyfy::sandbox::detail {
namespace json = boost::json;
namespace {

const field_option* option_by_id(const form_field& f, const json::value* id) {
    if (id == nullptr || !id->is_int64())
        return nullptr;
    for (const auto& o : f.options)
        if (o.id == id->get_int64())
            return &o;
    return nullptr;
}

} // namespace

std::optional<std::string> check_field_value(const form_field& field, json::value& v) {
    const std::string& label = field.label;
    if (v.is_null())
        return std::nullopt;
    const std::string& t = field.field_type;
    if (t == "text" || t == "textarea") {
        if (!v.is_string())
            return "The " + label + " field must be a string.";
        return std::nullopt;
    }
    if (t == "email") {
        if (!v.is_string())
            return "The " + label + " field must be a string.";
        const auto& s = v.get_string();
        const auto at = std::string_view(s).find('@');
        if (!s.empty() && (at == std::string_view::npos || at == 0 || at + 1 == s.size()))
            return "The " + label + " field must be a valid email address.";
        return std::nullopt;
    }
    if (t == "date") {
        if (!v.is_string())
            return "The " + label + " field must be a date string.";
        if (v.get_string().empty())
            return std::nullopt;
        auto ts = parse_timestamp(v.get_string());
        if (!ts)
            return "The " + label + " field is not a valid date.";
        v = json::string(format_timestamp(*ts));
        return std::nullopt;
    }
    if (t == "radio") {
        if (!v.is_string())
            return "The " + label + " field must be the text of one of its options.";
        if (v.get_string().empty())
            return std::nullopt;
        for (const auto& o : field.options)
            if (o.text == v.get_string())
                return std::nullopt;
        return "The selected " + label + " is invalid.";
    }
    if (t == "dropdown") {
        if (!v.is_object())
            return "The " + label + " field must be an object with \"id\" and \"text\".";
        const auto* opt = option_by_id(field, v.get_object().if_contains("id"));
        if (opt == nullptr)
            return "The selected " + label + " is invalid.";
        if (const auto* text = v.get_object().if_contains("text");
            text != nullptr && !text->is_string() && !text->is_null())
            return "The " + label + " text must be a string.";
        return std::nullopt;
    }
    if (t == "multiselect") {
        if (!v.is_array())
            return "The " + label + " field must be an array of options.";
        for (auto& item : v.get_array()) {
            if (!item.is_object())
                return "The " + label + " field must be an array of options.";
            if (option_by_id(field, item.get_object().if_contains("id")) == nullptr)
                return "The selected " + label + " is invalid.";
            if (const auto* sel = item.get_object().if_contains("selected");
                sel != nullptr && !sel->is_bool())
                return "The " + label + " selected flag must be a boolean.";
        }
        return std::nullopt;
    }
    if (t == "file") {
        if (!v.is_array())
            return "The " + label + " field must be an array of assets.";
        for (const auto& item : v.get_array()) {
            if (!item.is_object())
                return "The " + label + " field must be an array of assets.";
            const auto* id = item.get_object().if_contains("id");
            if (id == nullptr || !id->is_string())
                return "Each " + label + " asset must have a string \"id\".";
        }
        return std::nullopt;
    }
    return "The " + label + " field has an unsupported type.";
}

bool field_value_filled(const json::value* v) {
    if (v == nullptr || v->is_null())
        return false;
    if (v->is_string())
        return !v->get_string().empty();
    if (v->is_array()) {
        for (const auto& item : v->get_array()) {
            // multiselect: an entry counts when it is not explicitly unselected
            if (item.is_object()) {
                const auto* sel = item.get_object().if_contains("selected");
                if (sel == nullptr || !sel->is_bool() || sel->get_bool())
                    return true;
            } else {
                return true;
            }
        }
        return false;
    }
    if (v->is_object())
        return !v->get_object().empty();
    return true;
}

} // namespace tallyfy::sandbox::detail
