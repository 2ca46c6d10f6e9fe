// SPDX-License-Identifier: BSL-1.0
// api_emulator: construction, authentication, rate limiting, routing and the accessors.
// Handlers live in run_handlers.cpp, task_handlers.cpp, completion_handlers.cpp and
// catalog_handlers.cpp; JSON renderings in renderers.cpp.
// Over 400 lines: the routing table is one function, read top to bottom like the API's docs.
#include "api_emulator.hpp"

#include "emulator_state.hpp"

#include <boost/json/serialize.hpp>

#include <algorithm>

namespace tallyfy::sandbox {
namespace json = boost::json;
using namespace detail;

namespace {

std::vector<std::string> derive_tokens(const api_options& o) {
    if (!o.tokens.empty())
        return o.tokens;
    splitmix64 rng(o.seed ^ 0x70c3e75eed5a1cadULL);
    return {"sandbox-" + rng.hex_id()};
}

std::vector<std::string> prefix_segments(std::string_view prefix) {
    std::vector<std::string> out;
    std::size_t pos = 0;
    while (pos < prefix.size()) {
        std::size_t slash = prefix.find('/', pos);
        if (slash == std::string_view::npos)
            slash = prefix.size();
        if (slash > pos)
            out.emplace_back(prefix.substr(pos, slash - pos));
        pos = slash + 1;
    }
    return out;
}

bool is_token_endpoint(const request_target& t, const std::vector<std::string>& prefix) {
    const auto& seg = t.segments;
    return seg.size() == prefix.size() + 2 &&
           std::equal(prefix.begin(), prefix.end(), seg.begin()) && seg[prefix.size()] == "oauth" &&
           seg[prefix.size() + 1] == "token";
}

pending_response unauthenticated(std::string_view message) {
    auto r = error_response(401, message);
    r.headers.emplace_back("WWW-Authenticate", "Bearer");
    return r;
}

enum class route_kind {
    none,
    me,
    runs,
    run,
    run_activate,
    run_delete,
    run_tasks,
    run_task,
    run_completed,
    run_completed_task,
    tasks,
    task,
    task_comments,
    task_comment,
    task_problem,
    task_resolve,
    task_bot_comment,
    run_thread,       ///< `/runs/{id}/comment|problem|resolved-threads`
    checklist_thread, ///< `/checklists/{id}/comment|problem|resolved-threads`
    file_one,         ///< `GET`, `DELETE /file/{id}`
    file_download,    ///< `GET /file/{id}/dl`
    completed,
    completed_task,
    checklists,
    checklist,
    checklist_delete,
    checklist_clone,
    checklist_publish,
    checklist_steps,
    checklist_step,
    step_fields,
    checklist_prerun,
    checklist_form_fields,
    checklist_automations,
    run_form_fields,
    run_kickoff,
    run_export,
    task_restore,
    task_delete,
    task_clone,
    me_tasks,
    user_tasks,
    user,
    user_action,
    user_invite,
    my_organizations,
    tags,
    groups,
    folders,
    guests,
    guest,
    guest_tasks,
    file,
    asset,
    users,
    search,
    tag_links,
    folder_links
};

struct matched {
    route_kind kind = route_kind::none;
    std::string_view allow; ///< methods, as in an `Allow` header
    std::string_view org;
    std::string_view a; ///< first id (run, task, checklist)
    std::string_view b; ///< second id (task)
    std::string_view c; ///< third id (a step's form field)
};

matched match_route(const std::vector<std::string>& seg, std::size_t skip) {
    matched m;
    const std::size_t n = seg.size() - skip;
    auto at = [&](std::size_t i) -> std::string_view { return seg[skip + i]; };
    if (n == 1 && at(0) == "me")
        return {route_kind::me, "GET", {}, {}, {}};
    if (n == 2 && at(0) == "me" && at(1) == "organizations")
        return {route_kind::my_organizations, "GET", {}, {}, {}};
    if (n < 3 || at(0) != "organizations")
        return m;
    m.org = at(1);
    const std::string_view r = at(2);
    if (r == "runs") {
        if (n == 3)
            m.kind = route_kind::runs, m.allow = "GET, POST";
        else if (n == 4)
            m.kind = route_kind::run, m.allow = "GET, PUT, DELETE", m.a = at(3);
        else if (n == 5 && at(4) == "activate")
            m.kind = route_kind::run_activate, m.allow = "PUT", m.a = at(3);
        else if (n == 5 && at(4) == "delete")
            m.kind = route_kind::run_delete, m.allow = "DELETE", m.a = at(3);
        else if (n == 5 && at(4) == "tasks")
            m.kind = route_kind::run_tasks, m.allow = "GET", m.a = at(3);
        else if (n == 5 && at(4) == "form-fields")
            m.kind = route_kind::run_form_fields, m.allow = "GET", m.a = at(3);
        else if (n == 5 &&
                 (at(4) == "comment" || at(4) == "problem" || at(4) == "resolved-threads"))
            m.kind = route_kind::run_thread, m.allow = "POST", m.a = at(3), m.b = at(4);
        else if (n == 5 && at(4) == "complete-prerun")
            m.kind = route_kind::run_kickoff, m.allow = "POST, DELETE", m.a = at(3);
        else if (n == 5 && at(4) == "export")
            m.kind = route_kind::run_export, m.allow = "POST", m.a = at(3);
        else if (n == 6 && at(4) == "tasks")
            m.kind = route_kind::run_task, m.allow = "GET, PUT", m.a = at(3), m.b = at(5);
        else if (n == 5 && at(4) == "completed-tasks")
            m.kind = route_kind::run_completed, m.allow = "POST", m.a = at(3);
        else if (n == 6 && at(4) == "completed-tasks")
            m.kind = route_kind::run_completed_task, m.allow = "DELETE", m.a = at(3), m.b = at(5);
    } else if (r == "tasks") {
        if (n == 3)
            m.kind = route_kind::tasks, m.allow = "GET, POST";
        else if (n == 4)
            m.kind = route_kind::task, m.allow = "GET, PUT, DELETE", m.a = at(3);
        else if (n == 5 && at(4) == "restore")
            m.kind = route_kind::task_restore, m.allow = "PUT", m.a = at(3);
        else if (n == 5 && at(4) == "delete")
            m.kind = route_kind::task_delete, m.allow = "DELETE", m.a = at(3);
        else if (n == 5 && at(4) == "clone")
            m.kind = route_kind::task_clone, m.allow = "POST", m.a = at(3);
        else if (n == 5 && at(4) == "comment")
            m.kind = route_kind::task_comments, m.allow = "POST", m.a = at(3);
        else if (n == 6 && at(4) == "comment")
            m.kind = route_kind::task_comment, m.allow = "PUT, DELETE", m.a = at(3), m.b = at(5);
        else if (n == 5 && at(4) == "problem")
            m.kind = route_kind::task_problem, m.allow = "POST", m.a = at(3);
        else if (n == 5 && at(4) == "resolved-threads")
            m.kind = route_kind::task_resolve, m.allow = "POST", m.a = at(3);
        else if (n == 5 && at(4) == "bot-comment")
            m.kind = route_kind::task_bot_comment, m.allow = "POST", m.a = at(3);
    } else if (r == "completed-tasks") {
        if (n == 3)
            m.kind = route_kind::completed, m.allow = "POST";
        else if (n == 4)
            m.kind = route_kind::completed_task, m.allow = "DELETE", m.a = at(3);
    } else if (r == "checklists" && n >= 4 && at(3) == "tags") { // ids are hex: no clash
        if (n == 4)
            m.kind = route_kind::tag_links, m.allow = "POST";
        else if (n == 5 && !at(4).empty())
            m.kind = route_kind::tag_links, m.allow = "DELETE", m.a = at(4);
    } else if (r == "folders" && n == 4 && at(3) == "add-object") {
        m.kind = route_kind::folder_links, m.allow = "POST";
    } else if (r == "folders-objects" && n == 4 && !at(3).empty()) {
        m.kind = route_kind::folder_links, m.allow = "DELETE", m.a = at(3);
    } else if (r == "checklists") {
        if (n == 3)
            m.kind = route_kind::checklists, m.allow = "GET, POST";
        else if (n == 4)
            m.kind = route_kind::checklist, m.allow = "GET, PUT, DELETE", m.a = at(3);
        else if (n == 5 && at(4) == "delete")
            m.kind = route_kind::checklist_delete, m.allow = "DELETE", m.a = at(3);
        else if (n == 5 && at(4) == "clone")
            m.kind = route_kind::checklist_clone, m.allow = "POST", m.a = at(3);
        else if (n == 5 && at(4) == "publish")
            m.kind = route_kind::checklist_publish, m.allow = "PUT", m.a = at(3);
        else if (n == 5 &&
                 (at(4) == "comment" || at(4) == "problem" || at(4) == "resolved-threads"))
            m.kind = route_kind::checklist_thread, m.allow = "POST", m.a = at(3), m.b = at(4);
        else if (n == 5 && at(4) == "steps")
            m.kind = route_kind::checklist_steps, m.allow = "GET", m.a = at(3);
        else if (n == 6 && at(4) == "steps")
            m.kind = route_kind::checklist_step, m.allow = "GET, PUT", m.a = at(3), m.b = at(5);
        else if (n == 7 && at(4) == "steps" && at(6) == "captures")
            m.kind = route_kind::step_fields, m.allow = "POST", m.a = at(3), m.b = at(5);
        else if (n == 8 && at(4) == "steps" && at(6) == "captures" && !at(7).empty())
            m.kind = route_kind::step_fields, m.allow = "PUT, DELETE", m.a = at(3), m.b = at(5),
            m.c = at(7);
        else if (n == 6 && at(4) == "preruns")
            m.kind = route_kind::checklist_prerun, m.allow = "DELETE", m.a = at(3), m.b = at(5);
        else if (n == 5 && at(4) == "form-fields")
            m.kind = route_kind::checklist_form_fields, m.allow = "GET", m.a = at(3);
        else if (n == 5 && at(4) == "automated-actions")
            m.kind = route_kind::checklist_automations, m.allow = "POST", m.a = at(3);
        else if (n == 6 && at(4) == "automated-actions")
            m.kind = route_kind::checklist_automations, m.allow = "PUT, DELETE", m.a = at(3),
            m.b = at(5);
    } else if (r == "users" && n == 3) {
        m.kind = route_kind::users, m.allow = "GET";
    } else if (r == "users" && n == 4 && at(3) == "invite") {
        m.kind = route_kind::user_invite, m.allow = "POST";
    } else if (r == "users" && n == 4) {
        m.kind = route_kind::user, m.allow = "GET", m.a = at(3);
    } else if (r == "users" && n == 5 && at(4) == "tasks") {
        m.kind = route_kind::user_tasks, m.allow = "GET", m.a = at(3);
    } else if (r == "users" && n == 5 && (at(4) == "role" || at(4) == "enable")) {
        m.kind = route_kind::user_action, m.allow = "PUT", m.a = at(3), m.b = at(4);
    } else if (r == "users" && n == 5 && at(4) == "disable") {
        m.kind = route_kind::user_action, m.allow = "DELETE", m.a = at(3), m.b = at(4);
    } else if ((r == "tags" || r == "groups" || r == "folders") &&
               (n == 3 || (n == 4 && !at(3).empty()))) { // "tags/" names no tag
        m.kind = r == "tags"     ? route_kind::tags
                 : r == "groups" ? route_kind::groups
                                 : route_kind::folders;
        if (n == 3) {
            m.allow = "GET, POST";
        } else {
            m.allow = r == "tags" ? "PUT, DELETE" : r == "groups" ? "GET, PUT, DELETE" : "DELETE";
            m.a = at(3);
        }
    } else if (r == "guests" && n == 3) {
        m.kind = route_kind::guests, m.allow = "GET, POST";
    } else if (r == "guests" && n == 4) {
        m.kind = route_kind::guest, m.allow = "GET, PUT", m.a = at(3);
    } else if (r == "guests" && n == 5 && at(4) == "tasks") {
        m.kind = route_kind::guest_tasks, m.allow = "GET", m.a = at(3);
    } else if (r == "file" && n == 3) {
        m.kind = route_kind::file, m.allow = "POST";
    } else if (r == "file" && n == 4 && !at(3).empty()) {
        m.kind = route_kind::file_one, m.allow = "GET, DELETE", m.a = at(3);
    } else if (r == "file" && n == 5 && at(4) == "dl") {
        m.kind = route_kind::file_download, m.allow = "GET", m.a = at(3);
    } else if (r == "assets" && n == 4) {
        m.kind = route_kind::asset, m.allow = "GET, DELETE", m.a = at(3);
    } else if (r == "search" && n == 3) {
        m.kind = route_kind::search, m.allow = "GET";
    } else if (r == "me" && n == 4 && at(3) == "tasks") {
        m.kind = route_kind::me_tasks, m.allow = "GET";
    }
    return m;
}

bool method_allowed(std::string_view allow, std::string_view method) {
    std::size_t pos = 0;
    while (pos < allow.size()) {
        std::size_t comma = allow.find(", ", pos);
        if (comma == std::string_view::npos)
            comma = allow.size();
        if (allow.substr(pos, comma - pos) == method)
            return true;
        pos = comma + 2;
    }
    return false;
}

} // namespace

// ---- impl: lookups and lifecycle ------------------------------------------------------------

api_emulator::impl::impl(api_options opts)
    : options(std::move(opts))
    , org(options.data_file.empty() ? make_seeded_org(options.seed)
                                    : load_org_file(options.data_file))
    , tokens(derive_tokens(options))
    , prefix(prefix_segments(options.path_prefix))
    , limiter(options.limit)
    , id_rng(options.seed ^ 0x5eed0f2a11d5c0feULL) {
    if (org.users.empty())
        throw std::runtime_error("sandbox organisation data has no users");
}

const checklist_record* api_emulator::impl::checklist(std::string_view id) const {
    for (const auto& c : org.checklists)
        if (c.id == id)
            return &c;
    return nullptr;
}

checklist_record* api_emulator::impl::checklist(std::string_view id) {
    for (auto& c : org.checklists)
        if (c.id == id)
            return &c;
    return nullptr;
}

const step_record* api_emulator::impl::step(const task_record& t) const {
    const checklist_record* c = checklist(t.checklist_id);
    if (c == nullptr)
        return nullptr;
    for (const auto& s : c->steps)
        if (s.id == t.step_id)
            return &s;
    return nullptr;
}

const user_record* api_emulator::impl::user(std::int64_t id) const {
    for (const auto& u : org.users)
        if (u.id == id)
            return &u;
    return nullptr;
}

run_record* api_emulator::impl::run(std::string_view id) {
    auto it = runs.find(std::string(id));
    return it == runs.end() ? nullptr : &it->second;
}

task_record* api_emulator::impl::task(std::string_view id) {
    auto it = tasks.find(std::string(id));
    return it == tasks.end() ? nullptr : &it->second;
}

const std::vector<form_field>& api_emulator::impl::fields_of(const task_record& t) const {
    static const std::vector<form_field> none;
    if (t.is_oneoff())
        return t.form_fields;
    const step_record* s = step(t);
    return s != nullptr ? s->form_fields : none;
}

std::string api_emulator::impl::new_id() {
    for (;;) {
        std::string id = id_rng.hex_id();
        if (runs.count(id) == 0 && tasks.count(id) == 0)
            return id;
    }
}

void api_emulator::impl::activate_next(run_record& r, unix_seconds now) {
    for (const auto& id : r.task_ids) {
        task_record* t = task(id);
        if (t == nullptr || t->completed() || t->status == "auto-skipped" || t->status == "skipped")
            continue;
        if (t->status == "not-started") {
            t->status = "active";
            t->started_at = now;
            t->last_updated = now;
        }
        return;
    }
}

void api_emulator::impl::refresh_run_status(run_record& r, unix_seconds now) {
    bool all_done = true;
    for (const auto& id : r.task_ids) {
        const task_record* t = task(id);
        if (t != nullptr && !t->completed() && t->status != "auto-skipped" &&
            t->status != "skipped")
            all_done = false;
    }
    if (all_done) {
        if (r.status != "complete") {
            r.status = "complete";
            r.completed_at = now;
        }
    } else if (r.status == "complete") {
        r.status = "active";
        r.completed_at.reset();
    }
    r.last_updated = now;
}

pending_response api_emulator::impl::route(const call& c) {
    const auto& seg = c.target.segments;
    if (seg.size() < prefix.size() || !std::equal(prefix.begin(), prefix.end(), seg.begin()))
        return endpoint_not_found();
    const matched m = match_route(seg, prefix.size());
    if (m.kind == route_kind::none)
        return endpoint_not_found();
    const std::string_view method = c.request.method;
    if (!method_allowed(m.allow, method)) {
        auto r = error_response(
            405, "The " + std::string(method) + " method is not supported for this route.",
            "METHOD_NOT_ALLOWED");
        r.headers.emplace_back("Allow", std::string(m.allow));
        return r;
    }
    if (m.kind == route_kind::me) {
        const user_record* u = user(c.user_id);
        if (u == nullptr)
            return data_response(json::object());
        auto me = user_to_json(*u);
        me["username"] = u->email;
        me["timezone"] = "UTC";
        return data_response(std::move(me));
    }
    if (m.kind == route_kind::my_organizations)
        return list_my_organizations(c);
    if (m.org != org.org_id)
        return resource_not_found();
    switch (m.kind) {
    case route_kind::runs:
        return method == "GET" ? list_runs(c) : launch_run(c);
    case route_kind::run:
        return method == "GET"   ? get_run(c, m.a)
               : method == "PUT" ? update_run(c, m.a)
                                 : archive_run(c, m.a, true);
    case route_kind::run_activate:
        return archive_run(c, m.a, false);
    case route_kind::run_delete:
        return delete_run(c, m.a);
    case route_kind::run_tasks:
        return list_run_tasks(c, m.a);
    case route_kind::run_task:
        return method == "GET" ? get_task(c, m.a, m.b) : update_task(c, m.a, m.b);
    case route_kind::run_completed:
        return complete_task(c, m.a, true);
    case route_kind::run_completed_task:
        return reopen_task(c, m.a, m.b, true);
    case route_kind::tasks:
        return method == "GET" ? list_org_tasks(c) : create_task(c);
    case route_kind::task:
        return method == "GET"   ? get_task(c, {}, m.a)
               : method == "PUT" ? update_task(c, {}, m.a)
                                 : archive_task(c, m.a);
    case route_kind::task_restore:
        return restore_task(c, m.a);
    case route_kind::task_delete:
        return delete_task(c, m.a);
    case route_kind::task_clone:
        return clone_task(c, m.a);
    case route_kind::file:
        return upload_file(c);
    case route_kind::asset:
        return method == "GET" ? get_asset(c, m.a) : archive_asset(c, m.a);
    case route_kind::file_one:
        return method == "GET" ? serve_file(c, m.a, false) : delete_file(c, m.a);
    case route_kind::file_download:
        return serve_file(c, m.a, true);
    case route_kind::me_tasks:
        return list_user_tasks(c, std::to_string(c.user_id));
    case route_kind::user_tasks:
        return list_user_tasks(c, m.a);
    case route_kind::tags:
        return tags(c, m.a);
    case route_kind::groups:
        return groups(c, m.a);
    case route_kind::folders:
        return folders(c, m.a);
    case route_kind::guests:
        return method == "GET" ? list_guests(c) : create_guest(c);
    case route_kind::guest:
        return guest_by_email(c, m.a);
    case route_kind::guest_tasks:
        return list_guest_tasks(c, m.a);
    case route_kind::run_kickoff:
        return complete_kickoff(c, m.a, method == "POST");
    case route_kind::run_export:
        return export_run(c, m.a);
    case route_kind::task_comments:
        return post_comment(c, m.a, {});
    case route_kind::task_comment:
        return edit_comment(c, m.a, m.b);
    case route_kind::task_problem:
        return post_comment(c, m.a, "problem");
    case route_kind::task_resolve:
        return resolve_problem(c, m.a);
    case route_kind::task_bot_comment:
        return post_comment(c, m.a, {}, true);
    case route_kind::run_thread:
        return subject_comment(c, "runs", m.a, m.b);
    case route_kind::checklist_thread:
        return subject_comment(c, "checklists", m.a, m.b);
    case route_kind::completed:
        return complete_task(c, {}, false);
    case route_kind::completed_task:
        return reopen_task(c, {}, m.a, false);
    case route_kind::checklists:
        return method == "GET" ? list_checklists(c) : create_checklist(c);
    case route_kind::checklist:
        return method == "GET"   ? get_checklist(c, m.a)
               : method == "PUT" ? update_checklist(c, m.a)
                                 : archive_checklist(c, m.a);
    case route_kind::checklist_delete:
        return delete_checklist(c, m.a);
    case route_kind::checklist_clone:
        return clone_checklist(c, m.a);
    case route_kind::checklist_publish:
        return publish_checklist(c, m.a);
    case route_kind::checklist_steps:
        return checklist_steps(c, m.a);
    case route_kind::checklist_step:
        return checklist_step(c, m.a, m.b);
    case route_kind::step_fields:
        return step_field(c, m.a, m.b, m.c);
    case route_kind::checklist_prerun:
        return delete_kickoff_field(c, m.a, m.b);
    case route_kind::checklist_automations:
        return automations(c, m.a, m.b);
    case route_kind::checklist_form_fields:
        return checklist_form_fields(c, m.a);
    case route_kind::run_form_fields:
        return run_form_fields(c, m.a);
    case route_kind::users:
        return list_users(c);
    case route_kind::search:
        return search(c);
    case route_kind::tag_links:
        return tag_links_route(c, m.a);
    case route_kind::folder_links:
        return folder_links_route(c, m.a);
    case route_kind::user_invite:
        return invite_user(c);
    case route_kind::user:
        return member(c, m.a, {});
    case route_kind::user_action:
        return member(c, m.a, m.b);
    case route_kind::me:
    case route_kind::my_organizations:
    case route_kind::none:
        break;
    }
    return endpoint_not_found();
}

// ---- public interface -------------------------------------------------------------------------

api_emulator::api_emulator(api_options options)
    : impl_(std::make_unique<impl>(std::move(options))) {}

api_emulator::~api_emulator() = default;

api_response api_emulator::handle(const api_request& request) {
    api_response out;
    try {
        pending_response p;
        auto target = parse_target(request.target);
        const api_options& o = impl_->options;
        if (!target) {
            p = error_response(400, "Malformed request target.");
        } else if (request.body.size() > o.max_body_bytes) {
            p = error_response(413, "The request body is too large (limit " +
                                        std::to_string(o.max_body_bytes) + " bytes).");
        } else if (impl_->oauth.enabled() && is_token_endpoint(*target, impl_->prefix)) {
            p = request.method == "POST" ? impl_->oauth.grant(request.content_type, request.body)
                                         : error_response(405, "Method not allowed.");
        } else {
            constexpr std::string_view scheme = "Bearer ";
            std::string_view auth = request.authorization;
            std::ptrdiff_t token_index = -1;
            std::string_view token;
            if (auth.size() > scheme.size() && auth.substr(0, scheme.size()) == scheme) {
                token = auth.substr(scheme.size());
                auto it = std::find(impl_->tokens.begin(), impl_->tokens.end(), token);
                if (it != impl_->tokens.end())
                    token_index = it - impl_->tokens.begin();
                else if (impl_->oauth.check(token) == oauth_issuer::verdict::valid)
                    token_index = 0; // an issued token: the first user's
            }
            if (token_index < 0) {
                p = unauthenticated("Unauthenticated.");
            } else if (!request.has_client_header ||
                       (!o.required_client_value.empty() &&
                        request.client_header != o.required_client_value)) {
                p = unauthenticated(
                    "Unauthenticated. The X-Tallyfy-Client header is missing or invalid.");
            } else {
                const auto& users = impl_->org.users;
                const call c{request, *target,
                             users[static_cast<std::size_t>(token_index) % users.size()].id};
                std::lock_guard lock(impl_->mutex);
                // Issued tokens count as the first user's (the limit is per user).
                const auto d =
                    impl_->limiter.admit(impl_->tokens[static_cast<std::size_t>(token_index)]);
                if (!d.allowed) {
                    p = json_response(429, json::object{{"message", "Too Many Attempts."},
                                                        {"code", "RATE_LIMIT_EXCEEDED"}});
                    p.headers.emplace_back("Retry-After", std::to_string(d.retry_after));
                    p.headers.emplace_back("X-RateLimit-Reset", std::to_string(d.reset));
                    p.headers.emplace_back("X-RateLimit-Limit",
                                           std::to_string(impl_->limiter.limit()));
                    p.headers.emplace_back("X-RateLimit-Remaining", "0");
                } else {
                    p = impl_->route(c);
                    if (impl_->limiter.enabled()) {
                        p.headers.emplace_back("X-RateLimit-Limit",
                                               std::to_string(impl_->limiter.limit()));
                        p.headers.emplace_back("X-RateLimit-Remaining",
                                               std::to_string(d.remaining));
                    }
                }
            }
        }
        out.status = p.status;
        out.headers = std::move(p.headers);
        if (p.raw_body)
            out.body = std::move(*p.raw_body);
        else if (!p.body.is_null())
            out.body = json::serialize(p.body);
    } catch (const std::exception& e) {
        out = {};
        out.status = 500;
        out.body = json::serialize(json::object{
            {"error", true}, {"message", std::string("Internal emulator error: ") + e.what()}});
    } catch (...) {
        out = {};
        out.status = 500;
        out.body = R"({"error":true,"message":"Internal emulator error"})";
    }
    return out;
}

std::string api_emulator::org_id() const {
    return impl_->org.org_id;
}

std::uint64_t api_emulator::token_requests() const {
    return impl_->oauth.requests();
}

void api_emulator::revoke_access_tokens() {
    impl_->oauth.revoke_access_tokens();
}

std::string api_emulator::default_token() const {
    return impl_->tokens.front();
}

json::array api_emulator::checklist_summaries() const {
    std::lock_guard lock(impl_->mutex);
    json::array out;
    for (const auto& c : impl_->org.checklists) {
        json::array prerun;
        for (const auto& f : c.prerun)
            prerun.push_back(field_to_json(f));
        out.push_back(
            json::object{{"id", c.id}, {"title", c.title}, {"prerun", std::move(prerun)}});
    }
    return out;
}

json::object api_emulator::state_snapshot() const {
    std::lock_guard lock(impl_->mutex);
    json::object exported = org_to_json(impl_->org);
    json::array runs;
    for (const auto& id : impl_->run_order)
        if (auto it = impl_->runs.find(id); it != impl_->runs.end())
            runs.push_back(impl_->run_json(it->second, {}, false));
    json::array tasks;
    for (const auto& id : impl_->task_order)
        if (auto it = impl_->tasks.find(id); it != impl_->tasks.end()) {
            json::object t = impl_->task_json(it->second, {}, true);
            t["completion_calls"] = it->second.completion_calls;
            tasks.push_back(std::move(t));
        }
    return {{"org_id", impl_->org.org_id},
            {"users", exported["users"]},
            {"checklists", exported["checklists"]},
            {"runs", std::move(runs)},
            {"tasks", std::move(tasks)}};
}

std::uint64_t api_emulator::completion_calls(std::string_view task_id) const {
    std::lock_guard lock(impl_->mutex);
    auto it = impl_->tasks.find(std::string(task_id));
    return it == impl_->tasks.end() ? 0 : it->second.completion_calls;
}

std::size_t api_emulator::run_count() const {
    std::lock_guard lock(impl_->mutex);
    return impl_->runs.size();
}

json::object api_emulator::export_data() const {
    std::lock_guard lock(impl_->mutex);
    return org_to_json(impl_->org);
}

} // namespace tallyfy::sandbox
