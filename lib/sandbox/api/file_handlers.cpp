// SPDX-License-Identifier: BSL-1.0
// Files: `POST /file` (multipart/form-data, as the API documents: the file in the part `name`,
// its subject, the field it is for), `GET /assets/{id}` and `DELETE` of it (archives the record),
// `GET /file/{id}` and `/file/{id}/dl` (the bytes kept at upload), `DELETE /file/{id}`.
#include "emulator_state.hpp"
#include "form_data.hpp"

#include <algorithm>
#include <array>
#include <cctype>

namespace tallyfy::sandbox {
namespace json = boost::json;
using namespace detail;

namespace {

// The extensions the API accepts (code-samples/files).
constexpr std::array<std::string_view, 27> allowed_extensions = {
    "xlsx", "xls", "pptx", "docx", "ppt",  "doc", "rtf",  "pdf", "txt",
    "mpga", "mov", "qt",   "mp4",  "webm", "jpg", "jpeg", "gif", "png",
    "ai",   "psd", "zip",  "xml",  "xps",  "dwg", "csv",  "tif", "bmp"};

bool allowed(std::string_view filename) {
    const std::size_t dot = filename.rfind('.');
    if (dot == std::string_view::npos)
        return false;
    std::string ext(filename.substr(dot + 1));
    std::transform(ext.begin(), ext.end(), ext.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return std::find(allowed_extensions.begin(), allowed_extensions.end(), ext) !=
           allowed_extensions.end();
}

std::string extension_list() {
    std::string out;
    for (std::string_view ext : allowed_extensions)
        out += (out.empty() ? "" : ", ") + std::string(ext);
    return out;
}

} // namespace

pending_response api_emulator::impl::upload_file(const call& c) {
    std::string why;
    auto parts = parse_form_data(c.request.content_type, c.request.body, why);
    if (!parts) {
        // Laravel reads no field from a body it cannot parse as a form: the file is missing.
        return validation_error(options.validation, {{"name", {"The name field is required."}}});
    }
    const auto part = [&](std::string_view name) -> const form_data_part* {
        auto it = std::find_if(parts->begin(), parts->end(),
                               [&](const form_data_part& p) { return p.name == name; });
        return it == parts->end() ? nullptr : &*it;
    };
    error_map errors;
    const form_data_part* file = part("name");
    if (file == nullptr || !file->filename || file->filename->empty())
        errors["name"].push_back("The name field is required.");
    else if (!allowed(*file->filename))
        errors["name"].push_back("The name must be a file of type: " + extension_list() + ".");
    else if (file->value.size() > 100u * 1024 * 1024)
        errors["name"].push_back("The name may not be greater than 102400 kilobytes.");
    const auto text = [&](std::string_view name) -> std::string {
        const form_data_part* p = part(name);
        return p != nullptr && !p->filename ? std::string(p->value) : std::string();
    };
    const std::string subject_id = text("subject_id");
    const std::string subject_type = text("subject_type");
    const std::string uploaded_from = text("uploaded_from");
    if (subject_type != "Run" && subject_type != "Checklist")
        errors["subject_type"].push_back("The selected subject type is invalid.");
    else if (subject_type == "Run" ? run(subject_id) == nullptr : checklist(subject_id) == nullptr)
        errors["subject_id"].push_back("The selected subject id is invalid.");
    if (uploaded_from.empty())
        errors["uploaded_from"].push_back("The uploaded from field is required.");
    if (!errors.empty())
        return validation_error(options.validation, errors);

    const std::string id = new_id();
    const std::string step_id = text("step_id");
    const std::string source = text("source");
    json::object asset{{"id", id},
                       {"filename", *file->filename},
                       {"version", 1},
                       {"uploaded_from", uploaded_from},
                       {"uploaded_at", format_timestamp(now_seconds())},
                       {"step_id", step_id.empty() ? json::value(nullptr) : json::value(step_id)},
                       {"source", source.empty() ? "local" : source},
                       {"system", nullptr},
                       {"uploaded_to_s3", true},
                       {"size", file->value.size()},
                       {"subject", json::object{{"id", subject_id}, {"type", subject_type}}}};
    assets.emplace(id, asset);
    file_bytes[id] = {file->content_type.empty() ? "application/octet-stream" : file->content_type,
                      std::string(file->value)};
    return data_response(std::move(asset));
}

pending_response api_emulator::impl::archive_asset(const call&, std::string_view id) {
    auto it = assets.find(std::string(id));
    if (it == assets.end())
        return resource_not_found();
    if (!it->second.contains("archived_at") || it->second.at("archived_at").is_null())
        it->second["archived_at"] = format_timestamp(now_seconds());
    return pending_response{}; // 200, empty body
}

pending_response api_emulator::impl::serve_file(const call&, std::string_view id, bool attachment) {
    auto bytes = file_bytes.find(std::string(id));
    auto record = assets.find(std::string(id));
    if (bytes == file_bytes.end() || record == assets.end())
        return resource_not_found();
    // The filename as a quoted-string: `"` and `\` escaped (the client refuses CR, LF, NUL).
    std::string quoted;
    for (char ch : std::string_view(record->second.at("filename").as_string())) {
        if (ch == '"' || ch == '\\')
            quoted += '\\';
        if (ch != '\r' && ch != '\n' && ch != '\0')
            quoted += ch;
    }
    pending_response p;
    p.headers.emplace_back("Content-Type",
                           attachment ? "application/octet-stream" : bytes->second.first);
    p.headers.emplace_back("Content-Disposition",
                           std::string(attachment ? "attachment" : "inline") + "; filename=\"" +
                               quoted + "\"");
    p.raw_body = bytes->second.second;
    return p;
}

pending_response api_emulator::impl::delete_file(const call&, std::string_view id) {
    if (file_bytes.erase(std::string(id)) == 0)
        return resource_not_found();
    assets.erase(std::string(id));
    return pending_response{}; // 200, empty body
}

pending_response api_emulator::impl::get_asset(const call&, std::string_view id) {
    auto it = assets.find(std::string(id));
    if (it == assets.end())
        return resource_not_found();
    return data_response(it->second);
}

} // namespace tallyfy::sandbox
