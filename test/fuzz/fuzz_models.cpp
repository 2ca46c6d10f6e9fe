// SPDX-License-Identifier: BSL-1.0
// Fuzz target: decoding of tasks, runs, checklists and list pages from arbitrary bytes.
// Anything may be rejected (decode_error, JSON errors); nothing may crash or leak. Whenever the
// stream decoder answers, the document decoder must accept the text and answer the same.
#include "core/codec/model_codecs.hpp"
#include "core/codec/raw_sources.hpp"
#include "core/codec/task_stream.hpp"

#include <boost/json/parse.hpp>

#include <cstddef>
#include <cstdint>
#include <cstdlib>

namespace {

namespace codec = tallyfy::codec;

void check_stream_agrees(std::string_view text) {
    if (auto streamed = codec::stream_task_page(text)) {
        const auto reference =
            codec::decode_page<tallyfy::task>(boost::json::parse(text), codec::decode_task);
        const auto source = codec::make_text_source(std::string(text), codec::text_layout::list);
        for (std::size_t i = 0; i < streamed->items.size(); ++i)
            streamed->items[i].raw = tallyfy::raw_object(source, i);
        if (!(streamed->items == reference.items && streamed->pagination == reference.pagination))
            std::abort();
    }
    if (auto streamed = codec::stream_task(text)) {
        const auto reference =
            codec::decode_task(codec::envelope_data(boost::json::parse(text)), "data");
        streamed->raw = tallyfy::raw_object(
            codec::make_text_source(std::string(text), codec::text_layout::envelope), 0);
        if (!(*streamed == reference))
            std::abort();
    }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    check_stream_agrees(text); // a throw (the reference refusing) is a finding too
    boost::system::error_code ec;
    auto root = boost::json::parse(text, ec);
    if (ec)
        return 0;
    try {
        (void)codec::decode_task(codec::envelope_data(root), "data");
    } catch (const codec::decode_error&) {
    }
    try {
        (void)codec::decode_run(codec::envelope_data(root), "data");
    } catch (const codec::decode_error&) {
    }
    try {
        (void)codec::decode_page<tallyfy::task>(root, codec::decode_task);
    } catch (const codec::decode_error&) {
    }
    try {
        (void)codec::decode_page<tallyfy::checklist>(root, codec::decode_checklist);
    } catch (const codec::decode_error&) {
    }
    return 0;
}
