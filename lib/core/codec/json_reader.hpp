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

/// Reads fields of one JSON object. Absent and null optional fields are empty; present fields
/// of the wrong type throw decode_error("data.tasks[3].deadline: expected a string").
class json_reader {
public:
    json_reader(const boost::json::object& object, std::string path)
        : object_(object)
        , path_(std::move(path)) {}

    const boost::json::object& object() const noexcept { return object_; }
    const std::string& path() const noexcept { return path_; }
    std::string path_of(std::string_view key) const;

    std::string required_string(std::string_view key) const;
    /// IDs: strings, or integers rendered as text (some fields are numeric on older endpoints).
    std::string required_id(std::string_view key) const;
    std::optional<std::string> optional_id(std::string_view key) const;
    std::string string_or_empty(std::string_view key) const;
    std::optional<std::string> optional_string(std::string_view key) const;
    std::optional<std::int64_t> optional_int(std::string_view key) const;
    std::int64_t int_or(std::string_view key, std::int64_t fallback) const;
    std::optional<double> optional_number(std::string_view key) const;
    std::optional<bool> optional_bool(std::string_view key) const;
    bool bool_or(std::string_view key, bool fallback) const;
    std::optional<timestamp> optional_time(std::string_view key) const;
    /// A nested object; nullopt when absent/null.
    const boost::json::object* optional_object(std::string_view key) const;
    const boost::json::array* optional_array(std::string_view key) const;
    /// A Fractal include `{"data": X}` (or a bare X) -> X; nullptr when absent/null.
    const boost::json::value* fractal(std::string_view key) const;

    [[noreturn]] void fail(std::string_view key, std::string_view expected) const;

private:
    const boost::json::value* find(std::string_view key) const;
    const boost::json::object& object_;
    std::string path_;
};

/// Parses the API's time forms: `YYYY-MM-DDTHH:MM:SS[.fff]Z`, with `+00:00`, or
/// `YYYY-MM-DD HH:MM:SS`, or a bare date `YYYY-MM-DD`. nullopt when unparsable.
std::optional<timestamp> parse_timestamp(std::string_view text) noexcept;

/// `YYYY-MM-DDTHH:MM:SS.fffZ`.
std::string format_timestamp(timestamp t);

} // namespace tallyfy::codec
