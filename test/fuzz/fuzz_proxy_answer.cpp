// SPDX-License-Identifier: BSL-1.0
// Fuzz target: a proxy's answer to CONNECT is read strictly, and what of it is shown has no
// control character and never the proxy's password or Basic credential.
#include "core/transport/proxy_endpoint.hpp"

#include <cstddef>
#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static const auto proxy = tallyfy::detail::parse_proxy("http://user:hunter2-pw@proxy:3128");
    std::string_view head(reinterpret_cast<const char*>(data), size);
    const auto answer = tallyfy::detail::parse_connect_answer(head);
    if (answer.status != 0 && (answer.status < 100 || answer.status > 999))
        __builtin_trap();
    for (char c : answer.reason)
        if (c == '\r' || c == '\n')
            __builtin_trap();
    const auto shown = tallyfy::detail::proxy_text(proxy, head, 200);
    for (char c : shown)
        if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f)
            __builtin_trap();
    if (shown.find("hunter2-pw") != std::string::npos ||
        shown.find("dXNlcjpodW50ZXIyLXB3") != std::string::npos)
        __builtin_trap();
    return 0;
}
