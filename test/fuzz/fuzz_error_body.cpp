// SPDX-License-Identifier: BSL-1.0
// Fuzz target: error bodies and Retry-After values as a server might send them.
#include "core/error_mapping.hpp"

#include <cstddef>
#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::string_view text(reinterpret_cast<const char*>(data), size);
    tallyfy::error_details details;
    tallyfy::detail::parse_error_body(details, text);
    (void)tallyfy::detail::parse_retry_after(text);
    tallyfy::http_response response;
    response.status = size ? 400u + data[0] % 200u : 500u;
    response.body = std::string(text);
    response.headers.push_back({"Retry-After", std::string(text.substr(0, 40))});
    response.headers.push_back({"X-Request-Id", std::string(text.substr(0, 16))});
    tallyfy::detail::fill_from_response(details, response);
    if (details.body.size() > 8 * 1024)
        __builtin_trap(); // the kept body is capped
    (void)tallyfy::api_error::describe(details);
    return 0;
}
