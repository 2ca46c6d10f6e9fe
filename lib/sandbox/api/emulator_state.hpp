// SPDX-License-Identifier: BSL-1.0
// Internal state of api_emulator (runs, tasks, indexes) and the handler declarations shared by
// the handler translation units. Everything here is called with `impl::mutex` held.
#pragma once

#include "api_emulator.hpp"
#include "hourly_caps.hpp"
#include "ids.hpp"
#include "oauth_issuer.hpp"
#include "org_data.hpp"
#include "rate_limiter.hpp"
#include "request_target.hpp"
#include "responses.hpp"
#include "time_format.hpp"

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include <atomic>
#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>
#include <variant>
#include <vector>

namespace tallyfy::sandbox::detail {

struct owners_record {
    std::vector<std::int64_t> users;
    std::vector<std::string> guests;
    std::vector<std::string> groups;
    bool empty() const { return users.empty() && guests.empty() && groups.empty(); }
};

/// A comment on a task (a "thread" in the API's words): a plain comment, a problem, its
/// resolution, an improvement or advice.
struct thread_record {
    std::string id;
    std::string content;
    std::string label = "comment";         ///< comment, problem, resolve, improvement, advice
    std::string state = "hide-for-guests"; ///< the API's default when none is sent
    std::int64_t author_id = 0;
    unix_seconds created_at = 0;
    unix_seconds last_updated = 0;
    bool resolved = false; ///< a problem that a resolve answered
    bool bot = false;      ///< posted through `/bot-comment`
};

/// Someone outside the organisation a task is assigned to by email; the API gives each an id,
/// which its guest routes take (not the email).
struct guest_record {
    std::string id;
    std::string email;
    std::optional<std::string> first_name;
    std::optional<std::string> last_name;
    unix_seconds created_at = 0;
    unix_seconds last_updated = 0;
};

struct task_record {
    std::string id;
    std::int64_t increment_id = 0;
    std::string title;
    std::string summary;
    std::string alias;
    std::string run_id;       ///< empty for one-off tasks
    std::string checklist_id; ///< empty for one-off tasks
    std::string step_id;      ///< empty for one-off tasks
    std::string status = "not-started";
    std::string task_type = "task";
    std::optional<bool> is_approved;
    int position = 0;
    owners_record owners;
    boost::json::object taskdata;
    std::vector<form_field> form_fields; ///< one-off tasks only (process tasks use the step's)
    std::vector<std::string> tags;
    std::vector<std::string> folders;
    std::optional<unix_seconds> deadline;
    std::optional<unix_seconds> started_at;
    unix_seconds created_at = 0;
    unix_seconds last_updated = 0;
    std::optional<unix_seconds> completed_at;
    std::optional<unix_seconds> archived_at;
    std::int64_t starter_id = 0;
    std::optional<std::int64_t> completer_id;
    bool everyone_must_complete = false;
    bool can_complete_only_assignees = false;
    bool prevent_guest_comment = false;
    bool top_secret = false;
    std::int64_t max_assignable = 0;
    std::optional<std::string> webhook;
    std::uint64_t completion_calls = 0;
    std::vector<thread_record> threads; ///< in posting order
    bool is_oneoff() const { return run_id.empty(); }
    bool completed() const { return status == "completed"; }
};

struct run_record {
    std::string id;
    std::int64_t increment_id = 0;
    std::string checklist_id;
    std::string name;
    std::string summary;
    std::string status = "active";
    std::string status_before_archive; ///< restored by `PUT .../activate`
    std::int64_t owner_id = 0;
    std::int64_t started_by = 0;
    boost::json::object prerun;
    std::optional<unix_seconds> prerun_completed_at; ///< `complete-prerun`
    std::optional<std::int64_t> prerun_completed_by;
    bool starred = false;
    bool is_public = false;
    std::optional<std::string> parent_id;
    std::vector<std::string> tags;
    std::vector<std::int64_t> users;
    std::vector<std::string> groups;
    boost::json::object roles;
    std::vector<std::string> folders;
    unix_seconds created_at = 0;
    unix_seconds last_updated = 0;
    std::optional<unix_seconds> completed_at;
    std::optional<unix_seconds> archived_at;
    std::vector<std::string> task_ids; ///< in position order
};

/// A tag on a run or a template, or a run in a folder: the API's association rows, whose integer
/// ids its DELETE routes take.
struct link_record {
    std::int64_t id = 0;
    std::string target_id;    ///< the tag or the folder
    std::string subject_id;   ///< the run or the template
    std::string subject_type; ///< "Run" or "Checklist"
    unix_seconds created_at = 0;
};

/// A parsed request plus who made it.
struct call {
    const api_request& request;
    const request_target& target;
    std::int64_t user_id; ///< the token's user
};

} // namespace tallyfy::sandbox::detail

namespace tallyfy::sandbox {

struct api_emulator::impl {
    explicit impl(api_options opts);

    api_options options;
    detail::org_data org;
    std::vector<std::string> tokens;
    std::vector<std::string> prefix; ///< decoded segments of `options.path_prefix`
    detail::oauth_issuer oauth{options.oauth, options.seed}; ///< its own lock
    mutable std::mutex mutex;
    detail::rate_limiter limiter;
    /// The organisation's hourly caps (`options.caps`), counted by the handlers that succeed.
    detail::hourly_cap guest_invite_cap{options.caps.guest_invites, options.caps.window};
    detail::hourly_cap comment_cap{options.caps.comments, options.caps.window};

    std::unordered_map<std::string, detail::run_record> runs;
    std::vector<std::string> run_order; ///< launch order
    std::unordered_map<std::string, detail::task_record> tasks;
    std::vector<std::string> task_order;                         ///< creation order
    std::unordered_map<std::string, boost::json::object> assets; ///< uploaded files, as answered
    /// The uploaded bytes by asset id: {content type, bytes} (`DELETE /file/{id}` erases them).
    std::unordered_map<std::string, std::pair<std::string, std::string>> file_bytes;
    /// Comments on runs and templates, keyed "runs/" or "checklists/" + id, in posting order.
    std::unordered_map<std::string, std::vector<detail::thread_record>> subject_threads;
    std::vector<detail::guest_record> guests; ///< in the order first seen
    std::int64_t next_increment = 1000;
    detail::splitmix64 id_rng;
    std::vector<detail::link_record> tag_links;    ///< `POST /checklists/tags`
    std::vector<detail::link_record> folder_links; ///< `POST /folders/add-object`
    std::int64_t next_link_id = 1;
    std::vector<webhook_delivery> outbox; ///< events not yet taken by the server
    std::atomic<bool> outbox_filled{false};

    // webhooks (webhook_events.cpp)
    /// Queues `payload` for the object's own URL, else api_options::webhook_url, else nowhere.
    void queue_webhook(std::string_view event, const std::optional<std::string>& own_url,
                       boost::json::object payload);
    /// `process.launched`, `process.completed` (to the sandbox-wide URL only).
    void process_event(const detail::run_record& r, std::string_view event);
    /// `task.completed`, also for a repeat completion (the API re-fires it).
    void task_completed_event(const detail::task_record& t, const detail::run_record* r);

    // lookups (nullptr when unknown)
    const detail::checklist_record* checklist(std::string_view id) const;
    detail::checklist_record* checklist(std::string_view id);
    const detail::step_record* step(const detail::task_record& t) const;
    const detail::user_record* user(std::int64_t id) const;
    detail::run_record* run(std::string_view id);
    detail::task_record* task(std::string_view id);
    /// Fields of a task: its step's, or its own for one-off tasks.
    const std::vector<detail::form_field>& fields_of(const detail::task_record& t) const;
    std::string new_id();

    // rendering
    boost::json::object task_json(const detail::task_record& t,
                                  const std::vector<std::string>& with, bool single) const;
    boost::json::object run_json(const detail::run_record& r, const std::vector<std::string>& with,
                                 bool form_values) const;
    boost::json::object checklist_json(const detail::checklist_record& c, bool full) const;
    /// The fields of a run's tasks (`task_id` added), with their values when `values`.
    boost::json::array run_fields_json(const detail::run_record& r, bool values) const;
    /// The fields of a checklist's steps (`step_id` added).
    boost::json::array step_fields_json(const detail::checklist_record& c) const;
    boost::json::object step_json(const detail::step_record& s,
                                  const detail::checklist_record& c) const;
    boost::json::value next_task_json(const detail::run_record& r) const;
    boost::json::object progress_json(const detail::run_record& r) const;

    // lifecycle
    void activate_next(detail::run_record& r, detail::unix_seconds now);
    void refresh_run_status(detail::run_record& r, detail::unix_seconds now);

    // handlers
    detail::pending_response launch_run(const detail::call& c);
    detail::pending_response get_run(const detail::call& c, std::string_view run_id);
    detail::pending_response list_runs(const detail::call& c);
    detail::pending_response update_run(const detail::call& c, std::string_view run_id);
    /// Comments: POST (label "problem" for /problem), PUT and DELETE of one, resolve a problem.
    detail::pending_response post_comment(const detail::call& c, std::string_view task_id,
                                          std::string_view forced_label, bool bot = false);
    /// The same on a run or a template (`kind` "runs" or "checklists"): `action` "comment",
    /// "problem" or "resolved-threads"; the threads are kept in `subject_threads`.
    detail::pending_response subject_comment(const detail::call& c, std::string_view kind,
                                             std::string_view id, std::string_view action);
    detail::pending_response post_thread(const detail::call& c,
                                         std::vector<detail::thread_record>& threads,
                                         std::string_view forced_label, bool bot);
    detail::pending_response resolve_thread(const detail::call& c,
                                            std::vector<detail::thread_record>& threads);
    detail::pending_response edit_comment(const detail::call& c, std::string_view task_id,
                                          std::string_view comment_id);
    detail::pending_response resolve_problem(const detail::call& c, std::string_view task_id);
    boost::json::object thread_json(const detail::thread_record& t) const;
    detail::pending_response delete_run(const detail::call& c, std::string_view run_id);
    detail::pending_response list_run_tasks(const detail::call& c, std::string_view run_id);
    detail::pending_response list_org_tasks(const detail::call& c);
    /// `GET /me/tasks` (the token's user) and `GET /users/{id}/tasks`: the tasks a member is
    /// assigned, with the organisation list's filters.
    detail::pending_response list_user_tasks(const detail::call& c, std::string_view user_id);
    /// The organisation's tasks, only those of the member `owner` or the guest `guest` when set.
    detail::pending_response list_tasks(const detail::call& c, std::optional<std::int64_t> owner,
                                        const detail::guest_record* guest = nullptr);
    /// Registers the guests first seen among the tasks' owners (each gets an id).
    void register_guests();
    /// `GET /guests` and `GET /guests/{id}/tasks` (the API fixes that list's per_page at 10);
    /// `POST /guests`, `GET` and `PUT /guests/{email}` (the email in the path, any case).
    detail::pending_response list_guests(const detail::call& c);
    detail::pending_response create_guest(const detail::call& c);
    detail::pending_response guest_by_email(const detail::call& c, std::string_view email);
    detail::pending_response list_guest_tasks(const detail::call& c, std::string_view guest_id);
    /// One-off tasks: archive (204), restore, delete for good (204), clone.
    detail::pending_response archive_task(const detail::call& c, std::string_view task_id);
    detail::pending_response restore_task(const detail::call& c, std::string_view task_id);
    detail::pending_response delete_task(const detail::call& c, std::string_view task_id);
    detail::pending_response clone_task(const detail::call& c, std::string_view task_id);
    /// The one-off task `task_id`, or the 404/422 that refuses a call on it.
    std::variant<detail::task_record*, detail::pending_response> oneoff(std::string_view task_id);
    /// `POST`/`DELETE /runs/{id}/complete-prerun`; `POST /runs/{id}/export`.
    detail::pending_response complete_kickoff(const detail::call& c, std::string_view run_id,
                                              bool complete);
    detail::pending_response export_run(const detail::call& c, std::string_view run_id);
    detail::pending_response get_task(const detail::call& c, std::string_view run_id,
                                      std::string_view task_id);
    detail::pending_response update_task(const detail::call& c, std::string_view run_id,
                                         std::string_view task_id);
    detail::pending_response create_task(const detail::call& c);
    detail::pending_response complete_task(const detail::call& c, std::string_view run_id,
                                           bool process_route);
    detail::pending_response reopen_task(const detail::call& c, std::string_view run_id,
                                         std::string_view task_id, bool process_route);
    detail::pending_response list_checklists(const detail::call& c);
    detail::pending_response get_checklist(const detail::call& c, std::string_view id);
    /// Templates: create, update (title required; missing users/groups emptied), archive,
    /// delete for good (archived first), clone, publish, steps, form fields.
    detail::pending_response create_checklist(const detail::call& c);
    detail::pending_response update_checklist(const detail::call& c, std::string_view id);
    detail::pending_response archive_checklist(const detail::call& c, std::string_view id);
    detail::pending_response delete_checklist(const detail::call& c, std::string_view id);
    detail::pending_response clone_checklist(const detail::call& c, std::string_view id);
    detail::pending_response publish_checklist(const detail::call& c, std::string_view id);
    detail::pending_response checklist_steps(const detail::call& c, std::string_view id);
    /// `GET` and `PUT .../checklists/{id}/steps/{step}` (title, summary, task_type).
    detail::pending_response checklist_step(const detail::call& c, std::string_view id,
                                            std::string_view step_id);
    /// `POST .../steps/{step}/captures` (`field_id` empty; 201); `PUT` and `DELETE` (204) of
    /// `.../captures/{field_id}`. 422 for a missing label or an unknown field_type.
    detail::pending_response step_field(const detail::call& c, std::string_view id,
                                        std::string_view step_id, std::string_view field_id);
    /// `DELETE .../checklists/{id}/preruns/{field}` (204).
    detail::pending_response delete_kickoff_field(const detail::call& c, std::string_view id,
                                                  std::string_view field_id);
    /// `POST .../checklists/{id}/automated-actions`; `PUT` and `DELETE` of one (`automation_id`).
    detail::pending_response automations(const detail::call& c, std::string_view checklist_id,
                                         std::string_view automation_id);
    detail::pending_response checklist_form_fields(const detail::call& c, std::string_view id);
    detail::pending_response run_form_fields(const detail::call& c, std::string_view run_id);
    /// `POST /file` (multipart/form-data) and `GET /assets/{id}`.
    detail::pending_response upload_file(const detail::call& c);
    detail::pending_response get_asset(const detail::call& c, std::string_view id);
    /// `DELETE /assets/{id}`: archives the record (`archived_at`); the bytes are kept.
    detail::pending_response archive_asset(const detail::call& c, std::string_view id);
    /// `GET /file/{id}` (inline, the uploaded content type) or `.../dl` (`attachment`:
    /// application/octet-stream); `DELETE /file/{id}` (200, empty) erases bytes and record.
    detail::pending_response serve_file(const detail::call& c, std::string_view id,
                                        bool attachment);
    detail::pending_response delete_file(const detail::call& c, std::string_view id);
    /// Members: list, `POST /users/invite` (every documented field required), `GET
    /// /users/{id}` and its `role` (PUT), `disable` (DELETE) and `enable` (PUT) routes, named by
    /// `action` (empty for the GET); `GET /me/organizations`.
    detail::pending_response list_users(const detail::call& c);
    detail::pending_response invite_user(const detail::call& c);
    detail::pending_response member(const detail::call& c, std::string_view user_id,
                                    std::string_view action);
    detail::pending_response list_my_organizations(const detail::call& c);
    /// `POST /checklists/tags` (tag a run or a template), `DELETE /checklists/tags/{link}`.
    detail::pending_response tag_links_route(const detail::call& c, std::string_view link_id);
    /// `POST /folders/add-object` (a run into a process folder), `DELETE /folders-objects/{link}`.
    detail::pending_response folder_links_route(const detail::call& c, std::string_view link_id);
    /// `GET /search`: the hits of each kind in `on`, keyed by kind, each list paged on its own.
    detail::pending_response search(const detail::call& c);
    /// Tags, groups and folders: the list (GET, no id), create (POST, no id) and the routes of
    /// one (`id`), by method.
    detail::pending_response tags(const detail::call& c, std::string_view id);
    detail::pending_response groups(const detail::call& c, std::string_view id);
    detail::pending_response folders(const detail::call& c, std::string_view id);
    detail::pending_response archive_run(const detail::call& c, std::string_view run_id,
                                         bool archive);

    detail::pending_response route(const detail::call& c);
};

} // namespace tallyfy::sandbox
