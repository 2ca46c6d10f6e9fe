// SPDX-License-Identifier: BSL-1.0
// Typed views of the API's objects. Every model keeps the raw JSON object it was decoded from
// (`raw`, see tallyfy/raw_object.hpp), so fields the SDK does not type yet are never lost.
//
// Memory of the JSON a model keeps: tasks of an ordinary response keep that response's text and
// parse it only when `raw` is first read; the other models keep the JSON they were decoded from,
// in the arena the response was parsed into (one block instead of an allocation per JSON value),
// shared by the models of one response. Either way, keeping one model of a page keeps that page's
// text or JSON in memory; copy with `boost::json::object(*t.raw, boost::json::storage_ptr())` to
// detach it. `tasks_changed_by_rules` and the form fields' `value` and `raw` live in that arena
// too, or on the heap for tasks typed from text; `run::prerun` is on the heap. Models compare
// equal when every field, `raw` included, is equal.
#pragma once

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>
#include <tallyfy/raw_object.hpp>

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace tallyfy {

/// A point in time from the API. The API sends `...Z`, `....000Z` or `YYYY-MM-DD HH:MM:SS`
/// (UTC); all decode to this. `null` and absent decode to an empty optional.
using timestamp = std::chrono::sys_time<std::chrono::milliseconds>;

/// Assignees of a task. `users` are user ids; the API sometimes sends user objects instead of
/// ids, which decode to their `id`.
struct owners {
    std::vector<std::int64_t> users; ///< `users`: user ids
    std::vector<std::string> guests; ///< guest emails
    std::vector<std::string> groups; ///< group ids

    /// Equal when all three lists are, in order.
    friend bool operator==(const owners&, const owners&) = default;
};

/// One choice of a dropdown, radio or multi-select form field.
struct field_option {
    std::int64_t id = 0; ///< `id`: what a dropdown_choice or checklist_choice names
    std::string text;    ///< `text` (or `label` when the API sends no text)

    /// Equal when id and text are.
    friend bool operator==(const field_option&, const field_option&) = default;
};

/// A form field (of a task or the kick-off form), with its value when the API includes it.
/// A value for it is typed by `field_type` (see form_values.hpp, field_value_from_text).
struct form_field {
    std::string id;         ///< `id`: what keys `taskdata` and `prerun` values
    std::string label;      ///< `label`: what people see
    std::string field_type; ///< "text", "textarea", "date", "radio", "dropdown", ... (kept as text)
    bool required = false;  ///< `required`: the task cannot be completed without a value
    std::optional<std::string> alias;  ///< `alias`, when the template gives one
    std::vector<field_option> options; ///< dropdown, radio and multi-select choices
    std::vector<field_option> columns; ///< a table's columns (`text`: the column's label)
    boost::json::value value;          ///< null when empty or not included
    raw_object raw;                    ///< the field's JSON object, as sent

    /// Equal when every member, `raw` included, is.
    friend bool operator==(const form_field&, const form_field&) = default;
};

/// A task: a step of a run (process task) or a standalone one-off task. Members are the API's
/// JSON members of the same name; a member the API left out keeps its default.
struct task {
    std::string id;                          ///< `id` (32 hex characters)
    std::int64_t increment_id = 0;           ///< `increment_id`: a number people can read
    std::string title;                       ///< `title`
    std::optional<std::string> run_id;       ///< empty for one-off tasks
    std::optional<std::string> checklist_id; ///< empty for one-off tasks
    std::optional<std::string> step_id;      ///< the template step it was made from
    std::string status; ///< "not-started", "in-progress", "completed", ... (unknown kept as text)
    std::string task_type;           ///< "task", "approval", "expiring", "email", "expiring_email"
    std::optional<bool> is_approved; ///< an approval task's verdict; empty until decided
    bool is_completable = false;     ///< `is_completable`
    bool is_oneoff_task = false;     ///< `is_oneoff_task`: a standalone task
    std::int64_t position = 0;       ///< `position` in its run
    tallyfy::owners owners;          ///< the assignees (`owners`)
    std::optional<timestamp> deadline;        ///< `deadline`
    std::optional<timestamp> started_at;      ///< `started_at`
    std::optional<timestamp> created_at;      ///< `created_at`
    std::optional<timestamp> last_updated;    ///< `last_updated`
    std::optional<timestamp> completed_at;    ///< `completed_at`; empty while open
    std::optional<timestamp> archived_at;     ///< `archived_at`; empty unless archived
    std::optional<std::int64_t> completer_id; ///< the user who completed it (`completer_id`)
    std::optional<std::string> summary;       ///< only on single-task GETs or with `with=summary`
    /// Present on process-task completion/reopen: what the template's rules changed.
    std::optional<boost::json::object> tasks_changed_by_rules;
    /// `with=form_fields`, unwrapped from Fractal's {"data": [...]}.
    std::optional<std::vector<form_field>> form_fields;
    /// Other Fractal-wrapped includes (`run`, `step`, `threads`, ...) are in `raw`, still wrapped.
    raw_object raw;

    /// True when the task is done ("completed"/"complete" or a completion time is set).
    bool is_completed() const noexcept {
        return completed_at.has_value() || status == "completed" || status == "complete";
    }

    /// Equal when every member, `raw` included, is.
    friend bool operator==(const task&, const task&) = default;
};

/// A comment on a task (a "thread" in the API's words): a plain comment, a problem reported, its
/// resolution, an improvement or advice.
struct comment {
    std::string id;      ///< `id`: what update_comment and resolve_problem take
    std::string content; ///< `content`: the text
    std::string label;   ///< "comment", "problem", "resolve", "improvement", "advice"
    std::string state;   ///< "open", "hide-for-guests" (the API's default), "collapsed"
    std::optional<std::int64_t> author_id; ///< `author_id`: the user who wrote it
    std::optional<timestamp> created_at;   ///< `created_at`
    std::optional<timestamp> last_updated; ///< `last_updated`
    raw_object raw;                        ///< the comment's JSON object, as sent

    /// Equal when every member, `raw` included, is.
    friend bool operator==(const comment&, const comment&) = default;
};

/// An uploaded file (the API's asset), answered by client::upload_file. Attaching it to a form
/// field is a second call: form_values.hpp's files_value() makes the value.
struct asset {
    std::string id;            ///< `id`: what download_file, get_asset and delete_file take
    std::string filename;      ///< `filename`
    std::int64_t version = 0;  ///< `version`
    std::string uploaded_from; ///< the form field's id, or "ko_field" for a kick-off field
    std::string subject_id;    ///< the run (or checklist) it was uploaded for
    std::string subject_type;  ///< "Run" or "Checklist"
    std::optional<std::string> step_id;   ///< `step_id`, when sent
    std::string source;                   ///< "local" or "url"
    std::optional<timestamp> uploaded_at; ///< `uploaded_at`
    raw_object raw;                       ///< the asset's JSON object, as sent

    /// Equal when every member, `raw` included, is.
    friend bool operator==(const asset&, const asset&) = default;
};

/// A downloaded file (`GET /file/{id}`): its bytes as sent, at most the transport's
/// `max_body_bytes`. `filename` comes from `Content-Disposition` when the API sends one: it is
/// the server's word, not a safe local path.
struct file_content {
    std::string bytes;        ///< the response body, unchanged
    std::string content_type; ///< the `Content-Type` header, empty when absent
    std::string filename;     ///< empty when no `Content-Disposition` filename was sent

    /// Equal when bytes, content type and filename are.
    friend bool operator==(const file_content&, const file_content&) = default;
};

/// A member of the organisation (`GET /users`), or the token's user (`GET /me`).
struct user {
    std::int64_t id = 0;    ///< `id`: the user id that owners, groups and get_user take
    std::string email;      ///< `email`
    std::string first_name; ///< `first_name`
    std::string last_name;  ///< `last_name`
    std::string role;       ///< "admin", "standard" or "light" (other values kept as sent)
    std::string status;     ///< e.g. "active", "invited", "disabled"; empty when not sent
    std::optional<std::string> timezone;    ///< sent by `GET /me`
    std::optional<timestamp> last_login_at; ///< `last_login_at`; empty when never or not sent
    raw_object raw;                         ///< the user's JSON object, as sent

    /// Equal when every member, `raw` included, is.
    friend bool operator==(const user&, const user&) = default;
};

/// An organisation the token's user belongs to (`GET /me/organizations`).
struct organization {
    std::string id;   ///< `id`: what client_options::org_id and client::with_org take
    std::string name; ///< `name`
    std::optional<timestamp> created_at; ///< `created_at`
    raw_object raw;                      ///< the organisation's JSON object, as sent

    /// Equal when every member, `raw` included, is.
    friend bool operator==(const organization&, const organization&) = default;
};

/// An automation of a template (the API's "automated action": conditions and actions that run
/// when a task is completed or a field changes). Its shape is passed through: `raw` holds it.
struct automation {
    std::string id;    ///< `id`: what update_automation and delete_automation take
    std::string alias; ///< `automated_alias`: its name
    raw_object raw;    ///< the whole automation, as sent

    /// Equal when every member, `raw` included, is.
    friend bool operator==(const automation&, const automation&) = default;
};

/// A tag of runs, tasks and templates.
struct tag {
    std::string id;    ///< `id`
    std::string title; ///< `title`
    std::string color; ///< e.g. "#3b82f6"
    raw_object raw;    ///< the tag's JSON object, as sent

    /// Equal when every member, `raw` included, is.
    friend bool operator==(const tag&, const tag&) = default;
};

/// A group of members and guests, assignable as one.
struct group {
    std::string id;                      ///< `id`: what owners' `groups` hold
    std::string name;                    ///< `name`
    std::string description;             ///< `description`; empty when none
    std::vector<std::int64_t> members;   ///< user ids
    std::vector<std::string> guests;     ///< emails
    std::optional<timestamp> created_at; ///< `created_at`
    raw_object raw;                      ///< the group's JSON object, as sent

    /// Equal when every member, `raw` included, is.
    friend bool operator==(const group&, const group&) = default;
};

/// A folder of templates (and runs).
struct folder {
    std::string id;                       ///< `id`
    std::string name;                     ///< `name`
    std::optional<std::string> parent_id; ///< the folder it is nested in; empty at the top
    std::optional<timestamp> created_at;  ///< `created_at`
    raw_object raw;                       ///< the folder's JSON object, as sent

    /// Equal when every member, `raw` included, is.
    friend bool operator==(const folder&, const folder&) = default;
};

/// A tag put on a run or a template (client::add_tag): `id` is what client::remove_tag takes.
struct tag_link {
    std::string id;           ///< the link's `id`
    std::string tag_id;       ///< `tag_id`: the tag
    std::string subject_id;   ///< `subject_id`: the run or the template
    std::string subject_type; ///< "Run" or "Checklist"
    raw_object raw;           ///< the link's JSON object, as sent

    /// Equal when every member, `raw` included, is.
    friend bool operator==(const tag_link&, const tag_link&) = default;
};

/// A run put in a folder (client::add_to_folder): `id` is what client::remove_from_folder takes.
struct folder_link {
    std::string id;           ///< the link's `id`
    std::string folder_id;    ///< `folder_id`: the folder
    std::string subject_id;   ///< `subject_id`: the run
    std::string subject_type; ///< "Run"
    raw_object raw;           ///< the link's JSON object, as sent

    /// Equal when every member, `raw` included, is.
    friend bool operator==(const folder_link&, const folder_link&) = default;
};

/// One hit of `GET /search`, listed under the kind it was found as.
/// A task hit carries no run id (the API does not send one): `client::get_task(id)` without a run
/// reads the task with it.
struct search_hit {
    std::string kind;   ///< "task", "process", "blueprint", "step", "capture" or "snippet"
    std::string id;     ///< `id` of what was found
    std::string title;  ///< `title`, a process's `name` or a form field's `label`
    std::string status; ///< empty when the kind has none
    std::string type;   ///< e.g. a template's or a process's `type`, a task's `task_type`
    raw_object raw;     ///< the hit's JSON object, as sent

    /// Equal when every member, `raw` included, is.
    friend bool operator==(const search_hit&, const search_hit&) = default;
};

/// Someone outside the organisation whom tasks are assigned to by email.
struct guest {
    std::string id; ///< what client::list_guest_tasks takes; the other guest routes take the email
    std::string email;                     ///< `email`: the guest's key
    std::optional<std::string> first_name; ///< `first_name`, when set
    std::optional<std::string> last_name;  ///< `last_name`, when set
    std::optional<timestamp> disabled_at;  ///< `disabled_at`; empty unless disabled
    std::optional<timestamp> created_at;   ///< `created_at`
    raw_object raw;                        ///< the guest's JSON object, as sent

    /// Equal when every member, `raw` included, is.
    friend bool operator==(const guest&, const guest&) = default;
};

/// Progress of a run (`progress`: `{complete, total, percent}`; a bare number is read as the
/// percentage).
struct run_progress {
    std::int64_t complete = 0; ///< tasks completed
    std::int64_t total = 0;    ///< tasks in all
    double percent = 0;        ///< 0 to 100

    /// Equal when the three numbers are.
    friend bool operator==(const run_progress&, const run_progress&) = default;
};

/// A run (process): a launched instance of a checklist (template). Members are the API's JSON
/// members of the same name; a member the API left out keeps its default.
struct run {
    std::string id;                ///< `id` (32 hex characters)
    std::int64_t increment_id = 0; ///< `increment_id`: a number people can read
    std::string checklist_id;      ///< the template it was launched from
    std::string checklist_title;   ///< that template's title
    std::string name;              ///< `name`
    std::string summary;           ///< `summary`
    std::string status; ///< "active", "complete", "problem", "archived", ... (unknown kept as text)
    run_progress progress;                  ///< `progress`
    std::optional<std::int64_t> started_by; ///< the user who launched it
    std::optional<std::int64_t> owner_id;   ///< the user who owns it
    bool starred = false;                   ///< `starred`
    bool is_public = false;                 ///< `is_public`
    std::string type;                       ///< "procedure", "form", "document"
    std::optional<std::string> parent_id;   ///< `parent_id`, when sent
    std::vector<std::int64_t> users;        ///< member user ids
    std::vector<std::string> groups;        ///< member group ids
    boost::json::object prerun;          ///< kick-off values keyed by field id, as sent by the API
    std::optional<timestamp> created_at; ///< `created_at`
    std::optional<timestamp> started_at; ///< `started_at`
    std::optional<timestamp> last_updated; ///< `last_updated`
    std::optional<timestamp> completed_at; ///< `completed_at`; empty while running
    std::optional<timestamp> archived_at;  ///< `archived_at`; empty unless archived
    std::optional<timestamp> due_date;     ///< `due_date`
    /// `with=next_task`: the next task needing attention (empty when none or not included).
    std::optional<task> next_task;
    /// `with=tasks`, unwrapped.
    std::optional<std::vector<task>> tasks;
    /// `with=form_fields`, unwrapped: the form fields of the run's tasks.
    std::optional<std::vector<form_field>> form_fields;
    /// `with=ko_form_fields`, unwrapped: the kick-off form's fields.
    std::optional<std::vector<form_field>> ko_form_fields;
    raw_object raw; ///< the run's JSON object, as sent (other includes still wrapped)

    /// Equal when every member, `raw` included, is.
    friend bool operator==(const run&, const run&) = default;
};

/// A step of a checklist (template): what each launched run makes a task of.
struct step {
    std::string id;                   ///< the step's timeline id (keys launch_run_request::tasks)
    std::string checklist_id;         ///< its template
    std::string title;                ///< `title`
    std::optional<std::string> alias; ///< `alias`, when the template gives one
    std::string summary;              ///< `summary`: the step's description
    std::string task_type;            ///< "task", "approval", "expiring", "email", "expiring_email"
    std::int64_t position = 0;        ///< `position` in the template
    /// The step's form fields (the API's `captures`), when sent.
    std::optional<std::vector<form_field>> form_fields;
    raw_object raw; ///< the step's JSON object, as sent

    /// Equal when every member, `raw` included, is.
    friend bool operator==(const step&, const step&) = default;
};

/// A checklist (template) one can launch.
struct checklist {
    std::string id;      ///< `id` (32 hex characters)
    std::string title;   ///< `title`
    std::string summary; ///< `summary`
    std::string type;    ///< "procedure", "form", "document" (kept as text)
    std::string status;  ///< e.g. "published", "draft" (kept as text; empty when not sent)
    std::optional<std::int64_t> owner_id;  ///< the user who owns it
    std::vector<std::int64_t> users;       ///< users with access to it
    std::vector<std::string> groups;       ///< groups with access to it
    std::optional<timestamp> created_at;   ///< `created_at`
    std::optional<timestamp> last_updated; ///< `last_updated`
    std::optional<timestamp> archived_at;  ///< set while archived
    /// `with=prerun`: the kick-off fields, whose ids key launch_run_request::prerun.
    std::optional<std::vector<form_field>> prerun;
    /// `with=steps`, unwrapped.
    std::optional<std::vector<step>> steps;
    raw_object raw; ///< the template's JSON object, as sent (other includes still wrapped)

    /// Equal when every member, `raw` included, is.
    friend bool operator==(const checklist&, const checklist&) = default;
};

/// `meta.pagination` of a list response.
struct pagination_meta {
    std::int64_t total = 0;        ///< `total`: items in the whole list
    std::int64_t count = 0;        ///< `count`: items on this page
    std::int64_t per_page = 0;     ///< `per_page`
    std::int64_t current_page = 0; ///< `current_page`, from 1
    std::int64_t total_pages = 0;  ///< `total_pages`
    std::string next_link;         ///< `links.next`, empty when absent (or `links` is `[]`)
    std::string previous_link;     ///< `links.previous`

    /// Equal when every member is.
    friend bool operator==(const pagination_meta&, const pagination_meta&) = default;
};

/// One page of a list.
template <class T>
struct page {
    std::vector<T> items;                      ///< the page's items (`data`), in the API's order
    std::optional<pagination_meta> pagination; ///< absent e.g. with `without_pagination`
};

} // namespace tallyfy
