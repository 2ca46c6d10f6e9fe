// SPDX-License-Identifier: BSL-1.0
// file upload: uploads a file for a form field of a run's task, then attaches it (the API's two
// calls: an upload alone attaches nothing). file download | delete | archive | asset.
#include "command.hpp"
#include "confirm.hpp"
#include "exit_codes.hpp"
#include "output.hpp"

#include <tallyfy/client.hpp>
#include <tallyfy/form_values.hpp>

#include <filesystem>
#include <fstream>
#include <iterator>

#include <unistd.h>

namespace asio = boost::asio;
namespace json = boost::json;

namespace tallyfy_cli {

namespace {

constexpr std::uintmax_t max_upload_bytes = 100u * 1024 * 1024; // the API's limit

std::string content_type_of(const std::filesystem::path& path) {
    std::string ext = path.extension().string();
    for (auto& c : ext)
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    static const std::pair<std::string_view, std::string_view> known[] = {
        {".pdf", "application/pdf"}, {".png", "image/png"},       {".jpg", "image/jpeg"},
        {".jpeg", "image/jpeg"},     {".gif", "image/gif"},       {".txt", "text/plain"},
        {".csv", "text/csv"},        {".xml", "application/xml"}, {".zip", "application/zip"}};
    for (const auto& [e, type] : known)
        if (ext == e)
            return std::string(type);
    return "application/octet-stream";
}

std::string read_file(const std::filesystem::path& path) {
    std::error_code ec;
    const auto size = std::filesystem::file_size(path, ec);
    if (ec)
        throw usage_error("cannot read " + tallyfy::printable(path.string(), 512) + ": " +
                          ec.message());
    if (size > max_upload_bytes)
        throw usage_error(tallyfy::printable(path.string(), 512) +
                          " is larger than the API's 100 MB limit");
    std::ifstream in(path, std::ios::binary);
    if (!in)
        throw usage_error("cannot read " + tallyfy::printable(path.string(), 512));
    return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

asio::awaitable<int> upload(session& s, const parsed_args& args) {
    const std::filesystem::path path = args.positionals[0];
    const auto run_id = args.get("run");
    const auto field_key = args.get("field");
    if (!run_id || !field_key)
        throw usage_error("file upload needs --run RUN_ID and --field LABEL_OR_ID");
    // The field (by id, alias or label) and the task it belongs to, from the run's fields.
    tallyfy::list_form_fields_request fields_of{.run_id = *run_id};
    const auto fields = co_await s.api().list_form_fields(std::move(fields_of));
    const tallyfy::form_field* field = nullptr;
    try {
        field = &tallyfy::find_field(fields, *field_key);
    } catch (const std::invalid_argument& e) {
        throw usage_error(std::string("--field: ") + e.what());
    }
    if (field->field_type != "file")
        throw usage_error("--field: '" + tallyfy::printable(field->label, 120) +
                          "' is not a file field (" + tallyfy::printable(field->field_type, 40) +
                          ")");
    const auto* task_id = field->raw->if_contains("task_id");
    if (task_id == nullptr || !task_id->is_string())
        throw usage_error("--field: the API did not say which task has that field");

    tallyfy::upload_file_request request{.filename = path.filename().string(),
                                         .content = read_file(path),
                                         .content_type = content_type_of(path),
                                         .subject_id = *run_id,
                                         .uploaded_from = field->id};
    const tallyfy::asset uploaded = co_await s.api().upload_file(std::move(request));

    // Attached after the files the field holds already.
    std::vector<tallyfy::asset> files;
    if (field->value.is_array())
        for (const auto& held : field->value.get_array())
            if (held.is_object() && held.get_object().contains("id")) {
                tallyfy::asset a;
                a.raw = tallyfy::raw_object(boost::json::object(held.get_object()));
                files.push_back(std::move(a));
            }
    files.push_back(uploaded);
    tallyfy::update_task_request attach{.task_id = std::string(task_id->get_string()),
                                        .run_id = *run_id};
    attach.fields[field->id] = tallyfy::files_value(files);
    co_await s.api().update_task(std::move(attach));
    json::object out(*uploaded.raw, json::storage_ptr());
    out["attached_to"] = json::object{{"task_id", *task_id}, {"field_id", field->id}};
    print_json_line(out);
    co_return exit_ok;
}

// The bytes to --out (mode 0600) or to stdout; never raw bytes to a terminal.
asio::awaitable<int> download(session& s, const parsed_args& args) {
    const auto out = args.get("out");
    if (!out && ::isatty(STDOUT_FILENO))
        throw usage_error("file download writes raw bytes: give --out PATH or redirect stdout");
    tallyfy::download_file_request request{.file_id = args.positionals[0],
                                           .attachment = args.has("attachment")};
    const tallyfy::file_content file = co_await s.api().download_file(std::move(request));
    write_bytes(file.bytes, out);
    if (out) // what was written, where stdout is free
        print_json_line(json::object{{"id", args.positionals[0]},
                                     {"path", *out},
                                     {"bytes", file.bytes.size()},
                                     {"content_type", file.content_type},
                                     {"filename", file.filename}});
    co_return exit_ok;
}

// A permanent delete asks at a terminal; elsewhere (a script, a pipe) it needs --yes.
asio::awaitable<int> remove(session& s, const parsed_args& args) {
    const std::string& id = args.positionals[0];
    if (!confirmed(args, "file delete", "file " + tallyfy::printable(id, 80)))
        co_return exit_usage;
    tallyfy::delete_file_request request{.file_id = id};
    co_await s.api().delete_file(std::move(request));
    print_json_line(json::object{{"id", id}, {"deleted", true}});
    co_return exit_ok;
}

asio::awaitable<int> archive(session& s, const parsed_args& args) {
    tallyfy::archive_asset_request request{.asset_id = args.positionals[0]};
    co_await s.api().archive_asset(std::move(request));
    print_json_line(json::object{{"id", args.positionals[0]}, {"archived", true}});
    co_return exit_ok;
}

asio::awaitable<int> show_asset(session& s, const parsed_args& args) {
    tallyfy::get_asset_request request{.asset_id = args.positionals[0]};
    tallyfy::asset found = co_await s.api().get_asset(std::move(request));
    print_json_line(*found.raw);
    co_return exit_ok;
}

} // namespace

std::vector<command> file_commands() {
    return {
        with_positional(
            "file upload", "PATH",
            R"(Uploads a file (at most 100 MB) for a file field of a run's task and attaches it
after the files the field holds; prints the uploaded file (asset) as JSON.

An upload whose response is lost is never re-sent: it fails with outcome_unknown.)",
            {value_option("run", "RUN_ID", "the run"),
             value_option("field", "LABEL_OR_ID", "the file field, by id, alias or label")},
            upload),
        with_positional(
            "file download", "FILE_ID",
            R"(Downloads an uploaded file (asset) and writes its bytes as they are.)",
            {value_option("out", "PATH",
                          "write them to PATH (created with mode 0600) and print what was written "
                          "(id, path, bytes, content_type, filename) as JSON; without it, the "
                          "bytes go to stdout, which must not be a terminal"),
             flag_option("attachment",
                         "use the download route (/file/ID/dl: application/octet-stream)")},
            download),
        with_positional("file delete", "FILE_ID",
                        R"(Deletes an uploaded file for good.
Asks for confirmation at a terminal; --yes is needed when stdin is not one.)",
                        {flag_option("yes", "do not ask")}, remove),
        with_positional("file archive", "FILE_ID",
                        R"(Archives an uploaded file's asset record (DELETE /assets/ID); the file
is kept.)",
                        {}, archive),
        with_positional("file asset", "FILE_ID",
                        R"(Prints an uploaded file's asset record (GET /assets/ID) as JSON.)", {},
                        show_asset),
    };
}

} // namespace tallyfy_cli
