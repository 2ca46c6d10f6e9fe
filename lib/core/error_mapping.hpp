// SPDX-License-Identifier: BSL-1.0
// From an HTTP answer (or a transport failure) to error_details.
#pragma once

#include <tallyfy/api_error.hpp>
#include <tallyfy/http.hpp>

#include <chrono>
#include <optional>
#include <string_view>

namespace tallyfy::detail {

/// The error a non-2xx status stands for.
error error_for_status(unsigned status) noexcept;

/// Fills status, code, server message/code, field errors, request id, Retry-After and the capped
/// raw body from a non-2xx response. Never throws on any body.
/// `now` is the wall clock a Retry-After date is read against.
void fill_from_response(
    error_details& details, const http_response& response,
    std::chrono::system_clock::time_point now = std::chrono::system_clock::now());

/// Parses the error body shapes of the API (top-level `message`, nested `error.message`,
/// `code`, `errors` as strings / string lists / object lists). Non-JSON bodies are ignored.
void parse_error_body(error_details& details, std::string_view body);

/// `Retry-After` as delta-seconds or an HTTP-date (relative to `now`); nullopt when garbage.
/// Dates in the past give 0.
std::optional<std::chrono::seconds>
parse_retry_after(std::string_view value,
                  std::chrono::system_clock::time_point now = std::chrono::system_clock::now());

} // namespace tallyfy::detail
