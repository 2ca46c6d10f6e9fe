// SPDX-License-Identifier: BSL-1.0
// Reading multipart/form-data request bodies (the file upload), strictly: a malformed body is
// refused with a reason, never half-read.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace tallyfy::sandbox::detail {

struct form_data_part {
    std::string name;
    std::optional<std::string> filename; ///< set for a file part
    std::string content_type;
    std::string_view value; ///< into the body
};

/// The parts of `body`, sent with `content_type`; nullopt with `why` set when the content type
/// is not multipart/form-data with a boundary, or the body does not follow it.
std::optional<std::vector<form_data_part>> parse_form_data(std::string_view content_type,
                                                           std::string_view body, std::string& why);

} // namespace tallyfy::sandbox::detail
