// SPDX-License-Identifier: BSL-1.0
// Fuzz target: ids and query values can never escape their path segment or add a header line.
#include "core/request_target.hpp"

#include <cstddef>
#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::string_view text(reinterpret_cast<const char*>(data), size);
    tallyfy::detail::request_target target("/api");
    target.literal("/organizations/");
    try {
        target.id(text, "id");
    } catch (const tallyfy::detail::invalid_argument_error&) {
        return 0;
    }
    target.query("q", text);
    const std::string& out = target.str();
    // One segment after the prefix, no raw separators, no control characters.
    std::string_view segment =
        std::string_view(out).substr(std::string_view("/api/organizations/").size());
    segment = segment.substr(0, segment.find('?'));
    for (char c : segment)
        if (c == '/' || c == '?' || c == '#' || c == ' ' || static_cast<unsigned char>(c) < 0x20)
            __builtin_trap();
    for (char c : out)
        if (c == '\r' || c == '\n' || c == '\0')
            __builtin_trap();
    return 0;
}
