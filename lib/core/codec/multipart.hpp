// SPDX-License-Identifier: BSL-1.0
// multipart/form-data bodies (RFC 7578), for the API's file upload.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace tallyfy::codec {

/// One part: a plain field (`filename` empty) or a file.
struct form_part {
    std::string_view name;
    std::string_view value;
    std::string_view filename;     ///< non-empty for a file part
    std::string_view content_type; ///< of a file part ("application/octet-stream" when empty)
};

/// {"multipart/form-data; boundary=...", body}. The boundary is chosen so that it occurs in no
/// part. Throws std::invalid_argument for a name or filename with CR, LF or NUL (a header
/// injection); a '"' in one is sent as %22, as browsers do.
std::pair<std::string, std::string> encode_form_data(const std::vector<form_part>& parts);

} // namespace tallyfy::codec
