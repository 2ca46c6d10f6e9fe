// SPDX-License-Identifier: BSL-1.0
#include "body_fields.hpp"

#include <boost/json/parse.hpp>

#include <algorithm>
#include <cctype>
#include <charconv>

namespace tallyfy::sandbox::detail {
namespace json = boost::json;

std::optional<pending_response> parse_body(std::string_view body, json::object& out) {
    std::size_t i = 0;
    while (i < body.size() &&
           (body[i] == ' ' || body[i] == '\n' || body[i] == '\r' || body[i] == '\t'))
        ++i;
    if (i == body.size()) {
        out = {};
        return std::nullopt;
    }
    boost::system::error_code ec;
    json::value v = json::parse(body, ec);
    if (ec)
        return error_response(400, "Malformed JSON body: " + ec.message());
    if (!v.is_object())
        return error_response(400, "The request body must be a JSON object.");
    out = std::move(v.get_object());
    return std::nullopt;
}

bool same_email(std::string_view a, std::string_view b) {
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
               return std::tolower(static_cast<unsigned char>(x)) ==
                      std::tolower(static_cast<unsigned char>(y));
           });
}

bool icontains(std::string_view hay, std::string_view needle) {
    auto it = std::search(hay.begin(), hay.end(), needle.begin(), needle.end(), [](char a, char b) {
        return std::tolower(static_cast<unsigned char>(a)) ==
               std::tolower(static_cast<unsigned char>(b));
    });
    return needle.empty() || it != hay.end();
}

std::string attribute_name(std::string_view key) {
    std::string s(key);
    for (auto& c : s)
        if (c == '_')
            c = ' ';
    return s;
}

std::optional<std::int64_t> user_id_value(const json::value& v) {
    if (v.is_int64())
        return v.get_int64();
    if (v.is_uint64() && v.get_uint64() <= static_cast<std::uint64_t>(INT64_MAX))
        return static_cast<std::int64_t>(v.get_uint64());
    if (v.is_string()) {
        const auto& s = v.get_string();
        std::int64_t out = 0;
        auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
        if (ec == std::errc() && ptr == s.data() + s.size() && !s.empty())
            return out;
    }
    return std::nullopt;
}

const json::value* field_reader::get(std::string_view key) const {
    return body_.if_contains(key);
}

bool field_reader::has(std::string_view key) const {
    const auto* v = get(key);
    return v != nullptr && !v->is_null();
}

std::optional<std::string> field_reader::string(std::string_view key, bool required,
                                                std::size_t max_len) {
    const auto* v = get(key);
    const std::string k(key);
    if (v == nullptr || v->is_null() || (v->is_string() && v->get_string().empty() && required)) {
        if (required)
            fail(k, "The " + attribute_name(key) + " field is required.");
        return std::nullopt;
    }
    if (!v->is_string()) {
        fail(k, "The " + attribute_name(key) + " must be a string.");
        return std::nullopt;
    }
    // Laravel's `max` counts characters (mb_strlen), not bytes: count UTF-8 lead bytes.
    std::size_t length = 0;
    for (unsigned char ch : v->get_string())
        length += (ch & 0xC0) != 0x80;
    if (max_len != 0 && length > max_len) {
        fail(k, "The " + attribute_name(key) + " may not be greater than " +
                    std::to_string(max_len) + " characters.");
        return std::nullopt;
    }
    return std::string(v->get_string());
}

std::optional<bool> field_reader::boolean(std::string_view key) {
    const auto* v = get(key);
    if (v == nullptr || v->is_null())
        return std::nullopt;
    if (!v->is_bool()) {
        fail(std::string(key), "The " + attribute_name(key) + " field must be true or false.");
        return std::nullopt;
    }
    return v->get_bool();
}

std::optional<std::int64_t> field_reader::member(std::string_view key, bool required) {
    const auto* v = get(key);
    const std::string k(key);
    if (v == nullptr || v->is_null()) {
        if (required)
            fail(k, "The " + attribute_name(key) + " field is required.");
        return std::nullopt;
    }
    auto id = user_id_value(*v);
    if (!id) {
        fail(k, "The " + attribute_name(key) + " must be an integer.");
        return std::nullopt;
    }
    for (const auto& u : org_.users)
        if (u.id == *id)
            return id;
    fail(k, "The selected " + attribute_name(key) + " is invalid.");
    return std::nullopt;
}

std::optional<std::vector<std::string>> field_reader::strings(std::string_view key) {
    const auto* v = get(key);
    if (v == nullptr || v->is_null())
        return std::nullopt;
    const std::string k(key);
    if (!v->is_array()) {
        fail(k, "The " + attribute_name(key) + " must be an array.");
        return std::nullopt;
    }
    std::vector<std::string> out;
    for (std::size_t i = 0; i < v->get_array().size(); ++i) {
        const auto& e = v->get_array()[i];
        if (!e.is_string()) {
            fail(k + "." + std::to_string(i),
                 "The " + attribute_name(key) + " entries must be strings.");
            return std::nullopt;
        }
        out.emplace_back(e.get_string());
    }
    return out;
}

std::optional<std::vector<std::int64_t>> field_reader::members(std::string_view key) {
    const auto* v = get(key);
    if (v == nullptr || v->is_null())
        return std::nullopt;
    const std::string k(key);
    if (!v->is_array()) {
        fail(k, "The " + attribute_name(key) + " must be an array.");
        return std::nullopt;
    }
    std::vector<std::int64_t> out;
    for (std::size_t i = 0; i < v->get_array().size(); ++i) {
        auto id = user_id_value(v->get_array()[i]);
        bool known = false;
        if (id)
            for (const auto& u : org_.users)
                known = known || u.id == *id;
        if (!known) {
            fail(k + "." + std::to_string(i),
                 "The selected " + attribute_name(key) + " is invalid.");
            return std::nullopt;
        }
        out.push_back(*id);
    }
    return out;
}

std::optional<unix_seconds> field_reader::timestamp_value(const json::value& v,
                                                          const std::string& field) {
    if (!v.is_string()) {
        fail(field, "The " + attribute_name(field) + " must be a date string.");
        return std::nullopt;
    }
    auto t = parse_timestamp(v.get_string());
    if (!t)
        fail(field, "The " + attribute_name(field) + " is not a valid date.");
    return t;
}

std::optional<unix_seconds> field_reader::timestamp(std::string_view key, bool required) {
    const auto* v = get(key);
    if (v == nullptr || v->is_null()) {
        if (required)
            fail(std::string(key), "The " + attribute_name(key) + " field is required.");
        return std::nullopt;
    }
    return timestamp_value(*v, std::string(key));
}

std::optional<owners_record> field_reader::owners(const json::value& v, const std::string& field) {
    if (!v.is_object()) {
        fail(field, "The " + attribute_name(field) + " must be an object.");
        return std::nullopt;
    }
    owners_record o;
    const auto& obj = v.get_object();
    bool ok = true;
    if (const auto* users = obj.if_contains("users"); users != nullptr && !users->is_null()) {
        if (!users->is_array()) {
            fail(field + ".users", "The " + attribute_name(field) + " users must be an array.");
            ok = false;
        } else {
            for (std::size_t i = 0; i < users->get_array().size(); ++i) {
                auto id = user_id_value(users->get_array()[i]);
                bool known = false;
                if (id)
                    for (const auto& u : org_.users)
                        known = known || u.id == *id;
                if (!known) {
                    fail(field + ".users." + std::to_string(i), "The selected user is invalid.");
                    ok = false;
                } else {
                    o.users.push_back(*id);
                }
            }
        }
    }
    for (const char* bucket : {"guests", "groups"}) {
        const auto* b = obj.if_contains(bucket);
        if (b == nullptr || b->is_null())
            continue;
        auto& dest = std::string_view(bucket) == "guests" ? o.guests : o.groups;
        if (!b->is_array()) {
            fail(field + "." + bucket, std::string("The ") + bucket + " must be an array.");
            ok = false;
            continue;
        }
        for (std::size_t i = 0; i < b->get_array().size(); ++i) {
            const auto& e = b->get_array()[i];
            const bool valid = e.is_string() && (std::string_view(bucket) == "groups" ||
                                                 std::string_view(e.get_string()).find('@') !=
                                                     std::string_view::npos);
            if (!valid) {
                fail(field + "." + bucket + "." + std::to_string(i),
                     std::string_view(bucket) == "guests" ? "Each guest must be an email address."
                                                          : "Each group must be a string id.");
                ok = false;
            } else {
                dest.emplace_back(e.get_string());
            }
        }
    }
    if (!ok)
        return std::nullopt;
    return o;
}

} // namespace tallyfy::sandbox::detail
