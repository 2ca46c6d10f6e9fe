// SPDX-License-Identifier: BSL-1.0
// The organisation's tags, groups and folders (an empty id never reaches these: the route
// refuses it). Deleting a tag answers 204 even when there is no such tag (as the API's
// documentation says); a group's PUT needs its name and replaces its
// members and guests, emptying a list left out (as the API does with a template's access
// lists); deleting a tag or folder takes it off the runs and tasks that carry it.
#include "body_fields.hpp"
#include "emulator_state.hpp"
#include "pagination.hpp"

#include <algorithm>

namespace tallyfy::sandbox {
namespace json = boost::json;
using namespace detail;

namespace {

json::object tag_json(const named_record& t) {
    return {{"id", t.id}, {"title", t.name}, {"color", t.color}};
}

json::object group_json(const named_record& g) {
    json::array members(g.members.begin(), g.members.end());
    json::array guests;
    for (const auto& e : g.guests)
        guests.push_back(json::string(e));
    return {{"id", g.id},
            {"name", g.name},
            {"description", g.description},
            {"members", std::move(members)},
            {"guests", std::move(guests)}};
}

json::object folder_json(const named_record& f) {
    return {{"id", f.id},
            {"name", f.name},
            {"parent_id", f.parent_id ? json::value(*f.parent_id) : json::value(nullptr)},
            {"folder_type", f.folder_type.empty() ? "checklist" : f.folder_type}};
}

std::vector<named_record>::iterator find_named(std::vector<named_record>& all,
                                               std::string_view id) {
    return std::find_if(all.begin(), all.end(), [&](const named_record& n) { return n.id == id; });
}

pending_response list_of(const std::vector<named_record>& all,
                         json::object (*render)(const named_record&), const call& c) {
    return json_response(200,
                         paginate(
                             all.size(), [&](std::size_t i) { return json::value(render(all[i])); },
                             c.target, c.request.origin));
}

/// `#rgb` or `#rrggbb`.
bool hex_color(std::string_view c) {
    return (c.size() == 4 || c.size() == 7) && c.front() == '#' &&
           std::all_of(c.begin() + 1, c.end(),
                       [](char ch) { return std::isxdigit(static_cast<unsigned char>(ch)) != 0; });
}

void read_tag(field_reader& f, named_record& t, bool creating) {
    if (auto title = f.string("title", creating, 30)) {
        if (title->empty())
            f.fail("title", "The title field is required.");
        t.name = *title;
    }
    if (auto color = f.string("color", false)) {
        if (!hex_color(*color))
            f.fail("color", "The color must be a hex colour such as #3b82f6.");
        else
            t.color = *color;
    }
}

} // namespace

pending_response api_emulator::impl::tags(const call& c, std::string_view id) {
    const std::string_view method = c.request.method;
    if (id.empty() && method == "GET")
        return list_of(org.tags, tag_json, c);
    auto found = find_named(org.tags, id);
    if (method == "DELETE") {
        if (found != org.tags.end()) {
            for (auto& [_, t] : tasks)
                std::erase(t.tags, found->id);
            for (auto& [_, r] : runs)
                std::erase(r.tags, found->id);
            std::erase_if(tag_links,
                          [&](const link_record& l) { return l.target_id == found->id; });
            org.tags.erase(found);
        }
        return no_content();
    }
    if (!id.empty() && found == org.tags.end())
        return resource_not_found();
    json::object body;
    if (auto err = parse_body(c.request.body, body))
        return *err;
    field_reader f(body, org);
    named_record t = id.empty() ? named_record{.color = "#3b82f6"} : *found;
    read_tag(f, t, id.empty());
    if (f.errors.empty() && std::any_of(org.tags.begin(), org.tags.end(), [&](const auto& o) {
            return o.id != t.id && o.name == t.name;
        }))
        f.fail("title", "The title has already been taken.");
    if (!f.errors.empty())
        return validation_error(options.validation, f.errors);
    if (id.empty()) {
        t.id = new_id(); // drawn once valid: a refused create leaves the seeded ids as they were
        org.tags.push_back(t);
        return data_response(tag_json(t), 201);
    }
    *found = t;
    return data_response(tag_json(t), 200);
}

pending_response api_emulator::impl::groups(const call& c, std::string_view id) {
    const std::string_view method = c.request.method;
    if (id.empty() && method == "GET")
        return list_of(org.groups, group_json, c);
    auto found = find_named(org.groups, id);
    if (!id.empty() && found == org.groups.end())
        return resource_not_found();
    if (method == "GET")
        return data_response(group_json(*found), 200);
    if (method == "DELETE") {
        org.groups.erase(found);
        return no_content();
    }
    json::object body;
    if (auto err = parse_body(c.request.body, body))
        return *err;
    field_reader f(body, org);
    named_record g = id.empty() ? named_record{} : *found;
    g.name = f.string("name", true, 60).value_or("");
    g.description = f.string("description", false, 500).value_or("");
    g.members = f.members("members").value_or(std::vector<std::int64_t>{});
    g.guests = f.strings("guests").value_or(std::vector<std::string>{});
    for (const auto& e : g.guests)
        if (e.find('@') == std::string::npos)
            f.fail("guests", "Each guest must be an email address.");
    if (!f.errors.empty())
        return validation_error(options.validation, f.errors);
    if (id.empty()) {
        g.id = new_id();
        org.groups.push_back(g);
        return data_response(group_json(g), 201);
    }
    *found = g;
    return data_response(group_json(g), 200);
}

pending_response api_emulator::impl::folders(const call& c, std::string_view id) {
    const std::string_view method = c.request.method;
    if (id.empty() && method == "GET")
        return list_of(org.folders, folder_json, c);
    if (method == "DELETE") {
        auto found = find_named(org.folders, id);
        if (found == org.folders.end())
            return resource_not_found();
        const std::string gone = found->id;
        const std::optional<std::string> grandparent = found->parent_id;
        org.folders.erase(found);
        for (auto& child : org.folders) // its subfolders move up one level
            if (child.parent_id == gone)
                child.parent_id = grandparent;
        for (auto& [_, t] : tasks)
            std::erase(t.folders, gone);
        for (auto& [_, r] : runs)
            std::erase(r.folders, gone);
        std::erase_if(folder_links, [&](const link_record& l) { return l.target_id == gone; });
        return no_content();
    }
    json::object body;
    if (auto err = parse_body(c.request.body, body))
        return *err;
    field_reader f(body, org);
    named_record folder;
    folder.name = f.string("name", true, 60).value_or("");
    folder.parent_id = f.string("parent_id", false);
    folder.folder_type = f.string("folder_type", false).value_or("checklist");
    if (folder.folder_type != "checklist" && folder.folder_type != "run")
        f.fail("folder_type", "The selected folder type is invalid.");
    if (folder.parent_id && find_named(org.folders, *folder.parent_id) == org.folders.end())
        f.fail("parent_id", "The selected parent id is invalid.");
    if (!f.errors.empty())
        return validation_error(options.validation, f.errors);
    folder.id = new_id();
    org.folders.push_back(folder);
    return data_response(folder_json(folder), 201);
}

} // namespace tallyfy::sandbox
