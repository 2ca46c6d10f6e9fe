// SPDX-License-Identifier: BSL-1.0
// Strict-but-lenient JSON field access that names the JSON path of anything wrong.
#pragma once

#include <tallyfy/models.hpp>

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

namespace tallyfy::codec {

/// A value of the wrong type where one was required; `what()` names the JSON path.
class decode_error : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

/// Where a value sits in a document (`data[3].owners.users[0]`). Built without allocating and
/// rendered only for an error message; a path refers to its parent and must not outlive it.
class json_path {
public:
    // Implicit: a root path is usually a literal ("data"). The text must outlive the path.
    json_path(std::string_view root) noexcept
        : key_(root) {}
    json_path(const char* root) noexcept
        : key_(root) {}
    json_path(const std::string& root) noexcept
        : key_(root) {}
    json_path(std::string&&) = delete; // would dangle once the statement ends
    json_path(const json_path& parent, std::string_view key) noexcept
        : parent_(&parent)
        , key_(key) {}
    json_path(const json_path& parent, std::size_t index) noexcept
        : parent_(&parent)
        , index_(index)
        , is_index_(true) {}

    std::string str() const;

private:
    const json_path* parent_ = nullptr;
    std::string_view key_;
    std::size_t index_ = 0;
    bool is_index_ = false;
};

/// Reads fields of one JSON object. Absent and null optional fields are empty; present fields
/// of the wrong type throw decode_error("data.tasks[3].deadline: expected a string").
/// Each getter has a form taking the value already found (nullptr when absent or null), for
/// decoders that walk an object's members once instead of looking each field up.
class json_reader {
public:
    json_reader(const boost::json::object& object, const json_path& path)
        : object_(object)
        , path_(path) {}

    const boost::json::object& object() const noexcept { return object_; }
    const json_path& path() const noexcept { return path_; }
    /// The path of member `key`, valid while this reader lives.
    json_path child(std::string_view key) const noexcept { return json_path(path_, key); }
    std::string path_of(std::string_view key) const { return child(key).str(); }
    /// The member `key`; nullptr when absent or null.
    const boost::json::value* find(std::string_view key) const;

    std::string required_string(std::string_view key) const;
    /// IDs: strings, or integers rendered as text (some fields are numeric on older endpoints).
    std::string required_id(std::string_view key) const;
    std::optional<std::string> optional_id(std::string_view key) const {
        return optional_id(find(key), key);
    }
    std::optional<std::string> optional_id(const boost::json::value* v, std::string_view key) const;
    std::string string_or_empty(std::string_view key) const {
        return string_or_empty(find(key), key);
    }
    std::string string_or_empty(const boost::json::value* v, std::string_view key) const;
    std::optional<std::string> optional_string(std::string_view key) const {
        return optional_string(find(key), key);
    }
    std::optional<std::string> optional_string(const boost::json::value* v,
                                               std::string_view key) const;
    std::optional<std::int64_t> optional_int(std::string_view key) const {
        return optional_int(find(key), key);
    }
    std::optional<std::int64_t> optional_int(const boost::json::value* v,
                                             std::string_view key) const;
    std::int64_t int_or(std::string_view key, std::int64_t fallback) const {
        return optional_int(key).value_or(fallback);
    }
    std::optional<double> optional_number(std::string_view key) const;
    std::optional<bool> optional_bool(std::string_view key) const {
        return optional_bool(find(key), key);
    }
    std::optional<bool> optional_bool(const boost::json::value* v, std::string_view key) const;
    bool bool_or(std::string_view key, bool fallback) const {
        return optional_bool(key).value_or(fallback);
    }
    std::optional<timestamp> optional_time(std::string_view key) const {
        return optional_time(find(key), key);
    }
    std::optional<timestamp> optional_time(const boost::json::value* v, std::string_view key) const;
    /// A nested object; nullptr when absent/null.
    const boost::json::object* optional_object(std::string_view key) const {
        return optional_object(find(key), key);
    }
    const boost::json::object* optional_object(const boost::json::value* v,
                                               std::string_view key) const;
    const boost::json::array* optional_array(std::string_view key) const;
    /// A Fractal include `{"data": X}` (or a bare X) -> X; nullptr when absent/null.
    const boost::json::value* fractal(std::string_view key) const { return fractal(find(key)); }
    static const boost::json::value* fractal(const boost::json::value* v);

    [[noreturn]] void fail(std::string_view key, std::string_view expected) const;

private:
    const boost::json::object& object_;
    json_path path_;
};

/// Parses the API's time forms: `YYYY-MM-DDTHH:MM:SS[.fff]Z`, with `+00:00`, or
/// `YYYY-MM-DD HH:MM:SS`, or a bare date `YYYY-MM-DD`. nullopt when unparsable.
std::optional<timestamp> parse_timestamp(std::string_view text) noexcept;

/// `YYYY-MM-DDTHH:MM:SS.fffZ`.
std::string format_timestamp(timestamp t);

} // namespace tallyfy::codec
