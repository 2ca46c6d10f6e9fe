// SPDX-License-Identifier: BSL-1.0
#include "core/codec/item_scan.hpp"

#include <boost/json/basic_parser_impl.hpp>

namespace tallyfy::codec {

namespace {

namespace json = boost::json;
using boost::system::error_code;

// Counts the items of the root's `data` array; stops (by failing) at the n-th.
class item_counter {
public:
    static constexpr std::size_t max_object_size = std::size_t(-1);
    static constexpr std::size_t max_array_size = std::size_t(-1);
    static constexpr std::size_t max_key_size = std::size_t(-1);
    static constexpr std::size_t max_string_size = std::size_t(-1);

    explicit item_counter(std::size_t n)
        : wanted_(n) {}

    bool found() const noexcept { return found_; }
    bool scalar_item() const noexcept { return scalar_item_; }
    bool saw_data() const noexcept { return data_depth_ != 0 || data_done_; }

    bool on_document_begin(error_code&) { return true; }
    bool on_document_end(error_code&) { return true; }
    bool on_object_begin(error_code& ec) { return open(ec); }
    bool on_object_end(std::size_t, error_code&) { return close(); }
    bool on_array_begin(error_code& ec) {
        if (depth_ == 1 && next_is_data_) { // the `data` array itself
            next_is_data_ = false;
            data_depth_ = ++depth_;
            return true;
        }
        return open(ec);
    }
    bool on_array_end(std::size_t, error_code&) {
        if (depth_ == data_depth_) {
            data_depth_ = 0;
            data_done_ = true;
        }
        return close();
    }
    bool on_key_part(json::string_view s, std::size_t, error_code&) {
        if (depth_ == 1)
            key_.append(s.data(), s.size());
        return true;
    }
    bool on_key(json::string_view s, std::size_t, error_code&) {
        if (depth_ == 1) {
            key_.append(s.data(), s.size());
            next_is_data_ = key_ == "data" && !data_done_;
            key_.clear();
        }
        return true;
    }
    bool on_string_part(json::string_view, std::size_t, error_code&) { return true; }
    bool on_string(json::string_view, std::size_t, error_code& ec) { return scalar(ec); }
    bool on_number_part(json::string_view, error_code&) { return true; }
    bool on_int64(std::int64_t, json::string_view, error_code& ec) { return scalar(ec); }
    bool on_uint64(std::uint64_t, json::string_view, error_code& ec) { return scalar(ec); }
    bool on_double(double, json::string_view, error_code& ec) { return scalar(ec); }
    bool on_bool(bool, error_code& ec) { return scalar(ec); }
    bool on_null(error_code& ec) { return scalar(ec); }
    bool on_comment_part(json::string_view, error_code&) { return true; }
    bool on_comment(json::string_view, error_code&) { return true; }

private:
    // A value starts: an item when directly inside `data`.
    bool open(error_code& ec) {
        if (data_depth_ != 0 && depth_ == data_depth_ && count_item(ec))
            return false;
        next_is_data_ = false;
        ++depth_;
        return true;
    }
    bool close() {
        --depth_;
        return true;
    }
    bool scalar(error_code& ec) {
        next_is_data_ = false;
        if (data_depth_ != 0 && depth_ == data_depth_ && count_item(ec)) {
            scalar_item_ = true;
            return false;
        }
        return true;
    }
    // True (and the parse stops) at the wanted item.
    bool count_item(error_code& ec) {
        if (items_++ < wanted_)
            return false;
        found_ = true;
        ec = make_error_code(boost::system::errc::result_out_of_range);
        return true;
    }

    std::size_t wanted_;
    std::size_t items_ = 0;
    std::size_t depth_ = 0;
    std::size_t data_depth_ = 0;
    bool next_is_data_ = false;
    bool data_done_ = false;
    bool found_ = false;
    bool scalar_item_ = false;
    std::string key_; // only the root's keys, and only those sent in parts
};

} // namespace

std::optional<std::size_t> offset_of_item(std::string_view text, std::size_t n) {
    json::basic_parser<item_counter> parser(json::parse_options(), n);
    error_code ec;
    const std::size_t used = parser.write_some(false, text.data(), text.size(), ec);
    if (parser.handler().found()) {
        if (parser.handler().scalar_item())
            return std::nullopt;
        // The parser stops at the item's opening bracket, before consuming it.
        if (used < text.size() && (text[used] == '{' || text[used] == '['))
            return used;
        return std::nullopt;
    }
    if (ec || !parser.done() || !parser.handler().saw_data())
        return std::nullopt;
    return std::string_view::npos;
}

std::string list_prefix(std::string_view text, std::size_t offset) {
    std::string out(text.substr(0, offset));
    while (!out.empty() && (out.back() == ',' || out.back() == ' ' || out.back() == '\n' ||
                            out.back() == '\r' || out.back() == '\t'))
        out.pop_back();
    out += "]}";
    return out;
}

} // namespace tallyfy::codec
