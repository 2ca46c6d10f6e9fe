// SPDX-License-Identifier: BSL-1.0
// Parameters of the client's operations: plain aggregates, designed for designated initializers:
//     co_await api.complete_task({.task_id = id, .run_id = run, .is_approved = true});
// Each names the type its operation completes with (`response_type`).
//
// Ids and names are inline_string (no heap memory), so that the braced form above is safe with
// Debian 12's g++ 12, which destroys the members of such a temporary twice (GCC PR c++/101976).
// With g++ 12, build a request as a named variable when you set a member that owns memory: a
// std::string or std::optional<std::string> (a summary, a comment, an update's optional texts),
// a list or map (launch_run_request's, a group's members), call_options::headers or history,
// includes' `extra`, a JSON body (automations, raw_request), create_task_request. See
// docs/gcc12-coroutine-temporaries.md.
#pragma once

#include <tallyfy/http.hpp>
#include <tallyfy/inline_string.hpp>
#include <tallyfy/models.hpp>
#include <tallyfy/retry.hpp>

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <variant>
#include <vector>

namespace tallyfy {

/// One attempt of a call, for the attempt history (call_options::history).
struct attempt_record {
    unsigned status = 0;                       ///< HTTP status, 0 when no response
    boost::system::error_code error;           ///< transport error, if any
    std::chrono::milliseconds delay_before{0}; ///< backoff slept before this attempt
    std::string reason; ///< why this attempt was made ("first", "retry after 503", ...)
};

/// Per-call settings shared by every operation (the `options` member of each request and list
/// filter). What is left unset is taken from the client (client_options).
struct call_options {
    /// Organisation; empty: the client's `client_options::org_id`.
    id_string org_id;
    /// Overrides the client's timeouts for this call.
    std::optional<tallyfy::timeouts> timeouts;
    /// Extra request headers (values with CR/LF/NUL are refused with invalid_argument).
    std::vector<http_header> headers;
    /// Overrides the client's retry policy for this call.
    std::optional<retry_policy> retry;
    /// When set, receives the attempt history of the call (successful or not).
    std::shared_ptr<std::vector<attempt_record>> history;
};

/// Includes of a task (the `with=` query parameter, comma-separated; nothing set: no `with`).
/// Documented ones are named; `extra` takes new ones verbatim. What is included comes back in
/// task::raw, Fractal-wrapped, unless the task model types it.
struct task_includes {
    bool run = false;         ///< `run`: the task's run
    bool step = false;        ///< `step`: the template step it was made from
    bool form_fields = false; ///< `form_fields`: the task's fields with values (task::form_fields)
    bool tags = false;        ///< `tags`
    bool threads = false;     ///< `threads`: its comments
    bool summary = false;     ///< `summary` (task::summary; single-task reads send it anyway)
    bool ko_form_fields = false;    ///< `ko-form-fields`: the run's kick-off fields
    std::vector<std::string> extra; ///< more names, sent as given (empty ones are skipped)
};

/// Includes of a run (the `with=` query parameter, comma-separated; nothing set: no `with`).
struct run_includes {
    bool checklist = false;         ///< `checklist`: its template (in run::raw)
    bool tasks = false;             ///< `tasks`: run::tasks
    bool tags = false;              ///< `tags` (in run::raw)
    bool form_fields = false;       ///< `form_fields`: run::form_fields
    bool ko_form_fields = false;    ///< `ko_form_fields`: run::ko_form_fields
    bool next_task = false;         ///< `next_task`: run::next_task
    bool assets = false;            ///< `assets`: its uploaded files (in run::raw)
    std::vector<std::string> extra; ///< more names, sent as given (empty ones are skipped)
};

/// The value of a dropdown field: one of its options, sent as `{"id", "text"}`.
struct dropdown_choice {
    std::int64_t id = 0; ///< the option's id (form_field::options)
    std::string text;    ///< the option's text
};
/// One item of a multi-select (checklist) field's value, sent as `{"id", "text", "selected"}`.
struct checklist_choice {
    std::int64_t id = 0;  ///< the option's id (form_field::options)
    std::string text;     ///< the option's text
    bool selected = true; ///< the API stores unselected items but renders them blank
};
/// A value for a form field (a task's `taskdata` or a kick-off `prerun`), typed by field kind:
/// text/textarea/email/radio (the option's text) and dates (ISO-8601 or `YYYY-MM-DD HH:MM:SS`
/// text): a string; dropdown: one choice; multi-select: several; file and table: JSON as the API
/// takes it (a list of asset objects; a list of cell values). field_value_from_text
/// (form_values.hpp) builds one from text for a given field.
using field_value =
    std::variant<std::string, dropdown_choice, std::vector<checklist_choice>, boost::json::array>;
/// A kick-off value: the same shapes as a task's form field.
using prerun_value = field_value;

/// client::complete_task: `POST /runs/{run}/completed-tasks` (a process task) or `POST
/// /completed-tasks` (a one-off task) with `{"task_id", "is_approved"?, "override_user"?}`.
struct complete_task_request {
    using response_type = task; ///< what client::complete_task completes with
    id_string task_id;          ///< the task (`task_id` in the body); required
    /// Process task: its run. Empty: a standalone (one-off) task (`POST /completed-tasks`).
    id_string run_id;
    /// Required for approval tasks: true approves, false rejects (`is_approved`; unset: not sent).
    std::optional<bool> is_approved;
    /// Record this user (a user id) as the completer instead of the token's user
    /// (`override_user`; unset: not sent).
    std::optional<std::int64_t> override_user;
    /// Form field values to save first, keyed by field id: the task is updated with them
    /// (update_task, `taskdata`), then completed. Empty: the task is only completed.
    std::map<std::string, field_value> fields;
    call_options options; ///< per-call settings
};

/// A change of a task's assignees. A bucket left empty (`std::nullopt`) keeps its assignees:
/// the API replaces all three buckets at once, so update_task reads the task and sends the
/// current ones with the changed ones (unless `update_task_request::replace_owners`).
struct owners_change {
    std::optional<std::vector<std::int64_t>> users; ///< user ids (`owners.users`)
    std::optional<std::vector<std::string>> guests; ///< guest emails
    std::optional<std::vector<std::string>> groups; ///< group ids
};

/// `PUT /runs/{run}/tasks/{task}` (a process task) or `PUT /tasks/{task}` (a one-off task,
/// `run_id` empty). Only the members set are changed; see client::update_task.
struct update_task_request {
    using response_type = task;         ///< what client::update_task completes with
    id_string task_id;                  ///< the task (path)
    id_string run_id;                   ///< empty for a one-off task
    std::optional<std::string> title;   ///< `title` (the API allows 600 characters)
    std::optional<std::string> summary; ///< `summary`: the task's description
    /// ISO-8601 or `YYYY-MM-DD HH:MM:SS` (UTC); sent as given.
    std::optional<std::string> deadline;
    std::optional<std::string> started_at; ///< `started_at`, in the same forms as `deadline`
    std::optional<owners_change> owners;   ///< the assignees (`owners`); see owners_change
    /// The buckets of `owners` replace all three: a bucket left empty removes its assignees.
    bool replace_owners = false;
    /// Form field values keyed by field id (`taskdata`). Keys the task does not have are
    /// dropped by the API without an error.
    std::map<std::string, field_value> fields;
    std::optional<std::int64_t> max_assignable; ///< `max_assignable`: the most assignees allowed
    std::optional<bool> prevent_guest_comment;  ///< `prevent_guest_comment`
    std::optional<std::string> webhook;         ///< a URL, empty to clear
    call_options options;                       ///< per-call settings
};

/// client::reopen_task: `DELETE /runs/{run}/completed-tasks/{task}` (a process task) or `DELETE
/// /completed-tasks/{task}` (a standalone task).
struct reopen_task_request {
    using response_type = task; ///< what client::reopen_task completes with
    id_string task_id;          ///< the task (path)
    id_string run_id;           ///< empty for a standalone task
    call_options options;       ///< per-call settings
};

/// client::get_task: `GET /runs/{run}/tasks/{task}` or `GET /tasks/{task}`, with `with=` when
/// includes are asked for.
struct get_task_request {
    using response_type = task; ///< what client::get_task completes with
    id_string task_id;          ///< the task (path)
    /// Non-empty: `GET /runs/{run}/tasks/{task}`; else `GET /tasks/{task}`.
    id_string run_id;
    task_includes with;   ///< what to include (`with=`)
    call_options options; ///< per-call settings
};

/// client::get_run: `GET /runs/{run}`, with `with=` and `form_fields_values=true` when asked.
struct get_run_request {
    using response_type = run; ///< what client::get_run completes with
    id_string run_id;          ///< the run (path)
    run_includes with;         ///< what to include (`with=`)
    /// Ask for the values submitted to form fields (`form_fields_values=true`).
    bool form_fields_values = false;
    call_options options; ///< per-call settings
};

/// What a comment, a problem or a resolution is posted on: a task (`/tasks/{id}/...`, the
/// default), a run (`/runs/{id}/...`) or a template (`/checklists/{id}/...`).
enum class comment_subject {
    task,     ///< `/tasks/{task_id}/...`
    run,      ///< `/runs/{subject_id}/...`
    checklist ///< `/checklists/{subject_id}/...`
};

/// `POST /tasks/{task}/comment`: a comment on a task; on a run or a template when `subject` says
/// so (`subject_id` names it, `task_id` stays empty).
struct add_comment_request {
    using response_type = comment; ///< what client::add_comment completes with
    id_string task_id;             ///< the task (path); empty when `subject` is not a task
    /// The text; `@[USER_ID]` mentions notify that user.
    std::string content;
    /// "comment" (the API's default), "problem", "resolve", "improvement" or "advice".
    std::optional<std::string> label;
    /// "open" (guests see it), "hide-for-guests" (the API's default when unset), "collapsed".
    std::optional<std::string> state;
    comment_subject subject = comment_subject::task; ///< what it is posted on
    id_string subject_id; ///< the run or the template (subject run or checklist)
    /// Post as the organisation's bot: `POST /tasks/{task}/bot-comment` with `{"content"}` only
    /// (tasks only; no label or state).
    bool bot = false;
    call_options options; ///< per-call settings
};

/// `PUT /tasks/{task}/comment/{comment}`: new text (and label, state) of a comment.
struct update_comment_request {
    using response_type = comment;    ///< what client::update_comment completes with
    id_string task_id;                ///< the task (path)
    id_string comment_id;             ///< the comment (path)
    std::string content;              ///< the new text (`content`); refused when empty
    std::optional<std::string> label; ///< `label`, as in add_comment_request (unset: not sent)
    std::optional<std::string> state; ///< `state`, as in add_comment_request (unset: not sent)
    call_options options;             ///< per-call settings
};

/// `DELETE /tasks/{task}/comment/{comment}`.
struct delete_comment_request {
    using response_type = boost::json::value; ///< the API's answer (null: an empty body)
    id_string task_id;                        ///< the task (path)
    id_string comment_id;                     ///< the comment (path)
    call_options options;                     ///< per-call settings
};

/// `POST /tasks/{task}/problem`: reports a problem (a comment labelled "problem").
struct report_problem_request {
    using response_type = comment; ///< what client::report_problem completes with
    id_string task_id;             ///< the task (path); empty when `subject` is not a task
    std::string content;           ///< what the problem is (`content`); refused when empty
    comment_subject subject = comment_subject::task; ///< or a run, a template: see add_comment
    id_string subject_id; ///< the run or the template (subject run or checklist)
    call_options options; ///< per-call settings
};

/// `POST /tasks/{task}/resolved-threads` with `{"thread_id", "content"}`: resolves a reported
/// problem with a comment.
struct resolve_problem_request {
    using response_type = comment; ///< what client::resolve_problem completes with
    id_string task_id;             ///< the task (path); empty when `subject` is not a task
    id_string problem_id;          ///< the problem's comment id (`thread_id`)
    std::string content;           ///< the resolution's text (`content`); refused when empty
    comment_subject subject = comment_subject::task; ///< or a run, a template: see add_comment
    id_string subject_id; ///< the run or the template (subject run or checklist)
    call_options options; ///< per-call settings
};

/// The comments of a task: `GET /runs/{run}/tasks/{task}?with=threads` (the API has no list
/// route), or `GET /tasks/{task}?with=threads` when `run_id` is empty.
struct list_comments_request {
    using response_type = std::vector<comment>; ///< what client::list_comments completes with
    id_string task_id;                          ///< the task (path)
    id_string run_id;                           ///< its run; empty for a one-off task
    call_options options;                       ///< per-call settings
};

/// `PUT /runs/{run}`: only the members set are changed; see client::update_run.
struct update_run_request {
    using response_type = run;            ///< what client::update_run completes with
    id_string run_id;                     ///< the run (path)
    std::optional<std::string> name;      ///< at most 550 characters
    std::optional<std::string> summary;   ///< `summary`
    std::optional<std::int64_t> owner_id; ///< `owner_id`: the user who owns the run
    std::optional<bool> starred;          ///< `starred`
    std::optional<bool> is_public;        ///< `is_public`
    /// Members: a list left unset keeps the run's members (read first: the API empties what a
    /// PUT leaves out), unless `replace_members`.
    std::optional<std::vector<std::int64_t>> users;
    std::optional<std::vector<std::string>> groups; ///< member groups (ids), as `users`
    /// The lists given replace the members; one left unset removes them all.
    bool replace_members = false;
    call_options options; ///< per-call settings
};

/// `DELETE /runs/{run}` (archive: reversible) or `PUT /runs/{run}/activate` (`archive` false).
struct archive_run_request {
    using response_type = run; ///< what client::archive_run completes with
    id_string run_id;          ///< the run (path)
    bool archive = true;       ///< false: activate an archived run again
    call_options options;      ///< per-call settings
};

/// `DELETE /runs/{run}/delete`: deletes an archived run for good (admin only).
struct delete_run_request {
    using response_type = boost::json::value; ///< the API's answer (null: an empty body)
    id_string run_id;                         ///< the run (path); archived first
    call_options options;                     ///< per-call settings
};

/// `POST /runs/{run}/complete-prerun` (the kick-off form is complete) or, with `reopen`,
/// `DELETE /runs/{run}/complete-prerun` (open for changes again).
struct complete_kickoff_request {
    using response_type = boost::json::value; ///< the API's answer (null: an empty body)
    id_string run_id;                         ///< the run (path)
    bool reopen = false;                      ///< reopen the kick-off form instead
    call_options options;                     ///< per-call settings
};

/// `POST /runs/{run}/export`: the run with its tasks and form values, as the API exports it.
struct export_run_request {
    using response_type = boost::json::value; ///< the exported document, as sent
    id_string run_id;                         ///< the run (path)
    call_options options;                     ///< per-call settings
};

/// Includes of a checklist (the `with=` query parameter, comma-separated; nothing set: no
/// `with`).
struct checklist_includes {
    bool steps = false;  ///< `steps`: checklist::steps
    bool prerun = false; ///< the kick-off fields (their ids are what launch_run's `prerun` takes)
    bool automated_actions = false; ///< `automated_actions`: its automations (in checklist::raw)
    bool tags = false;              ///< `tags` (in checklist::raw)
    std::vector<std::string> extra; ///< more names, sent as given (empty ones are skipped)
};

/// client::get_checklist: `GET /checklists/{checklist}`, with `with=` when includes are asked for.
struct get_checklist_request {
    using response_type = checklist; ///< what client::get_checklist completes with
    id_string checklist_id;          ///< the template (path)
    checklist_includes with;         ///< what to include (`with=`)
    call_options options;            ///< per-call settings
};

/// `GET /checklists/{checklist}/steps`: the template's steps, in position order.
struct list_steps_request {
    using response_type = std::vector<step>; ///< what client::list_steps completes with
    id_string checklist_id;                  ///< the template (path)
    call_options options;                    ///< per-call settings
};

/// `POST /checklists`: a new template (a draft until published).
struct create_checklist_request {
    using response_type = checklist;    ///< what client::create_checklist completes with
    std::string title;                  ///< `title`; refused when empty
    std::optional<std::string> summary; ///< `summary` (unset: not sent)
    std::string type = "procedure"; ///< "procedure", "form" or "document" (the API requires one)
    std::optional<std::vector<std::int64_t>> users; ///< users given access
    std::optional<std::vector<std::string>> groups; ///< groups given access
    /// Any other documented field (`folder_id`, `prerun`, ...), sent as given.
    boost::json::object extra;
    call_options options; ///< per-call settings
};

/// `PUT /checklists/{checklist}`: only the members set are changed; see
/// client::update_checklist.
struct update_checklist_request {
    using response_type = checklist; ///< what client::update_checklist completes with
    id_string checklist_id;          ///< the template (path)
    /// Unset: the current title is sent (the API requires one on every update).
    std::optional<std::string> title;
    std::optional<std::string> summary; ///< `summary` (unset: not sent)
    /// Access: a list left unset keeps the template's users or groups (read first: the API
    /// empties what a PUT leaves out), unless `replace_permissions`.
    std::optional<std::vector<std::int64_t>> users;
    std::optional<std::vector<std::string>> groups; ///< groups with access (ids), as `users`
    /// The lists given replace the access lists; one left unset removes them all.
    bool replace_permissions = false;
    /// Any other documented field, sent as given (e.g. the whole `prerun` array).
    boost::json::object extra;
    call_options options; ///< per-call settings
};

/// `DELETE /checklists/{checklist}` (archive: its runs go on) or, with `permanently`,
/// `DELETE /checklists/{checklist}/delete` (an archived template, for good; admin only).
struct delete_checklist_request {
    using response_type = boost::json::value; ///< the API's answer (null: an empty body)
    id_string checklist_id;                   ///< the template (path)
    bool permanently = false;                 ///< delete for good instead of archiving
    call_options options;                     ///< per-call settings
};

/// `POST /checklists/{checklist}/clone`: a copy of the template, steps and kick-off form. The
/// body is `{"tenant": org, "title"?}`.
struct clone_checklist_request {
    using response_type = checklist;  ///< what client::clone_checklist completes with
    id_string checklist_id;           ///< the template copied (path)
    std::optional<std::string> title; ///< the copy's title (the API's default when unset)
    call_options options;             ///< per-call settings
};

/// `PUT /checklists/{checklist}/publish`: makes the current draft the launchable version.
struct publish_checklist_request {
    using response_type = boost::json::value; ///< the API's answer (null: an empty body)
    id_string checklist_id;                   ///< the template (path)
    call_options options;                     ///< per-call settings
};

/// `GET /runs/{run}/form-fields` (a run's fields, with their values) when `run_id` is set,
/// else `GET /checklists/{checklist}/form-fields` (the template's step fields).
struct list_form_fields_request {
    using response_type = std::vector<form_field>; ///< what client::list_form_fields completes with
    id_string checklist_id; ///< the template; set this or `run_id`, not both (invalid_argument)
    id_string run_id;       ///< the run; set this or `checklist_id`
    call_options options;   ///< per-call settings
};

/// `GET /checklists/{checklist}/steps/{step}`: one step of a template, with its form fields.
struct get_step_request {
    using response_type = step; ///< what client::get_step completes with
    id_string checklist_id;     ///< the template (path)
    id_string step_id;          ///< the step (path)
    call_options options;       ///< per-call settings
};

/// `PUT /checklists/{checklist}/steps/{step}`: only the members set are sent.
struct update_step_request {
    using response_type = step;         ///< what client::update_step completes with
    id_string checklist_id;             ///< the template (path)
    id_string step_id;                  ///< the step (path)
    std::optional<std::string> title;   ///< refused when set and empty
    std::optional<std::string> summary; ///< `summary`: the step's description
    /// Any other documented field (`task_type`, `deadline`, `owners`, ...), sent as given.
    boost::json::object extra;
    call_options options; ///< per-call settings
};

/// `POST /checklists/{checklist}/steps/{step}/captures`: a new form field on a step.
struct create_step_field_request {
    using response_type = form_field; ///< what client::create_step_field completes with
    id_string checklist_id;           ///< the template (path)
    id_string step_id;                ///< the step (path)
    std::string label;                ///< `label`; refused when empty
    std::string field_type = "text";  ///< "text", "textarea", "date", "radio", "dropdown", ...
    bool required = false;            ///< `required`: the task cannot be completed without it
    /// The choices of a dropdown, radio or multi-select (sent as `options`).
    std::vector<std::string> choices;
    /// Any other documented field (`columns`, `guidance`, ...), sent as given.
    boost::json::object extra;
    call_options options; ///< per-call settings
};

/// `PUT /checklists/{checklist}/steps/{step}/captures/{capture}`: only the members set are sent.
struct update_step_field_request {
    using response_type = form_field;      ///< what client::update_step_field completes with
    id_string checklist_id;                ///< the template (path)
    id_string step_id;                     ///< the step (path)
    id_string field_id;                    ///< the capture's id
    std::optional<std::string> label;      ///< refused when set and empty
    std::optional<std::string> field_type; ///< `field_type`; refused when set and empty
    std::optional<bool> required;          ///< `required`
    std::optional<std::vector<std::string>> choices; ///< replaces the choices (`options`)
    boost::json::object extra;                       ///< any other documented field, sent as given
    call_options options;                            ///< per-call settings
};

/// `DELETE /checklists/{checklist}/steps/{step}/captures/{capture}`: removes a step's field.
struct delete_step_field_request {
    using response_type = boost::json::value; ///< the API's answer (null: an empty body)
    id_string checklist_id;                   ///< the template (path)
    id_string step_id;                        ///< the step (path)
    id_string field_id;                       ///< the capture's id (path)
    call_options options;                     ///< per-call settings
};

/// `DELETE /checklists/{checklist}/preruns/{field}`: removes a kick-off field.
struct delete_kickoff_field_request {
    using response_type = boost::json::value; ///< the API's answer (null: an empty body)
    id_string checklist_id;                   ///< the template (path)
    id_string field_id;                       ///< the kick-off field (path)
    call_options options;                     ///< per-call settings
};

/// `DELETE /tasks/{task}`: archives a one-off task (reversible: restore_task_request).
struct archive_task_request {
    using response_type = boost::json::value; ///< the API's answer (null: its empty 204)
    id_string task_id;                        ///< the one-off task (path)
    call_options options;                     ///< per-call settings
};

/// `PUT /tasks/{task}/restore`: an archived one-off task back in the lists.
struct restore_task_request {
    using response_type = task; ///< what client::restore_task completes with
    id_string task_id;          ///< the archived one-off task (path)
    call_options options;       ///< per-call settings
};

/// `DELETE /tasks/{task}/delete`: deletes a one-off task for good.
struct delete_task_request {
    using response_type = boost::json::value; ///< the API's answer (null: its empty 204)
    id_string task_id;                        ///< the one-off task (path)
    call_options options;                     ///< per-call settings
};

/// `POST /tasks/{task}/clone`: a new one-off task like this one, not started.
struct clone_task_request {
    using response_type = task; ///< what client::clone_task completes with
    id_string task_id;          ///< the one-off task copied (path)
    call_options options;       ///< per-call settings
};

/// `POST /file` (multipart/form-data): uploads a file for a form field of a run's task or of a
/// template's kick-off form. Uploading does not attach it: see client::upload_file.
struct upload_file_request {
    using response_type = asset; ///< what client::upload_file completes with
    std::string filename;        ///< the name it is stored under; its extension must be allowed
    std::string content;         ///< the file's bytes (the API takes at most 100 MB)
    std::string content_type = "application/octet-stream"; ///< the file part's Content-Type
    id_string subject_id;             ///< the run's id, or the checklist's for a kick-off field
    std::string subject_type = "Run"; ///< "Run" or "Checklist"
    /// The form field's id (a capture id), or "ko_field" for a kick-off field.
    std::string uploaded_from;
    std::optional<std::string> step_id;      ///< `step_id` part (unset: not sent)
    std::optional<std::string> checklist_id; ///< `checklist_id` part (unset: not sent)
    call_options options;                    ///< per-call settings
};

/// `GET /file/{id}` (inline, the file's own content type) or, with `attachment`, `GET
/// /file/{id}/dl` (application/octet-stream, `Content-Disposition: attachment`): the bytes.
struct download_file_request {
    using response_type = file_content; ///< what client::download_file completes with
    id_string file_id;                  ///< the asset's id (upload_file's `asset::id`)
    bool attachment = false;            ///< use the download route (`/dl`)
    call_options options;               ///< per-call settings
};

/// `DELETE /file/{id}`: removes the stored file (200, empty body).
struct delete_file_request {
    using response_type = boost::json::value; ///< the API's answer (null: an empty body)
    id_string file_id;                        ///< the asset's id (path)
    call_options options;                     ///< per-call settings
};

/// `DELETE /assets/{id}`: archives the asset's record (the file is kept).
struct archive_asset_request {
    using response_type = boost::json::value; ///< the API's answer (null: an empty body)
    id_string asset_id;                       ///< the asset (path)
    call_options options;                     ///< per-call settings
};

/// `GET /assets/{id}`: an uploaded file's record (not its bytes: download_file_request).
struct get_asset_request {
    using response_type = asset; ///< what client::get_asset completes with
    id_string asset_id;          ///< the asset (path)
    call_options options;        ///< per-call settings
};

/// `GET /me`: the token's user. Not under an organisation.
struct get_me_request {
    using response_type = user; ///< what client::get_me completes with
    call_options options;       ///< per-call settings
};

/// `GET /users/{id}`: one member.
struct get_user_request {
    using response_type = user; ///< what client::get_user completes with
    std::int64_t user_id = 0;   ///< the member (path); must be positive
    call_options options;       ///< per-call settings
};

/// `POST /users/invite`: invites someone to the organisation. The API's documentation calls
/// every field required; the SDK refuses an empty one before sending.
struct invite_user_request {
    using response_type = user; ///< what client::invite_user completes with
    id_string email;            ///< `email`: where the invitation goes
    id_string first_name;       ///< `first_name`
    id_string last_name;        ///< `last_name`
    id_string role = "light";   ///< "admin", "standard" or "light"
    /// Unset: "You are invited to join our organization on Tallyfy." (the API requires one).
    std::optional<std::string> message;
    call_options options; ///< per-call settings
};

/// `PUT /users/{id}/role` with `{"role"}`.
struct set_user_role_request {
    using response_type = boost::json::value; ///< the API's answer as sent (null when empty)
    std::int64_t user_id = 0;                 ///< the member (path); must be positive
    id_string role;                           ///< "admin", "standard" or "light"
    call_options options;                     ///< per-call settings
};

/// `DELETE /users/{id}/disable`: the member can no longer sign in.
struct disable_user_request {
    using response_type = boost::json::value; ///< the API's answer as sent (null when empty)
    std::int64_t user_id = 0;                 ///< the member (path); must be positive
    call_options options;                     ///< per-call settings
};

/// `PUT /users/{id}/enable`: a disabled member can sign in again.
struct enable_user_request {
    using response_type = boost::json::value; ///< the API's answer as sent (null when empty)
    std::int64_t user_id = 0;                 ///< the member (path); must be positive
    call_options options;                     ///< per-call settings
};

/// A template's automations: the template read with `with=automated_actions` (the API has no
/// list route).
struct list_automations_request {
    using response_type = std::vector<automation>; ///< what client::list_automations gives
    id_string checklist_id;                        ///< the template (path)
    call_options options;                          ///< per-call settings
};

/// `POST /checklists/{id}/automated-actions` with `body` as given (`automated_alias`,
/// `conditions`, `then_actions`, ...).
struct create_automation_request {
    using response_type = automation; ///< what client::create_automation completes with
    id_string checklist_id;           ///< the template (path)
    boost::json::object body;         ///< the automation, sent as given; refused when empty
    call_options options;             ///< per-call settings
};

/// `PUT /checklists/{id}/automated-actions/{automation}` with `body` as given.
struct update_automation_request {
    using response_type = automation; ///< what client::update_automation completes with
    id_string checklist_id;           ///< the template (path)
    id_string automation_id;          ///< the automation (path)
    boost::json::object body;         ///< the automation, sent as given; refused when empty
    call_options options;             ///< per-call settings
};

/// `DELETE /checklists/{id}/automated-actions/{automation}`
struct delete_automation_request {
    using response_type = boost::json::value; ///< the API's answer (null when empty)
    id_string checklist_id;                   ///< the template (path)
    id_string automation_id;                  ///< the automation (path)
    call_options options;                     ///< per-call settings
};

/// `POST /tags` with `{"title", "color"?}`.
struct create_tag_request {
    using response_type = tag;        ///< what client::create_tag completes with
    id_string title;                  ///< at most 30 characters, unique in the organisation
    std::optional<std::string> color; ///< "#rgb" or "#rrggbb"
    call_options options;             ///< per-call settings
};

/// `PUT /tags/{id}`: what is set (at least one of them).
struct update_tag_request {
    using response_type = tag;        ///< what client::update_tag completes with
    id_string tag_id;                 ///< the tag (path)
    std::optional<std::string> title; ///< the new `title`; refused when set and empty
    std::optional<std::string> color; ///< the new `color`, "#rgb" or "#rrggbb"
    call_options options;             ///< per-call settings
};

/// `DELETE /tags/{id}`: the API answers 204 whether or not the tag exists.
struct delete_tag_request {
    using response_type = boost::json::value; ///< null (no content)
    id_string tag_id;                         ///< the tag (path)
    call_options options;                     ///< per-call settings
};

/// What a tag is put on.
enum class tag_subject {
    run,      ///< a run (`subject_type` "Run")
    checklist ///< a template (`subject_type` "Checklist")
};

/// `POST /checklists/tags` with `{"subject_id", "subject_type", "tag_id", "tag_type":"private"}`:
/// the API's one route that tags a run or a template.
struct add_tag_request {
    using response_type = tag_link;         ///< what client::add_tag completes with
    id_string tag_id;                       ///< the tag (`tag_id`)
    tag_subject subject = tag_subject::run; ///< what it is put on (`subject_type`)
    id_string subject_id;                   ///< the run's or the template's id
    call_options options;                   ///< per-call settings
};

/// `DELETE /checklists/tags/{link}`: takes a tag off what add_tag put it on.
struct remove_tag_request {
    using response_type = boost::json::value; ///< null (no content)
    id_string link_id;                        ///< tag_link::id
    call_options options;                     ///< per-call settings
};

/// `POST /folders/add-object` with `{"folder_id", "subject_id", "subject_type":"Run"}`: a run
/// into a process folder. (A template goes into a folder by update_checklist with
/// `extra = {{"folder_id", id}}`, as the API has no such route for templates.)
struct add_to_folder_request {
    using response_type = folder_link; ///< what client::add_to_folder completes with
    id_string folder_id;               ///< the folder (`folder_id`): one of type "run"
    id_string run_id;                  ///< the run (`subject_id`)
    call_options options;              ///< per-call settings
};

/// `DELETE /folders-objects/{link}`: takes a run out of the folder add_to_folder put it in.
struct remove_from_folder_request {
    using response_type = boost::json::value; ///< null (no content)
    id_string link_id;                        ///< folder_link::id
    call_options options;                     ///< per-call settings
};

/// `GET /groups/{id}`
struct get_group_request {
    using response_type = group; ///< what client::get_group completes with
    id_string group_id;          ///< the group (path)
    call_options options;        ///< per-call settings
};

/// `POST /groups` with `{"name", "members", "guests", "description"?}`.
struct create_group_request {
    using response_type = group;            ///< what client::create_group completes with
    id_string name;                         ///< `name`; refused when empty
    std::optional<std::string> description; ///< `description` (unset: not sent)
    std::vector<std::int64_t> members;      ///< user ids
    std::vector<std::string> guests;        ///< emails
    call_options options;                   ///< per-call settings
};

/// `PUT /groups/{id}`: the API needs the name and replaces members and guests; what is unset
/// here is read from the group and sent again (one GET first), so nothing is emptied by omission.
struct update_group_request {
    using response_type = group;                      ///< what client::update_group completes with
    id_string group_id;                               ///< the group (path)
    std::optional<std::string> name;                  ///< the new `name`; unset: kept
    std::optional<std::string> description;           ///< the new `description`; unset: kept
    std::optional<std::vector<std::int64_t>> members; ///< set (even empty) to replace
    std::optional<std::vector<std::string>> guests;   ///< set (even empty) to replace
    call_options options;                             ///< per-call settings
};

/// `DELETE /groups/{id}`
struct delete_group_request {
    using response_type = boost::json::value; ///< null (no content)
    id_string group_id;                       ///< the group (path)
    call_options options;                     ///< per-call settings
};

/// `POST /folders`: a template folder.
struct create_folder_request {
    using response_type = folder;         ///< what client::create_folder completes with
    id_string name;                       ///< `name`; refused when empty
    std::optional<std::string> parent_id; ///< a folder to nest it in
    /// "checklist" (templates; the API's default when unset) or "run" (processes: only such a
    /// folder takes add_to_folder). Fixed once created.
    std::optional<std::string> folder_type;
    call_options options; ///< per-call settings
};

/// `DELETE /folders/{id}`: its subfolders move up; what it held is no longer in it.
struct delete_folder_request {
    using response_type = boost::json::value; ///< null (no content)
    id_string folder_id;                      ///< the folder (path)
    call_options options;                     ///< per-call settings
};

/// `GET /guests/{email}`: one guest, by email (any case).
struct get_guest_request {
    using response_type = guest; ///< what client::get_guest completes with
    id_string email;             ///< the guest's email (one path segment, percent-encoded)
    call_options options;        ///< per-call settings
};

/// `POST /guests`: a guest, before any task is assigned to them.
struct create_guest_request {
    using response_type = guest;           ///< what client::create_guest completes with
    id_string email;                       ///< `email`; refused when empty
    std::optional<std::string> first_name; ///< at most 32 characters
    std::optional<std::string> last_name;  ///< at most 32 characters
    call_options options;                  ///< per-call settings
};

/// `PUT /guests/{email}`: a guest's names. The email is the guest's key and is not changed;
/// only the names set are sent, so a name left unset is kept.
struct update_guest_request {
    using response_type = guest;           ///< what client::update_guest completes with
    id_string email;                       ///< the guest (path)
    std::optional<std::string> first_name; ///< the new `first_name`
    std::optional<std::string> last_name;  ///< the new `last_name`
    call_options options;                  ///< per-call settings
};

/// `POST /tasks`: a standalone task.
struct create_task_request {
    using response_type = task;     ///< what client::create_task completes with
    std::string title;              ///< `title`
    std::string task_type = "task"; ///< "task", "approval", "expiring", "email", "expiring_email"
    tallyfy::owners owners;         ///< the assignees (`owners`, all three buckets sent)
    /// Deadline, ISO-8601 or `YYYY-MM-DD HH:MM:SS` (UTC).
    std::string deadline;
    std::optional<std::string> description; ///< `description` (unset: not sent)
    /// Extra fields passed through verbatim (tags, form_fields, webhook, ...).
    boost::json::object extra;
    call_options options; ///< per-call settings
};

/// Override of one step's task at launch (a value of launch_run_request::tasks).
struct task_override {
    std::optional<std::string> deadline;   ///< `deadline`, ISO-8601 or `YYYY-MM-DD HH:MM:SS`
    std::optional<tallyfy::owners> owners; ///< replaces all three buckets when set
};

/// client::launch_run: `POST /runs`, a run of a template. Only what is set is sent; the empty
/// lists and maps are left out.
struct launch_run_request {
    using response_type = run; ///< what client::launch_run completes with
    id_string checklist_id;    ///< the template launched (`checklist_id`); required
    /// At most 550 characters (checked before sending). Empty: "{template} - {date}".
    inline_string<2200> name;
    std::optional<std::string> summary;   ///< `summary`
    std::optional<std::int64_t> owner_id; ///< `owner_id`: the user who owns the run
    std::optional<std::int64_t> user_id;  ///< `user_id`: the user it is started by (`started_by`)
    std::optional<bool> starred;          ///< `starred`
    std::optional<bool> is_public;        ///< `is_public`
    std::optional<std::string> parent_id; ///< `parent_id`, sent as given
    /// Keyed by kick-off field id. The API silently drops unknown keys.
    std::map<std::string, prerun_value> prerun;
    /// Kick-off values as a person gives them: {field id, alias or label; text}, typed by the
    /// field's kind (form_values.hpp's field_value_from_text). The template's kick-off fields
    /// are read first (one GET); an unknown or ambiguous field, or a value its kind refuses,
    /// fails with invalid_argument before the launch. Merged into `prerun` (over it).
    std::vector<std::pair<std::string, std::string>> prerun_by_label;
    /// Keyed by step id.
    std::map<std::string, task_override> tasks;
    std::vector<std::string> tags;   ///< `tags`, sent as given
    std::vector<std::int64_t> users; ///< `users`: member user ids
    std::vector<std::string> groups; ///< `groups`: member group ids
    /// Role-based assignments keyed by role id, sent as given (`roles` is an object).
    boost::json::object roles;
    std::vector<std::string> folders; ///< `folders`, sent as given
    call_options options;             ///< per-call settings
};

/// The generic escape hatch: any endpoint, JSON in and out.
struct raw_request {
    using response_type = boost::json::value; ///< what client::request completes with
    http_method method = http_method::get;    ///< the HTTP method
    /// Path relative to the base URL, e.g. "/organizations/{org}/me" — `{org}` is replaced by the
    /// org id. Already-encoded segments are sent as they are.
    std::string path;
    std::vector<std::pair<std::string, std::string>> query; ///< encoded by the client
    std::optional<boost::json::value> body; ///< serialised as the body; unset: no body
    /// Whether sending twice is harmless (decides retries after an unknown outcome).
    std::optional<bool> idempotent; ///< default: true for GET/PUT/DELETE, false for POST/PATCH
    call_options options;           ///< per-call settings
};

} // namespace tallyfy
