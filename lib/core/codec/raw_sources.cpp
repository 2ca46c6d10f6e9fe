// SPDX-License-Identifier: BSL-1.0
#include "core/codec/raw_sources.hpp"

#include "core/codec/arena_document.hpp"

#include <mutex>
#include <optional>
#include <stdexcept>

namespace tallyfy {

namespace json = boost::json;

namespace {

class held_object final : public detail::raw_source {
public:
    explicit held_object(json::object object)
        : object_(std::move(object)) {}

    const json::object& object_at(std::size_t) const override { return object_; }

private:
    json::object object_;
};

class response_text final : public detail::raw_source {
public:
    response_text(std::string text, codec::text_layout layout)
        : text_(std::move(text))
        , layout_(layout) {}

    const json::object& object_at(std::size_t index) const override {
        std::call_once(parsed_, [this] { parse(); });
        const json::value& data = document_->root().get_object().at("data");
        if (layout_ == codec::text_layout::envelope)
            return data.get_object();
        return data.get_array().at(index).get_object();
    }

private:
    void parse() const {
        boost::system::error_code ec;
        document_.emplace(text_, ec);
        // The decoder typed this text with the same parser, so it is valid JSON.
        if (ec)
            throw std::logic_error("raw_object: response text no longer parses: " + ec.message());
        // Copies of these objects allocate in the arena, possibly from several threads.
        document_->seal();
    }

    std::string text_;
    codec::text_layout layout_;
    mutable std::once_flag parsed_;
    mutable std::optional<codec::arena_document> document_;
};

} // namespace

raw_object::raw_object(json::object object)
    : source_(std::make_shared<held_object>(std::move(object))) {}

const json::object& raw_object::get() const {
    static const json::object empty;
    return source_ ? source_->object_at(index_) : empty;
}

namespace codec {

std::shared_ptr<const detail::raw_source> make_text_source(std::string text, text_layout layout) {
    return std::make_shared<response_text>(std::move(text), layout);
}

} // namespace codec

} // namespace tallyfy
