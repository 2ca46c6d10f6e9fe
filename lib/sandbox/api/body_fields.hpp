// SPDX-License-Identifier: BSL-1.0
// Typed reading of JSON request bodies with Laravel-like validation messages collected per
// field, so one 422 can name every offending field.
#pragma once

#include "emulator_state.hpp"
#include "responses.hpp"

#include <boost/json/object.hpp>

#include <algorithm>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace tallyfy::sandbox::detail {

/// Parses a request body: empty -> empty object; malformed -> 400; non-object -> 400.
std::optional<pending_response> parse_body(std::string_view body, boost::json::object& out);

/// Emails name the same person whatever their letters' case.
bool same_email(std::string_view a, std::string_view b);
/// `x` is one of `v`.
template <class T>
bool contains(const std::vector<T>& v, const T& x) {
    return std::find(v.begin(), v.end(), x) != v.end();
}

/// `needle` is in `hay`, ignoring ASCII case (an empty needle is everywhere): the `q` filters.
bool icontains(std::string_view hay, std::string_view needle);

/// "override_user" -> "override user" (Laravel's attribute naming in messages).
std::string attribute_name(std::string_view key);

class field_reader {
public:
    field_reader(const boost::json::object& body, const org_data& org)
        : body_(body)
        , org_(org) {}

    error_map errors;
    void fail(const std::string& field, std::string message) {
        errors[field].push_back(std::move(message));
    }

    bool has(std::string_view key) const;
    std::optional<std::string> string(std::string_view key, bool required, std::size_t max_len = 0);
    std::optional<bool> boolean(std::string_view key);
    /// Integer user id (JSON int or digit string) that must be an org member.
    std::optional<std::int64_t> member(std::string_view key, bool required);
    std::optional<std::vector<std::string>> strings(std::string_view key);
    std::optional<std::vector<std::int64_t>> members(std::string_view key);
    std::optional<unix_seconds> timestamp(std::string_view key, bool required);
    /// `{users, guests, groups}`; a missing bucket is empty (the API detaches it).
    std::optional<owners_record> owners(const boost::json::value& v, const std::string& field);
    std::optional<unix_seconds> timestamp_value(const boost::json::value& v,
                                                const std::string& field);

private:
    const boost::json::value* get(std::string_view key) const;
    const boost::json::object& body_;
    const org_data& org_;
};

/// JSON int or digit string -> int64.
std::optional<std::int64_t> user_id_value(const boost::json::value& v);

} // namespace tallyfy::sandbox::detail
