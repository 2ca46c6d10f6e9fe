// SPDX-License-Identifier: BSL-1.0
// Files: upload (multipart/form-data), download, delete; archive an asset. One description per
// endpoint (see operation.hpp); this translation unit instantiates their coroutines.
#include "core/client_calls.hpp"
#include "core/codec/multipart.hpp"

#include <stdexcept>

namespace tallyfy::detail {

// A second POST stores a second asset: never re-sent after an unknown outcome.
template <>
struct operation<upload_file_request> {
    static constexpr std::string_view name = "upload_file";
    static constexpr http_method method = http_method::post;
    static constexpr bool idempotent = false;
    static constexpr bool org_scoped = true;
    static void target(request_target& t, const upload_file_request&) { t.literal("/file"); }
    static std::pair<std::string, std::string> typed_body(const upload_file_request& r) {
        if (r.filename.empty())
            throw std::invalid_argument("upload_file: filename is empty");
        if (r.uploaded_from.empty())
            throw std::invalid_argument(
                "upload_file: uploaded_from is empty (a form field id, or ko_field)");
        if (r.subject_id.empty())
            throw std::invalid_argument("upload_file: subject_id is empty");
        // The file part is `name`, as the API documents.
        std::vector<codec::form_part> parts{{.name = "name",
                                             .value = r.content,
                                             .filename = r.filename,
                                             .content_type = r.content_type},
                                            {.name = "subject_id", .value = r.subject_id.view()},
                                            {.name = "subject_type", .value = r.subject_type},
                                            {.name = "uploaded_from", .value = r.uploaded_from},
                                            {.name = "source", .value = "local"}};
        if (r.step_id)
            parts.push_back({.name = "step_id", .value = *r.step_id});
        if (r.checklist_id)
            parts.push_back({.name = "checklist_id", .value = *r.checklist_id});
        try {
            return codec::encode_form_data(parts);
        } catch (const std::invalid_argument& e) {
            throw std::invalid_argument(std::string("upload_file: ") + e.what());
        }
    }
    static constexpr auto decode = decode_asset;
};

// The bytes as sent: never parsed (any content type), bounded by the transport's body limit.
template <>
struct operation<download_file_request> {
    static constexpr std::string_view name = "download_file";
    static constexpr http_method method = http_method::get;
    static constexpr bool idempotent = true;
    static constexpr bool org_scoped = true;
    static constexpr std::string_view accept = "*/*";
    static void target(request_target& t, const download_file_request& r) {
        t.literal("/file/").id(r.file_id, "file_id");
        if (r.attachment)
            t.literal("/dl");
    }
    static constexpr auto decode = decode_file_content;
};

// A second DELETE of a deleted file is a 404: not re-sent blindly.
template <>
struct operation<delete_file_request> {
    static constexpr std::string_view name = "delete_file";
    static constexpr http_method method = http_method::delete_;
    static constexpr bool idempotent = false;
    static constexpr bool org_scoped = true;
    static void target(request_target& t, const delete_file_request& r) {
        t.literal("/file/").id(r.file_id, "file_id");
    }
    static constexpr auto decode = decode_json;
};

// Archiving an archived record changes nothing: retried like a read.
template <>
struct operation<archive_asset_request> {
    static constexpr std::string_view name = "archive_asset";
    static constexpr http_method method = http_method::delete_;
    static constexpr bool idempotent = true;
    static constexpr bool org_scoped = true;
    static void target(request_target& t, const archive_asset_request& r) {
        t.literal("/assets/").id(r.asset_id, "asset_id");
    }
    static constexpr auto decode = decode_json;
};

template <>
struct operation<get_asset_request> {
    static constexpr std::string_view name = "get_asset";
    static constexpr http_method method = http_method::get;
    static constexpr bool idempotent = true;
    static constexpr bool org_scoped = true;
    static void target(request_target& t, const get_asset_request& r) {
        t.literal("/assets/").id(r.asset_id, "asset_id");
    }
    static constexpr auto decode = decode_asset;
};

} // namespace tallyfy::detail

TALLYFY_DEFINE_OPERATION(tallyfy::upload_file_request);
TALLYFY_DEFINE_OPERATION(tallyfy::download_file_request);
TALLYFY_DEFINE_OPERATION(tallyfy::delete_file_request);
TALLYFY_DEFINE_OPERATION(tallyfy::archive_asset_request);
TALLYFY_DEFINE_OPERATION(tallyfy::get_asset_request);
