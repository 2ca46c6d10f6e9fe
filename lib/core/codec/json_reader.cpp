// SPDX-License-Identifier: BSL-1.0
#include "core/codec/json_reader.hpp"

#include <boost/json/serialize.hpp>

#include <charconv>
#include <cstdio>

namespace tallyfy::codec {

namespace json = boost::json;

std::string json_path::str() const {
    std::string out = parent_ ? parent_->str() : std::string();
    if (is_index_) {
        out += '[';
        out += std::to_string(index_);
        out += ']';
    } else if (!key_.empty()) {
        if (!out.empty())
            out += '.';
        out += key_;
    }
    return out;
}

void json_reader::fail(std::string_view key, std::string_view expected) const {
    throw decode_error(path_of(key) + ": expected " + std::string(expected));
}

const json::value* json_reader::find(std::string_view key) const {
    auto it = object_.find(key);
    if (it == object_.end() || it->value().is_null())
        return nullptr;
    return &it->value();
}

std::string json_reader::required_string(std::string_view key) const {
    auto v = find(key);
    if (!v || !v->is_string())
        fail(key, "a string");
    return std::string(v->get_string());
}

std::string json_reader::required_id(std::string_view key) const {
    auto id = optional_id(key);
    if (!id || id->empty())
        fail(key, "an id");
    return *id;
}

std::optional<std::string> json_reader::optional_id(const json::value* v,
                                                    std::string_view key) const {
    if (!v)
        return std::nullopt;
    if (v->is_string())
        return std::string(v->get_string());
    if (v->is_int64())
        return std::to_string(v->get_int64());
    if (v->is_uint64())
        return std::to_string(v->get_uint64());
    fail(key, "an id (string or integer)");
}

std::string json_reader::string_or_empty(const json::value* v, std::string_view key) const {
    if (v && v->is_string())
        return std::string(v->get_string());
    return optional_string(v, key).value_or(std::string());
}

std::optional<std::string> json_reader::optional_string(const json::value* v,
                                                        std::string_view key) const {
    if (!v)
        return std::nullopt;
    if (!v->is_string())
        fail(key, "a string");
    return std::string(v->get_string());
}

std::optional<std::int64_t> json_reader::optional_int(const json::value* v,
                                                      std::string_view key) const {
    if (!v)
        return std::nullopt;
    if (v->is_int64())
        return v->get_int64();
    if (v->is_uint64() && v->get_uint64() <= static_cast<std::uint64_t>(INT64_MAX))
        return static_cast<std::int64_t>(v->get_uint64());
    if (v->is_double()) {
        // Range-check before the cast: converting an out-of-range double (1e300) is undefined.
        const double d = v->get_double();
        if (d >= -9223372036854775808.0 && d < 9223372036854775808.0) {
            auto i = static_cast<std::int64_t>(d);
            if (static_cast<double>(i) == d)
                return i;
        }
    }
    if (v->is_string()) { // some endpoints quote numbers
        auto s = v->get_string();
        std::int64_t out = 0;
        auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
        if (ec == std::errc() && end == s.data() + s.size())
            return out;
    }
    fail(key, "an integer");
}

std::optional<double> json_reader::optional_number(std::string_view key) const {
    auto v = find(key);
    if (!v)
        return std::nullopt;
    if (v->is_double())
        return v->get_double();
    if (v->is_int64())
        return static_cast<double>(v->get_int64());
    if (v->is_uint64())
        return static_cast<double>(v->get_uint64());
    fail(key, "a number");
}

std::optional<bool> json_reader::optional_bool(const json::value* v, std::string_view key) const {
    if (!v)
        return std::nullopt;
    if (v->is_bool())
        return v->get_bool();
    if (v->is_int64() && (v->get_int64() == 0 || v->get_int64() == 1))
        return v->get_int64() == 1;
    fail(key, "a boolean");
}

std::optional<timestamp> json_reader::optional_time(const json::value* v,
                                                    std::string_view key) const {
    if (!v)
        return std::nullopt;
    if (!v->is_string())
        fail(key, "a timestamp string");
    if (v->get_string().empty())
        return std::nullopt;
    auto t = parse_timestamp(v->get_string());
    if (!t)
        fail(key, "a timestamp (ISO-8601 or YYYY-MM-DD HH:MM:SS)");
    return t;
}

const json::object* json_reader::optional_object(const json::value* v, std::string_view key) const {
    if (!v)
        return nullptr;
    if (!v->is_object())
        fail(key, "an object");
    return &v->get_object();
}

const json::array* json_reader::optional_array(std::string_view key) const {
    auto v = find(key);
    if (!v)
        return nullptr;
    if (!v->is_array())
        fail(key, "an array");
    return &v->get_array();
}

const json::value* json_reader::fractal(const json::value* v) {
    if (!v)
        return nullptr;
    if (v->is_object()) {
        auto& o = v->get_object();
        if (o.size() == 1) {
            if (auto inner = o.if_contains("data"))
                return inner->is_null() ? nullptr : inner;
        }
    }
    return v;
}

namespace {

bool digits(std::string_view s, std::size_t at, std::size_t n, int& out) {
    if (at + n > s.size())
        return false;
    int value = 0;
    for (std::size_t i = at; i < at + n; ++i) {
        if (s[i] < '0' || s[i] > '9')
            return false;
        value = value * 10 + (s[i] - '0');
    }
    out = value;
    return true;
}

} // namespace

std::optional<timestamp> parse_timestamp(std::string_view s) noexcept {
    using namespace std::chrono;
    int y, mo, d, h = 0, mi = 0, se = 0, ms = 0;
    if (!digits(s, 0, 4, y) || s.size() < 10 || s[4] != '-' || !digits(s, 5, 2, mo) ||
        s[7] != '-' || !digits(s, 8, 2, d))
        return std::nullopt;
    std::size_t at = 10;
    if (at < s.size()) {
        if (s[at] != 'T' && s[at] != ' ')
            return std::nullopt;
        if (!digits(s, at + 1, 2, h) || s.size() < at + 9 || s[at + 3] != ':' ||
            !digits(s, at + 4, 2, mi) || s[at + 6] != ':' || !digits(s, at + 7, 2, se))
            return std::nullopt;
        at += 9;
        if (at < s.size() && s[at] == '.') {
            std::size_t start = ++at;
            int scale = 100;
            while (at < s.size() && s[at] >= '0' && s[at] <= '9') {
                if (scale > 0)
                    ms += (s[at] - '0') * scale;
                scale /= 10;
                ++at;
            }
            if (at == start)
                return std::nullopt;
        }
        std::string_view zone = s.substr(at);
        if (!(zone.empty() || zone == "Z" || zone == "+00:00" || zone == "+0000"))
            return std::nullopt;
    }
    year_month_day ymd{year{y}, month{static_cast<unsigned>(mo)}, day{static_cast<unsigned>(d)}};
    if (!ymd.ok() || h > 23 || mi > 59 || se > 60)
        return std::nullopt;
    return sys_days(ymd) + hours(h) + minutes(mi) + seconds(se) + milliseconds(ms);
}

std::string format_timestamp(timestamp t) {
    using namespace std::chrono;
    auto day_point = floor<days>(t);
    year_month_day ymd(day_point);
    hh_mm_ss<milliseconds> tod(t - day_point);
    char out[80];
    std::snprintf(out, sizeof out, "%04d-%02u-%02uT%02ld:%02ld:%02ld.%03ldZ", int(ymd.year()),
                  unsigned(ymd.month()), unsigned(ymd.day()),
                  static_cast<long>(tod.hours().count()), static_cast<long>(tod.minutes().count()),
                  static_cast<long>(tod.seconds().count()),
                  static_cast<long>(tod.subseconds().count()));
    return out;
}

} // namespace tallyfy::codec
