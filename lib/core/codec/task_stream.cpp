// SPDX-License-Identifier: BSL-1.0
// The parser's events go straight to task_builder: each typed member's value is built alone in a
// scratch arena (reset per task), members the model does not type are skipped, and no document
// is built. Anything the events do not expect stops the parse, and the caller falls back to the
// document path.
#include "core/codec/task_stream.hpp"

#include "core/codec/model_codecs.hpp"
#include "core/codec/raw_sources.hpp"

#include <boost/json/basic_parser_impl.hpp>
#include <boost/json/monotonic_resource.hpp>
#include <boost/json/value_stack.hpp>

#include <cstdint>

namespace tallyfy::codec {

namespace json = boost::json;
using boost::system::error_code;

namespace {

class task_events {
public:
    static constexpr std::size_t max_object_size = std::size_t(-1);
    static constexpr std::size_t max_array_size = std::size_t(-1);
    static constexpr std::size_t max_key_size = std::size_t(-1);
    static constexpr std::size_t max_string_size = std::size_t(-1);

    explicit task_events(text_layout layout, std::size_t max_items = std::size_t(-1))
        : layout_(layout)
        , max_items_(max_items)
        , scratch_(scratch_buffer_, sizeof scratch_buffer_) {}

    /// The list held more than max_items tasks: parsing stopped at the first one over.
    bool cut() const noexcept { return cut_; }

    bool complete() const noexcept { return level_ == level::end && saw_data_; }
    std::vector<task>& tasks() noexcept { return tasks_; }
    std::optional<pagination_meta>& meta() noexcept { return meta_; }

    bool on_document_begin(error_code&) { return true; }
    bool on_document_end(error_code&) { return true; }
    bool on_comment_part(json::string_view, error_code&) { return true; }
    bool on_comment(json::string_view, error_code&) { return true; }
    bool on_number_part(json::string_view, error_code&) { return true; }

    bool on_object_begin(error_code& ec) {
        if (sink_ == sink::none) {
            if (level_ == level::start) {
                level_ = level::root;
                return true;
            }
            if (level_ == level::items)
                return begin_task(ec);
            if (level_ == level::root && pending_ == next::data)
                return layout_ == text_layout::envelope ? begin_task(ec) : give_up(ec);
            if (!begin_value(ec))
                return false;
        }
        ++depth_;
        return true;
    }

    bool on_object_end(std::size_t n, error_code& ec) {
        if (sink_ == sink::none) {
            if (level_ == level::task)
                return end_task(ec);
            if (level_ != level::root)
                return give_up(ec);
            level_ = level::end;
            return true;
        }
        if (sink_ == sink::capture)
            stack_.push_object(n);
        return --depth_ == 0 ? end_value(ec) : true;
    }

    bool on_array_begin(error_code& ec) {
        if (sink_ == sink::none) {
            if (level_ == level::root && pending_ == next::data) {
                if (layout_ != text_layout::list)
                    return give_up(ec);
                level_ = level::items;
                pending_ = next::none;
                return true;
            }
            if (!begin_value(ec))
                return false;
        }
        ++depth_;
        return true;
    }

    bool on_array_end(std::size_t n, error_code& ec) {
        if (sink_ == sink::none) {
            if (level_ != level::items)
                return give_up(ec);
            level_ = level::root;
            return true;
        }
        if (sink_ == sink::capture)
            stack_.push_array(n);
        return --depth_ == 0 ? end_value(ec) : true;
    }

    bool on_key_part(json::string_view s, std::size_t, error_code&) {
        if (sink_ == sink::capture)
            stack_.push_chars(s);
        else if (sink_ == sink::none)
            key_.append(s.data(), s.size());
        return true;
    }

    bool on_key(json::string_view s, std::size_t, error_code& ec) {
        if (sink_ == sink::capture) {
            stack_.push_key(s);
            return true;
        }
        if (sink_ == sink::skip)
            return true;
        if (key_.empty())
            return member_key(std::string_view(s.data(), s.size()), ec);
        key_.append(s.data(), s.size());
        const bool ok = member_key(key_, ec);
        key_.clear();
        return ok;
    }

    bool on_string_part(json::string_view s, std::size_t, error_code& ec) {
        if (sink_ == sink::none && !begin_value(ec))
            return false;
        if (sink_ == sink::capture)
            stack_.push_chars(s);
        return true;
    }

    bool on_string(json::string_view s, std::size_t, error_code& ec) {
        if (sink_ != sink::none)
            return scalar([&] { stack_.push_string(s); }, ec);
        if (pending_ == next::skip && (level_ == level::root || level_ == level::task)) {
            pending_ = next::none; // an untyped member: not even copied
            return true;
        }
        if (pending_ == next::member) {
            try {
                if (builder_->member_text(member_, member_key_, {s.data(), s.size()})) {
                    pending_ = next::none;
                    return true;
                }
            } catch (const decode_error&) {
                return give_up(ec);
            }
        }
        return whole_value(json::value(s, json::storage_ptr(&scratch_)), ec);
    }
    bool on_int64(std::int64_t i, json::string_view, error_code& ec) {
        if (sink_ == sink::none)
            return whole_value(json::value(i), ec);
        return scalar([&] { stack_.push_int64(i); }, ec);
    }
    bool on_uint64(std::uint64_t u, json::string_view, error_code& ec) {
        if (sink_ == sink::none)
            return whole_value(json::value(u), ec);
        return scalar([&] { stack_.push_uint64(u); }, ec);
    }
    bool on_double(double d, json::string_view, error_code& ec) {
        if (sink_ == sink::none)
            return whole_value(json::value(d), ec);
        return scalar([&] { stack_.push_double(d); }, ec);
    }
    bool on_bool(bool b, error_code& ec) {
        if (sink_ == sink::none)
            return whole_value(json::value(b), ec);
        return scalar([&] { stack_.push_bool(b); }, ec);
    }
    bool on_null(error_code& ec) {
        if (sink_ == sink::none)
            return whole_value(json::value(), ec);
        return scalar([&] { stack_.push_null(); }, ec);
    }

private:
    // Where the events are in the envelope's structure.
    enum class level : std::uint8_t { start, root, items, task, end };
    // What the value after the last key is for.
    enum class next : std::uint8_t { none, data, meta, member, skip };
    // Inside a value below the structure: building it, skipping it, or neither.
    enum class sink : std::uint8_t { none, capture, skip };

    bool give_up(error_code& ec) {
        ec = make_error_code(boost::system::errc::invalid_argument);
        return false;
    }

    bool member_key(std::string_view key, error_code& ec) {
        if (level_ == level::root) {
            if (key == "data") {
                if (saw_data_)
                    return give_up(ec);
                saw_data_ = true;
                pending_ = next::data;
            } else if (key == "meta" && layout_ == text_layout::list) {
                if (saw_meta_)
                    return give_up(ec);
                saw_meta_ = true;
                pending_ = next::meta;
            } else {
                pending_ = next::skip;
            }
            return true;
        }
        if (level_ != level::task)
            return give_up(ec);
        member_ = task_builder::member_index(key);
        if (member_ < 0) {
            pending_ = next::skip;
            return true;
        }
        // A typed member twice: the document keeps the last one, which the stream cannot know.
        const std::uint32_t bit = std::uint32_t{1} << member_;
        if (members_seen_ & bit)
            return give_up(ec);
        members_seen_ |= bit;
        member_key_.assign(key);
        pending_ = next::member;
        return true;
    }

    // A value starts after a key of the root or of a task.
    bool begin_value(error_code& ec) {
        if ((level_ != level::root && level_ != level::task) ||
            (pending_ != next::meta && pending_ != next::member && pending_ != next::skip))
            return give_up(ec);
        sink_ = pending_ == next::skip ? sink::skip : sink::capture;
        if (sink_ == sink::capture)
            stack_.reset(json::storage_ptr(&scratch_));
        depth_ = 0;
        return true;
    }

    // A scalar inside a value being built or skipped (or a string that arrived in parts).
    template <class Push>
    bool scalar(Push push, error_code& ec) {
        if (sink_ == sink::capture)
            push();
        return depth_ == 0 ? end_value(ec) : true;
    }

    // A scalar that is a whole member's value: typed without the value stack.
    bool whole_value(const json::value& v, error_code& ec) {
        if (level_ != level::root && level_ != level::task)
            return give_up(ec);
        const next what = pending_;
        pending_ = next::none;
        if (what == next::skip)
            return true;
        return apply(what, v, ec);
    }

    bool end_value(error_code& ec) {
        const bool captured = sink_ == sink::capture;
        const next what = pending_;
        sink_ = sink::none;
        pending_ = next::none;
        return captured ? apply(what, stack_.release(), ec) : true;
    }

    bool apply(next what, const json::value& v, error_code& ec) {
        const json::value* found = v.is_null() ? nullptr : &v;
        try {
            if (what == next::meta)
                meta_ = decode_page_meta(found, "meta");
            else if (what == next::member)
                builder_->member(member_, member_key_, found);
            else
                return give_up(ec);
        } catch (const decode_error&) {
            return give_up(ec);
        }
        return true;
    }

    bool begin_task(error_code& ec) {
        if (tasks_.size() >= max_items_) {
            cut_ = true; // stop here: neither the text nor the memory of the rest is wanted
            return give_up(ec);
        }
        const json_path& path = layout_ == text_layout::list
                                    ? task_path_.emplace(data_path_, tasks_.size())
                                    : data_path_;
        builder_.emplace(tasks_.emplace_back(), path, json::storage_ptr());
        members_seen_ = 0;
        level_ = level::task;
        pending_ = next::none;
        return true;
    }

    bool end_task(error_code& ec) {
        try {
            builder_->finish();
        } catch (const decode_error&) {
            return give_up(ec);
        }
        builder_.reset();
        scratch_.release(); // every value built for this task is gone
        level_ = layout_ == text_layout::list ? level::items : level::root;
        return true;
    }

    const text_layout layout_;
    level level_ = level::start;
    next pending_ = next::none;
    sink sink_ = sink::none;
    std::size_t depth_ = 0;
    bool saw_data_ = false;
    bool saw_meta_ = false;
    std::size_t max_items_;
    bool cut_ = false;

    std::string key_; // a key that arrived in parts
    int member_ = -1;
    std::string member_key_;
    std::uint32_t members_seen_ = 0;

    unsigned char scratch_buffer_[4096];
    json::monotonic_resource scratch_;
    json::value_stack stack_;

    const json_path data_path_{"data"};
    std::optional<json_path> task_path_;
    std::optional<task_builder> builder_;
    std::vector<task> tasks_;
    std::optional<pagination_meta> meta_;
};

static_assert(task_builder::member_count <= 32, "one bit of members_seen_ per typed member");

// Runs the events over `text`; the handler when they reached a complete envelope.
bool run_events(json::basic_parser<task_events>& parser, std::string_view text) {
    error_code ec;
    const std::size_t used = parser.write_some(false, text.data(), text.size(), ec);
    return !ec && used == text.size() && parser.done() && parser.handler().complete();
}

} // namespace

std::optional<page<task>> stream_task_page(std::string_view text, std::size_t max_items,
                                           std::size_t& cut_at) {
    json::basic_parser<task_events> parser(json::parse_options(), text_layout::list, max_items);
    cut_at = std::string_view::npos;
    error_code ec;
    const std::size_t used = parser.write_some(false, text.data(), text.size(), ec);
    if (parser.handler().cut()) {
        // The parser stopped at the opening brace of the first task past the bound.
        if (used >= text.size() || text[used] != '{')
            return std::nullopt;
        cut_at = used;
        page<task> out;
        out.items = std::move(parser.handler().tasks());
        return out;
    }
    if (ec || used != text.size() || !parser.done() || !parser.handler().complete())
        return std::nullopt;
    page<task> out;
    out.items = std::move(parser.handler().tasks());
    out.pagination = std::move(parser.handler().meta());
    return out;
}

std::optional<task> stream_task(std::string_view text) {
    json::basic_parser<task_events> parser(json::parse_options(), text_layout::envelope);
    if (!run_events(parser, text) || parser.handler().tasks().size() != 1)
        return std::nullopt;
    return std::move(parser.handler().tasks().front());
}

} // namespace tallyfy::codec
