// Fuzz target: decoding of tasks, runs, checklists and list pages from arbitrary bytes.
// Anything may be rejected (decode_error, JSON errors); nothing may crash or leak.
#include "core/codec/model_codecs.hpp"

#include <boost/json/parse.hpp>

#include <cstddef>
#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    namespace codec = tallyfy::codec;
    boost::system::error_code ec;
    auto root = boost::json::parse(std::string_view(reinterpret_cast<const char*>(data), size), ec);
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
