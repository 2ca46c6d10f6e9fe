// SPDX-License-Identifier: BSL-1.0
// Response bodies of the emulated API: envelopes and the error shapes the real API emits.
#pragma once

#include "api_emulator.hpp"

#include <boost/json/value.hpp>

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace tallyfy::sandbox::detail {

/// A response whose JSON body is still a value (serialized outside the state lock).
struct pending_response {
    unsigned status = 200;
    std::vector<std::pair<std::string, std::string>> headers;
    boost::json::value body;
    /// Sent as is instead of `body` (a download), with its own `Content-Type` in `headers`.
    std::optional<std::string> raw_body;
};

/// Field -> messages, in insertion-independent (sorted) order.
using error_map = std::map<std::string, std::vector<std::string>>;

pending_response json_response(unsigned status, boost::json::value body);
/// 204 with no body.
pending_response no_content();
/// `{"data": v}` with the given status.
pending_response data_response(boost::json::value v, unsigned status = 200);
/// `{"error":true,"message":m}` plus `"code"` when non-empty.
pending_response error_response(unsigned status, std::string_view message,
                                std::string_view code = {});
pending_response resource_not_found();
pending_response endpoint_not_found();
/// 422 in the configured shape; `message` overrides the tallyfy-shape message (default: the
/// first error's first message).
pending_response validation_error(validation_shape shape, const error_map& errors,
                                  std::string_view message = {});

} // namespace tallyfy::sandbox::detail
