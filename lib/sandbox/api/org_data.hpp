// SPDX-License-Identifier: BSL-1.0
// Static organisation data of the emulator: users, groups, tags, folders and checklists
// (templates) with steps and kick-off fields. Seeded deterministically or loaded from JSON.
#pragma once

#include <boost/json/object.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace tallyfy::sandbox::detail {

struct user_record {
    std::int64_t id = 0;
    std::string first_name;
    std::string last_name;
    std::string email;
    std::string role = "standard"; ///< admin, standard or light
    std::string status = "active"; ///< active, invited or disabled
};

struct named_record { ///< group, tag or folder
    std::string id;
    std::string name;                     ///< a tag's title
    std::string color;                    ///< tags
    std::string description;              ///< groups
    std::vector<std::int64_t> members;    ///< groups: user ids
    std::vector<std::string> guests;      ///< groups: emails
    std::optional<std::string> parent_id; ///< folders
    std::string folder_type;              ///< folders: "checklist" (templates) or "run"
};

struct field_option {
    std::int64_t id = 0;
    std::string text;
};

/// A form field: a kick-off (prerun) field of a checklist or a field of a step / one-off task.
struct form_field {
    std::string id; ///< timeline id, 32 hex
    std::string label;
    std::string field_type; ///< text, textarea, date, radio, dropdown, multiselect, file, email
    bool required = false;
    int position = 0;
    std::vector<field_option> options;
};

struct step_record {
    std::string id; ///< timeline id, 32 hex
    std::string title;
    std::string alias;
    std::string summary;
    std::string task_type; ///< task, approval, expiring, email, expiring_email
    int position = 0;
    std::int64_t deadline_days = 1; ///< deadline offset from launch
    std::vector<std::int64_t> owner_users;
    std::vector<form_field> form_fields;
};

struct checklist_record {
    std::string id;
    std::string title;
    std::string summary;
    std::string type = "procedure";
    std::int64_t owner_id = 0;
    std::vector<form_field> prerun;
    std::vector<step_record> steps;
    // State the API changes (created, updated, archived, published); not in the data file.
    std::string status = "published"; ///< "draft" until a created template is published
    std::vector<std::int64_t> users;  ///< users given access
    std::vector<std::string> groups;  ///< groups given access
    std::int64_t created_at = 0;      ///< unix seconds; 0: unknown (seeded)
    std::int64_t last_updated = 0;
    std::optional<std::int64_t> archived_at;
    std::vector<boost::json::object> automations; ///< as created, with `id` and `checklist_id`
};

struct org_data {
    std::string org_id;
    std::string org_name;
    std::vector<user_record> users;
    std::vector<named_record> groups;
    std::vector<named_record> tags;
    std::vector<named_record> folders;
    std::vector<checklist_record> checklists;
};

/// The seeded organisation for `seed` (identical output for identical seeds).
org_data make_seeded_org(std::uint64_t seed);
/// Export form, also accepted by `org_from_json`.
boost::json::object org_to_json(const org_data& org);
/// Validates and converts; throws std::runtime_error naming the offending element.
org_data org_from_json(const boost::json::value& v);
/// Reads and parses `path`; throws std::runtime_error with the path in the message.
org_data load_org_file(const std::string& path);

boost::json::object field_to_json(const form_field& f);
boost::json::object user_to_json(const user_record& u);

} // namespace tallyfy::sandbox::detail
