// SPDX-License-Identifier: BSL-1.0
// Tags on runs and templates, runs in folders: association rows with integer ids, one per
// (subject, tag or folder): a second POST answers the row it already has. The API's messages.
#include "body_fields.hpp"
#include "emulator_state.hpp"

#include <algorithm>

namespace tallyfy::sandbox {
namespace json = boost::json;
using namespace detail;

namespace {

json::object link_json(const link_record& l, std::string_view target_key) {
    return {{"id", l.id},
            {target_key, l.target_id},
            {"subject_id", l.subject_id},
            {"subject_type", l.subject_type},
            {"created_at", format_timestamp(l.created_at)}};
}

const named_record* named(const std::vector<named_record>& all, std::string_view id) {
    auto it =
        std::find_if(all.begin(), all.end(), [&](const named_record& n) { return n.id == id; });
    return it == all.end() ? nullptr : &*it;
}

/// The link named by a DELETE's path segment (digits only), or end().
std::vector<link_record>::iterator find_link(std::vector<link_record>& all, std::string_view id) {
    return std::find_if(all.begin(), all.end(),
                        [&](const link_record& l) { return std::to_string(l.id) == id; });
}

/// DELETE of a link: 404 for none, else the row goes and its run loses the tag or folder.
template <class RunOf>
pending_response unlink(std::vector<link_record>& links, std::string_view id, RunOf run_of,
                        std::vector<std::string> run_record::*on_run) {
    auto it = find_link(links, id);
    if (it == links.end())
        return resource_not_found();
    if (it->subject_type == "Run")
        if (run_record* r = run_of(it->subject_id))
            std::erase(r->*on_run, it->target_id);
    links.erase(it);
    return no_content();
}

} // namespace

pending_response api_emulator::impl::tag_links_route(const call& c, std::string_view link_id) {
    if (c.request.method == "DELETE")
        return unlink(
            tag_links, link_id, [this](std::string_view id) { return run(id); }, &run_record::tags);
    json::object body;
    if (auto err = parse_body(c.request.body, body))
        return *err;
    field_reader f(body, org);
    const auto tag_id = f.string("tag_id", true).value_or("");
    const auto subject_id = f.string("subject_id", true).value_or("");
    const auto subject_type = f.string("subject_type", true).value_or("");
    if (!tag_id.empty() && named(org.tags, tag_id) == nullptr)
        f.fail("tag_id", "The selected tag id is invalid.");
    if (subject_type != "Run" && subject_type != "Checklist")
        f.fail("subject_type", "The selected subject type is invalid.");
    run_record* r = subject_type == "Run" ? run(subject_id) : nullptr;
    const checklist_record* cl = subject_type == "Checklist" ? checklist(subject_id) : nullptr;
    if (f.errors.empty() &&
        ((r == nullptr && cl == nullptr) || (r && r->archived_at) || (cl && cl->archived_at)))
        f.fail("subject_id", "Subject not found");
    if (!f.errors.empty())
        return validation_error(options.validation, f.errors);
    for (const auto& l : tag_links)
        if (l.target_id == tag_id && l.subject_id == subject_id)
            return data_response(link_json(l, "tag_id"));
    link_record l{next_link_id++, tag_id, subject_id, subject_type, now_seconds()};
    if (r != nullptr)
        r->tags.push_back(tag_id);
    tag_links.push_back(l);
    auto out = link_json(l, "tag_id");
    out["tag_type"] = "private";
    return data_response(std::move(out), 201);
}

pending_response api_emulator::impl::folder_links_route(const call& c, std::string_view link_id) {
    if (c.request.method == "DELETE")
        return unlink(
            folder_links, link_id, [this](std::string_view id) { return run(id); },
            &run_record::folders);
    json::object body;
    if (auto err = parse_body(c.request.body, body))
        return *err;
    field_reader f(body, org);
    const auto folder_id = f.string("folder_id", true).value_or("");
    const auto subject_id = f.string("subject_id", true).value_or("");
    const auto subject_type = f.string("subject_type", true).value_or("");
    const named_record* folder = named(org.folders, folder_id);
    if (!folder_id.empty() && (folder == nullptr || folder->folder_type != "run"))
        f.fail("folder_id", "No such a folder exists in Processes.");
    if (subject_type != "Run")
        f.fail("subject_type", "The selected subject type is invalid.");
    run_record* r = run(subject_id);
    if (f.errors.empty() && (r == nullptr || r->archived_at))
        f.fail("subject_id", "Subject not found");
    if (!f.errors.empty())
        return validation_error(options.validation, f.errors);
    for (const auto& l : folder_links)
        if (l.target_id == folder_id && l.subject_id == subject_id)
            return data_response(link_json(l, "folder_id"));
    link_record l{next_link_id++, folder_id, subject_id, "Run", now_seconds()};
    r->folders.push_back(folder_id);
    folder_links.push_back(l);
    return data_response(link_json(l, "folder_id"), 201);
}

} // namespace tallyfy::sandbox
