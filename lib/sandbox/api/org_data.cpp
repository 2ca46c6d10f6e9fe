// SPDX-License-Identifier: BSL-1.0
#include "org_data.hpp"

#include "ids.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/value.hpp>

#include <fstream>
#include <sstream>
#include <stdexcept>

namespace tallyfy::sandbox::detail {
namespace json = boost::json;
namespace {

constexpr const char* first_names[] = {"Alice", "Bruno", "Chen", "Dana",  "Emeka", "Fatima",
                                       "Goran", "Hana",  "Ivan", "Julia", "Kofi",  "Lena"};
constexpr const char* last_names[] = {"Anders", "Baker",  "Costa", "Dubois", "Eriksen",  "Fischer",
                                      "Garcia", "Hughes", "Ito",   "Jensen", "Kowalski", "Lopez"};

form_field make_field(splitmix64& rng, std::string label, std::string type, bool required,
                      int position, std::vector<std::string> options = {}) {
    form_field f;
    f.id = rng.hex_id();
    f.label = std::move(label);
    f.field_type = std::move(type);
    f.required = required;
    f.position = position;
    std::int64_t next_id = 1;
    for (auto& o : options)
        f.options.push_back({next_id++, std::move(o)});
    return f;
}

step_record make_step(splitmix64& rng, const org_data& org, std::string title, std::string alias,
                      std::string type, int position, std::int64_t deadline_days) {
    step_record s;
    s.id = rng.hex_id();
    s.title = std::move(title);
    s.alias = std::move(alias);
    s.summary = "Step " + std::to_string(position) + ": " + s.title;
    s.task_type = std::move(type);
    s.position = position;
    s.deadline_days = deadline_days;
    s.owner_users.push_back(org.users[rng.below(org.users.size())].id);
    return s;
}

// ---- JSON reading helpers for org_from_json --------------------------------------------------

[[noreturn]] void bad(const std::string& where, const std::string& what) {
    throw std::runtime_error("invalid sandbox data: " + where + ": " + what);
}

const json::object& obj(const json::value& v, const std::string& where) {
    if (!v.is_object())
        bad(where, "expected an object");
    return v.get_object();
}
const json::array& arr(const json::object& o, const char* key, const std::string& where) {
    const auto* v = o.if_contains(key);
    if (v == nullptr || !v->is_array())
        bad(where, std::string("\"") + key + "\" must be an array");
    return v->get_array();
}
std::string str(const json::object& o, const char* key, const std::string& where,
                bool optional = false) {
    const auto* v = o.if_contains(key);
    if (v == nullptr && optional)
        return {};
    if (v == nullptr || !v->is_string())
        bad(where, std::string("\"") + key + "\" must be a string");
    return std::string(v->get_string());
}
std::string hex(const json::object& o, const char* key, const std::string& where) {
    std::string s = str(o, key, where);
    if (!is_hex_id(s))
        bad(where, std::string("\"") + key + "\" must be 32 lowercase hex digits");
    return s;
}
std::int64_t integer(const json::object& o, const char* key, const std::string& where,
                     std::int64_t fallback, bool optional) {
    const auto* v = o.if_contains(key);
    if (v == nullptr && optional)
        return fallback;
    if (v == nullptr || !(v->is_int64() || v->is_uint64()))
        bad(where, std::string("\"") + key + "\" must be an integer");
    return v->is_int64() ? v->get_int64() : static_cast<std::int64_t>(v->get_uint64());
}
bool boolean(const json::object& o, const char* key, const std::string& where) {
    const auto* v = o.if_contains(key);
    if (v == nullptr)
        return false;
    if (!v->is_bool())
        bad(where, std::string("\"") + key + "\" must be a boolean");
    return v->get_bool();
}

bool known_field_type(std::string_view t) {
    return t == "text" || t == "textarea" || t == "date" || t == "radio" || t == "dropdown" ||
           t == "multiselect" || t == "file" || t == "email";
}

form_field field_from_json(const json::value& v, const std::string& where) {
    const auto& o = obj(v, where);
    form_field f;
    f.id = hex(o, "id", where);
    f.label = str(o, "label", where);
    f.field_type = str(o, "field_type", where);
    if (!known_field_type(f.field_type))
        bad(where, "unknown field_type \"" + f.field_type + "\"");
    f.required = boolean(o, "required", where);
    f.position = static_cast<int>(integer(o, "position", where, 0, true));
    if (const auto* opts = o.if_contains("options"); opts != nullptr && !opts->is_null()) {
        if (!opts->is_array())
            bad(where, "\"options\" must be an array");
        for (std::size_t i = 0; i < opts->get_array().size(); ++i) {
            const std::string w = where + ".options[" + std::to_string(i) + "]";
            const auto& oo = obj(opts->get_array()[i], w);
            f.options.push_back({integer(oo, "id", w, 0, false), str(oo, "text", w)});
        }
    }
    return f;
}

std::vector<named_record> named_from_json(const json::object& root, const char* key) {
    std::vector<named_record> out;
    if (root.if_contains(key) == nullptr)
        return out;
    const auto& a = arr(root, key, key);
    for (std::size_t i = 0; i < a.size(); ++i) {
        const std::string w = std::string(key) + "[" + std::to_string(i) + "]";
        const auto& o = obj(a[i], w);
        named_record n{.id = hex(o, "id", w), .name = str(o, "name", w)};
        // What the API lets one change (optional in a data file).
        n.color = str(o, "color", w, true);
        n.description = str(o, "description", w, true);
        if (const auto* members = o.if_contains("members"); members && members->is_array())
            for (const auto& m : members->get_array())
                if (m.is_int64())
                    n.members.push_back(m.get_int64());
        if (const auto* guests = o.if_contains("guests"); guests && guests->is_array())
            for (const auto& g : guests->get_array())
                if (g.is_string())
                    n.guests.emplace_back(g.get_string());
        if (const auto* parent = o.if_contains("parent_id"); parent && parent->is_string())
            n.parent_id = std::string(parent->get_string());
        if (const auto* type = o.if_contains("folder_type"); type && type->is_string())
            n.folder_type = std::string(type->get_string());
        out.push_back(std::move(n));
    }
    return out;
}

json::array named_to_json(const std::vector<named_record>& v) {
    json::array a;
    for (const auto& n : v) {
        json::object o{{"id", n.id}, {"name", n.name}};
        if (!n.color.empty())
            o["color"] = n.color;
        if (!n.description.empty())
            o["description"] = n.description;
        if (!n.members.empty())
            o["members"] = json::array(n.members.begin(), n.members.end());
        if (!n.guests.empty())
            o["guests"] = json::array(n.guests.begin(), n.guests.end());
        if (n.parent_id)
            o["parent_id"] = *n.parent_id;
        if (!n.folder_type.empty())
            o["folder_type"] = n.folder_type;
        a.push_back(std::move(o));
    }
    return a;
}

} // namespace

json::object user_to_json(const user_record& u) {
    return {{"id", u.id},
            {"first_name", u.first_name},
            {"last_name", u.last_name},
            {"full_name", u.first_name + " " + u.last_name},
            {"email", u.email},
            {"role", u.role},
            {"status", u.status},
            {"last_login_at", nullptr}};
}

json::object field_to_json(const form_field& f) {
    json::array opts;
    for (const auto& o : f.options)
        opts.push_back(json::object{{"id", o.id}, {"text", o.text}});
    return {{"id", f.id},
            {"label", f.label},
            {"field_type", f.field_type},
            {"required", f.required},
            {"position", f.position},
            {"options", std::move(opts)}};
}

org_data make_seeded_org(std::uint64_t seed) {
    splitmix64 rng(seed ^ 0x7a11f1e5a9d0c0deULL);
    org_data org;
    org.org_id = rng.hex_id();
    org.org_name = "Sandbox Org " + org.org_id.substr(0, 6);
    const std::int64_t base_user = 10000 + static_cast<std::int64_t>(rng.below(80000));
    for (int i = 0; i < 5; ++i) {
        user_record u;
        u.id = base_user + i * 7 + static_cast<std::int64_t>(rng.below(7));
        u.first_name = first_names[rng.below(std::size(first_names))];
        u.last_name = last_names[rng.below(std::size(last_names))];
        u.email = u.first_name + "." + u.last_name + std::to_string(u.id) + "@example.com";
        u.role = i == 0 ? "admin" : i < 3 ? "standard" : "light";
        for (auto& c : u.email)
            if (c >= 'A' && c <= 'Z')
                c = static_cast<char>(c - 'A' + 'a');
        org.users.push_back(std::move(u));
    }
    for (const char* g : {"Finance", "Operations"})
        org.groups.push_back({rng.hex_id(), g});
    for (const char* t : {"urgent", "customer", "internal"})
        org.tags.push_back({rng.hex_id(), t});
    for (const char* f : {"Clients", "HR"})
        org.folders.push_back({rng.hex_id(), f});

    // 1: every kick-off field type, a required step field, a file field and an approval step.
    checklist_record onboarding;
    onboarding.id = rng.hex_id();
    onboarding.title = "Client Onboarding";
    onboarding.summary = "Onboard a new client from signed contract to welcome call.";
    onboarding.owner_id = org.users[0].id;
    onboarding.prerun.push_back(make_field(rng, "Client name", "text", true, 1));
    onboarding.prerun.push_back(make_field(rng, "Notes", "textarea", false, 2));
    onboarding.prerun.push_back(make_field(rng, "Start date", "date", false, 3));
    onboarding.prerun.push_back(
        make_field(rng, "Priority", "radio", false, 4, {"Low", "Medium", "High"}));
    onboarding.prerun.push_back(
        make_field(rng, "Region", "dropdown", false, 5, {"EMEA", "APAC", "Americas"}));
    onboarding.prerun.push_back(make_field(rng, "Services", "multiselect", false, 6,
                                           {"Consulting", "Support", "Training"}));
    onboarding.prerun.push_back(make_field(rng, "Signed contract", "file", false, 7));
    onboarding.prerun.push_back(make_field(rng, "Contact email", "email", false, 8));
    onboarding.steps.push_back(
        make_step(rng, org, "Review application", "review-application", "task", 1, 1));
    onboarding.steps.back().form_fields.push_back(
        make_field(rng, "Account number", "text", true, 1));
    onboarding.steps.back().form_fields.push_back(
        make_field(rng, "Reviewer notes", "textarea", false, 2));
    onboarding.steps.push_back(
        make_step(rng, org, "Manager approval", "manager-approval", "approval", 2, 2));
    onboarding.steps.push_back(
        make_step(rng, org, "Set up account", "set-up-account", "task", 3, 3));
    onboarding.steps.back().form_fields.push_back(
        make_field(rng, "Welcome pack", "file", false, 1));
    onboarding.steps.push_back(make_step(rng, org, "Welcome call", "welcome-call", "task", 4, 5));
    org.checklists.push_back(std::move(onboarding));

    checklist_record purchase;
    purchase.id = rng.hex_id();
    purchase.title = "Purchase Request";
    purchase.summary = "Request, approve and order a purchase.";
    purchase.owner_id = org.users[1].id;
    purchase.prerun.push_back(make_field(rng, "Item", "text", true, 1));
    purchase.prerun.push_back(
        make_field(rng, "Cost centre", "dropdown", false, 2, {"IT", "Sales", "Admin"}));
    purchase.steps.push_back(make_step(rng, org, "Describe request", "describe", "task", 1, 1));
    purchase.steps.push_back(make_step(rng, org, "Budget approval", "budget", "approval", 2, 2));
    purchase.steps.push_back(make_step(rng, org, "Place order", "order", "task", 3, 4));
    org.checklists.push_back(std::move(purchase));

    checklist_record quick;
    quick.id = rng.hex_id();
    quick.title = "Quick Checklist";
    quick.summary = "Two plain steps, no kick-off form.";
    quick.owner_id = org.users[0].id;
    quick.steps.push_back(make_step(rng, org, "First thing", "first", "task", 1, 1));
    quick.steps.push_back(make_step(rng, org, "Second thing", "second", "task", 2, 2));
    org.checklists.push_back(std::move(quick));
    return org;
}

json::object org_to_json(const org_data& org) {
    json::array users;
    for (const auto& u : org.users)
        users.push_back(user_to_json(u));
    json::array checklists;
    for (const auto& c : org.checklists) {
        json::array prerun;
        for (const auto& f : c.prerun)
            prerun.push_back(field_to_json(f));
        json::array steps;
        for (const auto& s : c.steps) {
            json::array fields;
            for (const auto& f : s.form_fields)
                fields.push_back(field_to_json(f));
            json::array owners;
            for (auto id : s.owner_users)
                owners.push_back(id);
            steps.push_back(json::object{{"id", s.id},
                                         {"title", s.title},
                                         {"alias", s.alias},
                                         {"summary", s.summary},
                                         {"task_type", s.task_type},
                                         {"position", s.position},
                                         {"deadline_days", s.deadline_days},
                                         {"owner_users", std::move(owners)},
                                         {"form_fields", std::move(fields)}});
        }
        checklists.push_back(json::object{{"id", c.id},
                                          {"title", c.title},
                                          {"summary", c.summary},
                                          {"type", c.type},
                                          {"owner_id", c.owner_id},
                                          {"prerun", std::move(prerun)},
                                          {"steps", std::move(steps)}});
    }
    return {{"org_id", org.org_id},
            {"org_name", org.org_name},
            {"users", std::move(users)},
            {"groups", named_to_json(org.groups)},
            {"tags", named_to_json(org.tags)},
            {"folders", named_to_json(org.folders)},
            {"checklists", std::move(checklists)}};
}

org_data org_from_json(const json::value& v) {
    const auto& root = obj(v, "root");
    org_data org;
    org.org_id = hex(root, "org_id", "root");
    org.org_name = str(root, "org_name", "root", true);
    const auto& users = arr(root, "users", "root");
    if (users.empty())
        bad("users", "at least one user is required");
    for (std::size_t i = 0; i < users.size(); ++i) {
        const std::string w = "users[" + std::to_string(i) + "]";
        const auto& o = obj(users[i], w);
        user_record u;
        u.id = integer(o, "id", w, 0, false);
        if (u.id <= 0)
            bad(w, "\"id\" must be positive");
        u.first_name = str(o, "first_name", w);
        u.last_name = str(o, "last_name", w);
        u.email = str(o, "email", w);
        if (auto role = str(o, "role", w, true); !role.empty())
            u.role = role;
        if (auto status = str(o, "status", w, true); !status.empty())
            u.status = status;
        for (const auto& other : org.users)
            if (other.id == u.id)
                bad(w, "duplicate user id " + std::to_string(u.id));
        org.users.push_back(std::move(u));
    }
    org.groups = named_from_json(root, "groups");
    org.tags = named_from_json(root, "tags");
    org.folders = named_from_json(root, "folders");
    const auto& cls = arr(root, "checklists", "root");
    for (std::size_t i = 0; i < cls.size(); ++i) {
        const std::string w = "checklists[" + std::to_string(i) + "]";
        const auto& o = obj(cls[i], w);
        checklist_record c;
        c.id = hex(o, "id", w);
        c.title = str(o, "title", w);
        c.summary = str(o, "summary", w, true);
        c.type = str(o, "type", w, true);
        if (c.type.empty())
            c.type = "procedure";
        c.owner_id = integer(o, "owner_id", w, org.users[0].id, true);
        if (o.if_contains("prerun") != nullptr) {
            const auto& pr = arr(o, "prerun", w);
            for (std::size_t j = 0; j < pr.size(); ++j)
                c.prerun.push_back(
                    field_from_json(pr[j], w + ".prerun[" + std::to_string(j) + "]"));
        }
        const auto& steps = arr(o, "steps", w);
        if (steps.empty())
            bad(w, "at least one step is required");
        for (std::size_t j = 0; j < steps.size(); ++j) {
            const std::string ws = w + ".steps[" + std::to_string(j) + "]";
            const auto& so = obj(steps[j], ws);
            step_record s;
            s.id = hex(so, "id", ws);
            s.title = str(so, "title", ws);
            s.alias = str(so, "alias", ws, true);
            s.summary = str(so, "summary", ws, true);
            s.task_type = str(so, "task_type", ws, true);
            if (s.task_type.empty())
                s.task_type = "task";
            s.position = static_cast<int>(
                integer(so, "position", ws, static_cast<std::int64_t>(j) + 1, true));
            s.deadline_days = integer(so, "deadline_days", ws, 1, true);
            if (s.deadline_days < 0 || s.deadline_days > 36500)
                bad(ws, "\"deadline_days\" must be between 0 and 36500");
            if (so.if_contains("owner_users") != nullptr)
                for (const auto& u : arr(so, "owner_users", ws)) {
                    if (!u.is_int64())
                        bad(ws, "\"owner_users\" must hold integers");
                    s.owner_users.push_back(u.get_int64());
                }
            if (so.if_contains("form_fields") != nullptr) {
                const auto& ff = arr(so, "form_fields", ws);
                for (std::size_t k = 0; k < ff.size(); ++k)
                    s.form_fields.push_back(
                        field_from_json(ff[k], ws + ".form_fields[" + std::to_string(k) + "]"));
            }
            c.steps.push_back(std::move(s));
        }
        for (const auto& other : org.checklists)
            if (other.id == c.id)
                bad(w, "duplicate checklist id " + c.id);
        org.checklists.push_back(std::move(c));
    }
    return org;
}

org_data load_org_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in)
        throw std::runtime_error("sandbox data file '" + path + "' cannot be opened");
    std::ostringstream ss;
    ss << in.rdbuf();
    boost::system::error_code ec;
    json::value v = json::parse(ss.str(), ec);
    if (ec)
        throw std::runtime_error("sandbox data file '" + path +
                                 "' is not valid JSON: " + ec.message());
    try {
        return org_from_json(v);
    } catch (const std::runtime_error& e) {
        throw std::runtime_error("sandbox data file '" + path + "': " + e.what());
    }
}

} // namespace tallyfy::sandbox::detail
