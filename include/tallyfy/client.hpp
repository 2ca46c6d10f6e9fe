// SPDX-License-Identifier: BSL-1.0
// tallyfy::client — the SDK's facade: one object per API account, cheap to share.
//
//     asio::awaitable<void> finish(tallyfy::client& api, std::string run, std::string task) {
//         tallyfy::task done = co_await api.complete_task({.task_id = task, .run_id = run});
//     }
//
// Completion: every operation takes any Asio completion token and completes with
// `void(boost::system::error_code, T)`; awaited with the default token it returns T or throws
// tallyfy::api_error with every detail. The other forms (callbacks, futures, as_tuple,
// redirect_error, deferred, parallel groups) and how to get the details without an exception
// are in completion.hpp. The list_* pagers complete the same way (pager.hpp).
//
// Each operation below documents what it sends and the errors it can complete with; besides
// those, every operation may complete with:
//   * invalid_argument: refused before any I/O (an empty or hostile id, a header with CR/LF);
//   * unauthorized, forbidden, not_found, rate_limited, server_error, http_error: the API's
//     answer (details: status, server message and code, request id);
//   * transport errors (resolve_failed, connection_failed, tls_failed, timeouts, ...), with the
//     system's cause in error_details::cause; deadline_exceeded, retry_budget_exhausted;
//   * bad_response: a 2xx whose body is not what the API documents (complete_task and
//     reopen_task say outcome_unknown instead: the write happened);
//   * cancelled.
// Reads and idempotent writes are retried per the call's retry_policy; a write whose outcome is
// unknown is never re-sent blindly (see each operation).
//
// Cancellation: per-operation cancellation (the token's cancellation slot, e.g.
// `asio::bind_cancellation_slot`, or awaitable operators) ends the call with error::cancelled,
// also during a backoff sleep; a request already written may still have taken effect on the
// server.
//
// Thread safety: a client may be used from any thread, and its operations called concurrently.
// Lifetimes: the request is taken by value; the client may be moved or destroyed while its
// operations are in flight (they keep what they need alive). The executor must outlive them.
#pragma once

#include <tallyfy/api_error.hpp>
#include <tallyfy/batch.hpp>
#include <tallyfy/client_options.hpp>
#include <tallyfy/completion.hpp>
#include <tallyfy/list_filters.hpp>
#include <tallyfy/models.hpp>
#include <tallyfy/pager.hpp>
#include <tallyfy/requests.hpp>
#include <tallyfy/transport.hpp>

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/async_result.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/json/value.hpp>

#include <memory>
#include <string>
#include <type_traits>
#include <vector>

namespace tallyfy {

namespace detail {
struct client_core;
}

/// The SDK's facade: one object per API account (a token and an organisation), cheap to share.
///
/// Completion: every operation takes any Asio completion token and completes with
/// `void(boost::system::error_code, T)`, T being the request's `response_type`; awaited with the
/// default token it returns T or throws api_error with every detail. completion.hpp shows the
/// other forms, and with_details for the details without an exception. The list_* operations
/// return a pager, which completes the same way.
///
/// Errors: each operation says what it sends and its own errors; besides those, any operation
/// may complete with invalid_argument (refused before any I/O: an empty or hostile id, a header
/// with CR/LF), the API's answers (unauthorized, forbidden, not_found, rate_limited,
/// server_error, http_error; details: status, server message and code, request id), transport
/// errors (the system's cause in error_details::cause), deadline_exceeded,
/// retry_budget_exhausted, bad_response (a 2xx whose body is not what the API documents;
/// complete_task and reopen_task say outcome_unknown instead) and cancelled. Reads and
/// idempotent writes are retried per the call's retry_policy; a write whose outcome is unknown is
/// never re-sent blindly.
///
/// Cancellation: the token's cancellation slot (e.g. `asio::bind_cancellation_slot`, awaitable
/// operators) ends the call with error::cancelled, also during a backoff sleep; a request
/// already written may still have taken effect on the server.
///
/// Thread safety: a client may be used from any thread, and its operations called concurrently.
/// Lifetimes: the request is taken by value; the client may be moved or destroyed while its
/// operations are in flight (they keep what they need alive); the executor must outlive them.
class client {
public:
    /// Builds a client with its own HTTPS transport on `executor`.
    /// Throws std::system_error for an invalid base URL, a token with CR/LF/NUL, or insecure
    /// plain http.
    client(boost::asio::any_io_executor executor, client_options options);
    /// Builds a client over any transport (tests, custom stacks).
    client(boost::asio::any_io_executor executor, client_options options,
           std::shared_ptr<tallyfy::transport> transport);
    ~client();
    /// A moved-from client may only be destroyed or assigned to; its operations in flight go on.
    client(client&&) noexcept;
    /// Takes over `other`'s account; this client's operations in flight go on.
    client& operator=(client&&) noexcept;
    client(const client&) = delete;
    client& operator=(const client&) = delete;

    /// A client for another organisation of the same token (`list_my_organizations` lists
    /// them): it shares this client's connection pool, executor, retry budget and rate-limit
    /// pacing (the API limits a user across organisations) and differs only in the organisation
    /// its calls go to. Cheap (one allocation, no connection); either may outlive the other.
    /// `call_options::org_id` still overrides it per call. An empty or hostile id fails each
    /// call with invalid_argument, as a bad `client_options::org_id` does.
    client with_org(std::string org_id) const;

    /// Completes a task: `POST /organizations/{org}/runs/{run}/completed-tasks` with
    /// `{"task_id", "is_approved"?, "override_user"?}` (a process task), or
    /// `POST /organizations/{org}/completed-tasks` (a one-off task, `run_id` empty).
    /// Completes with the completed task (`tasks_changed_by_rules` set for process tasks).
    /// Errors: validation_failed (422: an approval task without is_approved, required form
    /// fields empty), not_found; outcome_unknown when the answer was lost and reading the task
    /// back could not settle it. An answer lost after sending is reconciled: the task is read
    /// back, a completed task is the result, and the completion is sent again only when the
    /// server provably did not apply it, so a task is never completed twice
    /// (retry_policy::reconcile_completions).
    /// With `request.fields`, the values are saved first by an update (as update_task sends
    /// them), then the task is completed: a failed update completes nothing.
    template <class Token = boost::asio::use_awaitable_t<>>
    auto complete_task(complete_task_request request, Token&& token = {}) {
        return start(impl_, std::move(request), std::forward<Token>(token));
    }

    /// Updates a task: `PUT .../runs/{run}/tasks/{task}` (a process task) or `PUT .../tasks/{task}`
    /// (a one-off task, `run_id` empty) with the members of `request` that are set: title,
    /// summary, deadline, started_at, owners, form field values (`taskdata`), max_assignable,
    /// prevent_guest_comment, webhook. Completes with the updated task.
    /// Safe partial updates: the API replaces all three assignee buckets when `owners` is sent (a
    /// missing one is emptied) and its one-off route requires title, deadline and owners on every
    /// call; so when `request.owners` leaves a bucket unset, or a one-off update leaves one of
    /// those unset, the task is read first (`GET`, as get_task) and its current values are sent
    /// with the changed ones. Set `replace_owners` to replace the assignees on purpose (an unset
    /// bucket is then emptied). Between that read and the write, another writer's change of the
    /// same members is overwritten (the API has no conditional update).
    /// Errors: validation_failed (422: a form field value of the wrong shape, an unknown user, a
    /// completed task), not_found. Retried like a read: sending the same values twice is harmless.
    template <class Token = boost::asio::use_awaitable_t<>>
    auto update_task(update_task_request request, Token&& token = {}) {
        return start(impl_, std::move(request), std::forward<Token>(token));
    }

    /** @name Comments */
    /// @{
    /// Comments on a task (the API calls them threads). add_comment: `POST
    /// .../tasks/{task}/comment` with `{"content", "label"?, "state"?}`; without a state the API
    /// hides the comment from guests. update_comment: `PUT .../tasks/{task}/comment/{comment}`.
    /// delete_comment: `DELETE .../tasks/{task}/comment/{comment}` (completes with the API's
    /// answer, null for an empty body). report_problem: `POST .../tasks/{task}/problem` (a comment
    /// labelled "problem"). resolve_problem: `POST .../tasks/{task}/resolved-threads` with the
    /// problem's id and a comment. list_comments: the task read with `with=threads` (there is no
    /// list route), `GET .../runs/{run}/tasks/{task}` when `run_id` is set. Errors:
    /// invalid_argument (empty content, before any I/O), validation_failed (422: an unknown label
    /// or state, a problem id that is not an open problem), not_found, rate_limited (the API caps
    /// comment posting per organisation and hour). The POSTs and delete_comment are never re-sent
    /// after an unknown outcome (outcome_unknown): a second post is a second comment;
    /// update_comment and list_comments are retried like reads. add_comment, report_problem and
    /// resolve_problem post on a run (`/runs/{id}/...`) or a template (`/checklists/{id}/...`)
    /// instead when `subject` says so, `subject_id` naming it (invalid_argument when the id of
    /// the other kind is set, or it is missing). add_comment with `bot`: `POST
    /// .../tasks/{task}/bot-comment` with `{"content"}` (tasks only, no label or state).
    template <class Token = boost::asio::use_awaitable_t<>>
    auto add_comment(add_comment_request request, Token&& token = {}) {
        return start(impl_, std::move(request), std::forward<Token>(token));
    }
    template <class Token = boost::asio::use_awaitable_t<>>
    auto update_comment(update_comment_request request, Token&& token = {}) {
        return start(impl_, std::move(request), std::forward<Token>(token));
    }
    template <class Token = boost::asio::use_awaitable_t<>>
    auto delete_comment(delete_comment_request request, Token&& token = {}) {
        return start(impl_, std::move(request), std::forward<Token>(token));
    }
    template <class Token = boost::asio::use_awaitable_t<>>
    auto report_problem(report_problem_request request, Token&& token = {}) {
        return start(impl_, std::move(request), std::forward<Token>(token));
    }
    template <class Token = boost::asio::use_awaitable_t<>>
    auto resolve_problem(resolve_problem_request request, Token&& token = {}) {
        return start(impl_, std::move(request), std::forward<Token>(token));
    }
    template <class Token = boost::asio::use_awaitable_t<>>
    auto list_comments(list_comments_request request, Token&& token = {}) {
        return start(impl_, std::move(request), std::forward<Token>(token));
    }
    /// @}

    /// Reopens a completed task: `DELETE .../runs/{run}/completed-tasks/{task}` (or
    /// `.../completed-tasks/{task}` for a one-off task). Completes with the reopened task.
    /// Errors: validation_failed (422: the task is not completed), not_found; outcome_unknown
    /// when the answer was lost and reading the task back could not settle it. A lost answer is
    /// reconciled as for complete_task: the task is read back, an open task is the result, and
    /// the reopen is sent again only when the server provably did not apply it, so it is never
    /// sent twice to a task it reopened (a blind retry would report a false 422).
    template <class Token = boost::asio::use_awaitable_t<>>
    auto reopen_task(reopen_task_request request, Token&& token = {}) {
        return start(impl_, std::move(request), std::forward<Token>(token));
    }

    /// Creates a one-off task: `POST /organizations/{org}/tasks` with title, task_type, owners,
    /// deadline, description and `extra`. Completes with the task (201).
    /// Errors: validation_failed (422: missing title, owners or deadline). Never re-sent after
    /// an unknown outcome: outcome_unknown (the task may exist).
    template <class Token = boost::asio::use_awaitable_t<>>
    auto create_task(create_task_request request, Token&& token = {}) {
        return start(impl_, std::move(request), std::forward<Token>(token));
    }

    /** @name One-off tasks */
    /// @{
    /// One-off tasks: archive_task (`DELETE .../tasks/{task}`, answered with an empty 204;
    /// reversible), restore_task (`PUT .../tasks/{task}/restore`, completes with the task),
    /// delete_task (`DELETE .../tasks/{task}/delete`: for good), clone_task (`POST
    /// .../tasks/{task}/clone`: a new task like it, not started; completes with the copy).
    /// Errors: not_found, validation_failed (a process task: runs own theirs). archive_task and
    /// restore_task are retried like reads; delete_task and clone_task are never re-sent after
    /// an unknown outcome (outcome_unknown).
    template <class Token = boost::asio::use_awaitable_t<>>
    auto archive_task(archive_task_request request, Token&& token = {}) {
        return start(impl_, std::move(request), std::forward<Token>(token));
    }
    template <class Token = boost::asio::use_awaitable_t<>>
    auto restore_task(restore_task_request request, Token&& token = {}) {
        return start(impl_, std::move(request), std::forward<Token>(token));
    }
    template <class Token = boost::asio::use_awaitable_t<>>
    auto delete_task(delete_task_request request, Token&& token = {}) {
        return start(impl_, std::move(request), std::forward<Token>(token));
    }
    template <class Token = boost::asio::use_awaitable_t<>>
    auto clone_task(clone_task_request request, Token&& token = {}) {
        return start(impl_, std::move(request), std::forward<Token>(token));
    }
    /// @}

    /// Uploads a file: `POST .../file` as multipart/form-data with the parts `name` (the file:
    /// `filename`, `content_type`, `content`), `subject_id`, `subject_type`, `uploaded_from`
    /// and, when set, `step_id` and `checklist_id`. Completes with the asset (200).
    /// Uploading does not attach: send the asset as the field's value, e.g.
    /// `update_task` with `fields[capture_id] = files_value({asset})` (form_values.hpp).
    /// Errors: invalid_argument (an empty filename or one with CR, LF or NUL, an empty
    /// uploaded_from: before any I/O), validation_failed (422: an extension the API refuses),
    /// http_error (413: too large). Never re-sent after an unknown outcome: outcome_unknown
    /// (the asset may exist). The request holds a copy of `content` until it completes.
    template <class Token = boost::asio::use_awaitable_t<>>
    auto upload_file(upload_file_request request, Token&& token = {}) {
        return start(impl_, std::move(request), std::forward<Token>(token));
    }

    /** @name Files */
    /// @{
    /// Files. download_file: `GET .../file/{id}` (inline, the file's content type) or, with
    /// `attachment`, `GET .../file/{id}/dl`; completes with the bytes, the `Content-Type` and
    /// the `Content-Disposition` filename (a body over the transport's max_body_bytes is
    /// refused). delete_file: `DELETE .../file/{id}` (200, empty: completes with null) removes
    /// the stored file. archive_asset: `DELETE .../assets/{id}` only archives the asset's record.
    /// Errors: invalid_argument (a hostile or empty id, before any I/O), not_found.
    /// download_file and archive_asset are retried like reads; delete_file is never re-sent
    /// after an unknown outcome (outcome_unknown: a second delete is a 404).
    template <class Token = boost::asio::use_awaitable_t<>>
    auto download_file(download_file_request request, Token&& token = {}) {
        return start(impl_, std::move(request), std::forward<Token>(token));
    }
    template <class Token = boost::asio::use_awaitable_t<>>
    auto delete_file(delete_file_request request, Token&& token = {}) {
        return start(impl_, std::move(request), std::forward<Token>(token));
    }
    template <class Token = boost::asio::use_awaitable_t<>>
    auto archive_asset(archive_asset_request request, Token&& token = {}) {
        return start(impl_, std::move(request), std::forward<Token>(token));
    }
    /// @}
    /// An uploaded file's record: `GET .../assets/{id}` (not its bytes). Completes with the
    /// asset. Errors: invalid_argument (a hostile or empty id, before any I/O), not_found.
    /// Retried like a read.
    template <class Token = boost::asio::use_awaitable_t<>>
    auto get_asset(get_asset_request request, Token&& token = {}) {
        return start(impl_, std::move(request), std::forward<Token>(token));
    }

    /// The token's user: `GET /me` (not under an organisation; `timezone` typed). Errors:
    /// unauthorized (an invalid or expired token). Retried like any read.
    template <class Token = boost::asio::use_awaitable_t<>>
    auto get_me(get_me_request request, Token&& token = {}) {
        return start(impl_, std::move(request), std::forward<Token>(token));
    }
    /// The same with default call options: `co_await api.get_me()` (the request is made here,
    /// not as a temporary in the caller's co_await, which g++ 12 miscompiles).
    template <class Token = boost::asio::use_awaitable_t<>>
    requires(!std::is_convertible_v<Token, get_me_request>) auto get_me(Token&& token = {}) {
        return start(impl_, get_me_request{}, std::forward<Token>(token));
    }

    /** @name Members */
    /// @{
    /// Members. get_user: `GET .../users/{id}`. invite_user: `POST .../users/invite` with
    /// `{"email", "first_name", "last_name", "role", "message"}` (all required by the API's
    /// documentation; completes with the invited member, status "invited"). set_user_role: `PUT
    /// .../users/{id}/role` with `{"role"}`; disable_user: `DELETE .../users/{id}/disable`;
    /// enable_user: `PUT .../users/{id}/enable`: these three complete with the API's answer as
    /// JSON (read the member with get_user to see the change). Errors: invalid_argument (a user
    /// id below 1, an empty invitation field: before any I/O), validation_failed (422: a taken
    /// or invalid email, an unknown role), not_found, forbidden (403: not an administrator).
    /// invite_user is never re-sent after an unknown outcome (a second invitation emails the
    /// person again); the others are retried like reads.
    template <class Token = boost::asio::use_awaitable_t<>>
    auto get_user(get_user_request request, Token&& token = {}) {
        return start(impl_, std::move(request), std::forward<Token>(token));
    }
    template <class Token = boost::asio::use_awaitable_t<>>
    auto invite_user(invite_user_request request, Token&& token = {}) {
        return start(impl_, std::move(request), std::forward<Token>(token));
    }
    template <class Token = boost::asio::use_awaitable_t<>>
    auto set_user_role(set_user_role_request request, Token&& token = {}) {
        return start(impl_, std::move(request), std::forward<Token>(token));
    }
    template <class Token = boost::asio::use_awaitable_t<>>
    auto disable_user(disable_user_request request, Token&& token = {}) {
        return start(impl_, std::move(request), std::forward<Token>(token));
    }
    template <class Token = boost::asio::use_awaitable_t<>>
    auto enable_user(enable_user_request request, Token&& token = {}) {
        return start(impl_, std::move(request), std::forward<Token>(token));
    }
    /// @}

    /** @name Automations */
    /// @{
    /// Automations of a template. list_automations: `GET .../checklists/{id}?with=
    /// automated_actions` (the API has no list route; none when the template has none);
    /// create_automation: `POST .../checklists/{id}/automated-actions` with the body as given;
    /// update_automation: `PUT .../automated-actions/{automation}` with the body as given (it
    /// replaces the automation); delete_automation: `DELETE` of the same (completes with the
    /// API's answer, null when empty). Errors: invalid_argument (an empty body, a hostile id:
    /// before any I/O), validation_failed (422: a member of the wrong type), not_found.
    /// create_automation and delete_automation are never re-sent after an unknown outcome (a
    /// second automation; a 404); the others are retried like reads.
    template <class Token = boost::asio::use_awaitable_t<>>
    auto list_automations(list_automations_request request, Token&& token = {}) {
        return start(impl_, std::move(request), std::forward<Token>(token));
    }
    template <class Token = boost::asio::use_awaitable_t<>>
    auto create_automation(create_automation_request request, Token&& token = {}) {
        return start(impl_, std::move(request), std::forward<Token>(token));
    }
    template <class Token = boost::asio::use_awaitable_t<>>
    auto update_automation(update_automation_request request, Token&& token = {}) {
        return start(impl_, std::move(request), std::forward<Token>(token));
    }
    template <class Token = boost::asio::use_awaitable_t<>>
    auto delete_automation(delete_automation_request request, Token&& token = {}) {
        return start(impl_, std::move(request), std::forward<Token>(token));
    }
    /// @}

    /** @name Tags */
    /// @{
    /// Tags. create_tag: `POST .../tags` with `{"title", "color"?}` (201); update_tag: `PUT
    /// .../tags/{id}` with what is set; delete_tag: `DELETE .../tags/{id}`, which the API
    /// answers 204 even for a tag that does not exist (completes with null; no error tells a
    /// missing tag). Errors: invalid_argument (an empty title, nothing to update, a hostile id:
    /// before any I/O), validation_failed (422: a taken or too long title, a colour that is not
    /// hex), not_found (update of an unknown tag). create_tag is never re-sent after an unknown
    /// outcome; the others are retried like reads.
    template <class Token = boost::asio::use_awaitable_t<>>
    auto create_tag(create_tag_request request, Token&& token = {}) {
        return start(impl_, std::move(request), std::forward<Token>(token));
    }
    template <class Token = boost::asio::use_awaitable_t<>>
    auto update_tag(update_tag_request request, Token&& token = {}) {
        return start(impl_, std::move(request), std::forward<Token>(token));
    }
    template <class Token = boost::asio::use_awaitable_t<>>
    auto delete_tag(delete_tag_request request, Token&& token = {}) {
        return start(impl_, std::move(request), std::forward<Token>(token));
    }
    /// @}

    /** @name Tags on runs and templates */
    /// @{
    /// Tags on things. add_tag: `POST .../checklists/tags` (the API's one route for runs and
    /// templates); tagging twice answers the same link, so it is retried like a read.
    /// remove_tag: `DELETE .../checklists/tags/{link}` (204, null) with the link add_tag
    /// answered. Errors: invalid_argument (a hostile id, before any I/O), validation_failed
    /// (422: an unknown tag, or a subject that does not exist or is archived), not_found (an
    /// unknown link; remove_tag is not re-sent after an unknown outcome).
    template <class Token = boost::asio::use_awaitable_t<>>
    auto add_tag(add_tag_request request, Token&& token = {}) {
        return start(impl_, std::move(request), std::forward<Token>(token));
    }
    template <class Token = boost::asio::use_awaitable_t<>>
    auto remove_tag(remove_tag_request request, Token&& token = {}) {
        return start(impl_, std::move(request), std::forward<Token>(token));
    }
    /// @}

    /** @name Runs in folders */
    /// @{
    /// Runs in folders. add_to_folder: `POST .../folders/add-object` (a process folder only:
    /// 422 for a template folder; not re-sent after an unknown outcome); remove_from_folder:
    /// `DELETE .../folders-objects/{link}` (204, null). A template goes into a folder through
    /// update_checklist (`extra = {{"folder_id", id}}`). Errors as for tags.
    template <class Token = boost::asio::use_awaitable_t<>>
    auto add_to_folder(add_to_folder_request request, Token&& token = {}) {
        return start(impl_, std::move(request), std::forward<Token>(token));
    }
    template <class Token = boost::asio::use_awaitable_t<>>
    auto remove_from_folder(remove_from_folder_request request, Token&& token = {}) {
        return start(impl_, std::move(request), std::forward<Token>(token));
    }
    /// @}

    /** @name Groups */
    /// @{
    /// Groups. get_group: `GET .../groups/{id}`; create_group: `POST .../groups` with `{"name",
    /// "description"?, "members", "guests"}` (201); update_group: `PUT .../groups/{id}` with
    /// the name, members and guests always (the API requires the one and replaces the others:
    /// what is unset is read from the group first); delete_group: `DELETE .../groups/{id}`
    /// (204, null). Errors: invalid_argument (an empty name, a hostile id: before any I/O),
    /// validation_failed (422: a member who is not in the organisation, a guest that is not an
    /// email), not_found. create_group and delete_group are never re-sent after an unknown
    /// outcome (a second group; a 404); get_group and update_group are retried like reads.
    template <class Token = boost::asio::use_awaitable_t<>>
    auto get_group(get_group_request request, Token&& token = {}) {
        return start(impl_, std::move(request), std::forward<Token>(token));
    }
    template <class Token = boost::asio::use_awaitable_t<>>
    auto create_group(create_group_request request, Token&& token = {}) {
        return start(impl_, std::move(request), std::forward<Token>(token));
    }
    template <class Token = boost::asio::use_awaitable_t<>>
    auto update_group(update_group_request request, Token&& token = {}) {
        return start(impl_, std::move(request), std::forward<Token>(token));
    }
    template <class Token = boost::asio::use_awaitable_t<>>
    auto delete_group(delete_group_request request, Token&& token = {}) {
        return start(impl_, std::move(request), std::forward<Token>(token));
    }
    /// @}

    /** @name Folders */
    /// @{
    /// Folders. create_folder: `POST .../folders` with `{"name", "parent_id"?, "folder_type"?}`
    /// (201);
    /// delete_folder: `DELETE .../folders/{id}` (204, null; its subfolders move up). Errors:
    /// invalid_argument (an empty name, a hostile id), validation_failed (422: an unknown
    /// parent), not_found. Neither is re-sent after an unknown outcome.
    template <class Token = boost::asio::use_awaitable_t<>>
    auto create_folder(create_folder_request request, Token&& token = {}) {
        return start(impl_, std::move(request), std::forward<Token>(token));
    }
    template <class Token = boost::asio::use_awaitable_t<>>
    auto delete_folder(delete_folder_request request, Token&& token = {}) {
        return start(impl_, std::move(request), std::forward<Token>(token));
    }
    /// @}

    /** @name Guests */
    /// @{
    /// Guests, by email: get_guest `GET .../guests/{email}`, create_guest `POST .../guests`
    /// with `{"email", "first_name"?, "last_name"?}`, update_guest `PUT .../guests/{email}` with
    /// the names set (the API answers 201). The email goes in the path percent-encoded, so no
    /// address can reach another route. Errors: invalid_argument (an empty email, or one with
    /// control characters: before any I/O; a create or update with nothing to send),
    /// validation_failed (422: an invalid or taken email, a name over 32 characters), not_found
    /// (no such guest). create_guest is never re-sent after an unknown outcome (outcome_unknown:
    /// get_guest tells whether it was made); get_guest and update_guest are retried like reads.
    template <class Token = boost::asio::use_awaitable_t<>>
    auto get_guest(get_guest_request request, Token&& token = {}) {
        return start(impl_, std::move(request), std::forward<Token>(token));
    }
    template <class Token = boost::asio::use_awaitable_t<>>
    auto create_guest(create_guest_request request, Token&& token = {}) {
        return start(impl_, std::move(request), std::forward<Token>(token));
    }
    template <class Token = boost::asio::use_awaitable_t<>>
    auto update_guest(update_guest_request request, Token&& token = {}) {
        return start(impl_, std::move(request), std::forward<Token>(token));
    }
    /// @}

    /// Fetches a task: `GET .../runs/{run}/tasks/{task}` or `GET .../tasks/{task}` (`run_id`
    /// empty), with `with=` from `request.with`. Errors: not_found.
    template <class Token = boost::asio::use_awaitable_t<>>
    auto get_task(get_task_request request, Token&& token = {}) {
        return start(impl_, std::move(request), std::forward<Token>(token));
    }

    /// Fetches a run: `GET .../runs/{run}` with `with=` and `form_fields_values=true` when
    /// asked; `next_task` decoded when included. Errors: not_found.
    template <class Token = boost::asio::use_awaitable_t<>>
    auto get_run(get_run_request request, Token&& token = {}) {
        return start(impl_, std::move(request), std::forward<Token>(token));
    }

    /// Launches a run from a checklist: `POST /organizations/{org}/runs` with the checklist id,
    /// name, kick-off values (`prerun`), task overrides, tags, members... Completes with the run
    /// (201). Errors: invalid_argument (name over 550 characters, empty checklist id, before any
    /// I/O), validation_failed, not_found. Never re-sent after an unknown outcome: a launch whose
    /// answer was lost completes with outcome_unknown (the run may exist).
    template <class Token = boost::asio::use_awaitable_t<>>
    auto launch_run(launch_run_request request, Token&& token = {}) {
        return start(impl_, std::move(request), std::forward<Token>(token));
    }

    /// Updates a run: `PUT .../runs/{run}` with the members of `request` that are set (name,
    /// summary, owner_id, starred, is_public, users, groups). Completes with the run.
    /// Safe partial update: the API replaces the run's member users and groups with what the PUT
    /// sends and empties them when it sends none (a rename alone detaches everyone), so when
    /// `users` or `groups` is unset the run is read first (as get_run) and its members are sent
    /// back. `replace_members` replaces them on purpose (an unset list removes them all). A
    /// change by another writer between that read and the write is overwritten.
    /// Errors: invalid_argument (a name over 550 characters), validation_failed, not_found.
    /// Retried like a read: sending the same values twice is harmless.
    template <class Token = boost::asio::use_awaitable_t<>>
    auto update_run(update_run_request request, Token&& token = {}) {
        return start(impl_, std::move(request), std::forward<Token>(token));
    }

    /// Archives a run (`DELETE .../runs/{run}`: reversible, its tasks archived with it) or, with
    /// `archive` false, activates it again (`PUT .../runs/{run}/activate`: the status it had).
    /// Completes with the run; a run already in that state is answered as it is.
    /// Errors: not_found. Retried like a read.
    template <class Token = boost::asio::use_awaitable_t<>>
    auto archive_run(archive_run_request request, Token&& token = {}) {
        return start(impl_, std::move(request), std::forward<Token>(token));
    }

    /// Deletes an archived run for good: `DELETE .../runs/{run}/delete` (an administrator's
    /// token). Completes with the API's answer (null for its empty body).
    /// Errors: validation_failed (422: the run is not archived), forbidden, not_found. Never
    /// re-sent after an unknown outcome: outcome_unknown (the run may be gone).
    template <class Token = boost::asio::use_awaitable_t<>>
    auto delete_run(delete_run_request request, Token&& token = {}) {
        return start(impl_, std::move(request), std::forward<Token>(token));
    }

    /// Completes a run's kick-off form (`POST .../runs/{run}/complete-prerun`) or, with
    /// `reopen`, opens it for changes again (`DELETE .../runs/{run}/complete-prerun`).
    /// Completes with the API's answer. Errors: not_found. Retried like a read.
    template <class Token = boost::asio::use_awaitable_t<>>
    auto complete_kickoff(complete_kickoff_request request, Token&& token = {}) {
        return start(impl_, std::move(request), std::forward<Token>(token));
    }

    /// Exports a run: `POST .../runs/{run}/export` (no body). Completes with the exported
    /// document as the API sends it. Errors: not_found. Retried like a read (an export changes
    /// nothing).
    template <class Token = boost::asio::use_awaitable_t<>>
    auto export_run(export_run_request request, Token&& token = {}) {
        return start(impl_, std::move(request), std::forward<Token>(token));
    }

    /// Fetches a checklist (template): `GET .../checklists/{checklist}` with `with=` from
    /// `request.with`: `prerun` types the kick-off fields (their ids key a launch's values;
    /// form_values.hpp finds them by label), `steps` the steps. Errors: not_found.
    template <class Token = boost::asio::use_awaitable_t<>>
    auto get_checklist(get_checklist_request request, Token&& token = {}) {
        return start(impl_, std::move(request), std::forward<Token>(token));
    }

    /// The steps of a checklist: `GET .../checklists/{checklist}/steps`, in position order,
    /// with their form fields. Errors: not_found.
    template <class Token = boost::asio::use_awaitable_t<>>
    auto list_steps(list_steps_request request, Token&& token = {}) {
        return start(impl_, std::move(request), std::forward<Token>(token));
    }

    /// The form fields of a run (`GET .../runs/{run}/form-fields`, with the values submitted)
    /// when `run_id` is set, else of a checklist's steps (`GET .../checklists/{checklist}/
    /// form-fields`). Errors: invalid_argument (neither or both ids set, before any I/O),
    /// not_found.
    template <class Token = boost::asio::use_awaitable_t<>>
    auto list_form_fields(list_form_fields_request request, Token&& token = {}) {
        return start(impl_, std::move(request), std::forward<Token>(token));
    }

    /// Creates a checklist (template): `POST .../checklists` with `{"title", "type",
    /// "summary"?, "users"?, "groups"?}` and `extra`. Completes with the template (201), a
    /// draft until published. Errors: invalid_argument (an empty title, before any I/O),
    /// validation_failed (422: no type, an unknown user). Never re-sent after an unknown
    /// outcome: outcome_unknown (the template may exist).
    template <class Token = boost::asio::use_awaitable_t<>>
    auto create_checklist(create_checklist_request request, Token&& token = {}) {
        return start(impl_, std::move(request), std::forward<Token>(token));
    }

    /// Updates a checklist: `PUT .../checklists/{checklist}` with the members set and `extra`.
    /// Completes with the template.
    /// Safe partial update: the API requires the title on every update and replaces the users
    /// and groups with access by what the PUT sends (a PUT without them removes everyone's
    /// access), so when the title, `users` or `groups` is unset the template is read first (as
    /// get_checklist) and its current values are sent with the changed ones.
    /// `replace_permissions` replaces the access lists on purpose (an unset list empties it).
    /// A change by another writer between that read and the write is overwritten.
    /// Errors: invalid_argument (an empty title), validation_failed, not_found. Retried like a
    /// read: sending the same values twice is harmless.
    template <class Token = boost::asio::use_awaitable_t<>>
    auto update_checklist(update_checklist_request request, Token&& token = {}) {
        return start(impl_, std::move(request), std::forward<Token>(token));
    }

    /// Archives a checklist (`DELETE .../checklists/{checklist}`: it can no longer be launched,
    /// its runs go on) or, with `permanently`, deletes an archived one for good (`DELETE
    /// .../checklists/{checklist}/delete`, an administrator's token). Completes with the API's
    /// answer (`{"message", "deleted_references"}` for an archive; null for an empty body).
    /// Errors: validation_failed (422: a permanent delete of a template not archived),
    /// forbidden, not_found. An archive is retried like a read; a permanent delete is never
    /// re-sent after an unknown outcome (outcome_unknown).
    template <class Token = boost::asio::use_awaitable_t<>>
    auto delete_checklist(delete_checklist_request request, Token&& token = {}) {
        return start(impl_, std::move(request), std::forward<Token>(token));
    }

    /// Copies a checklist with its steps and kick-off form: `POST .../checklists/{checklist}/
    /// clone` with `{"tenant": org, "title"?}`. Completes with the copy. Errors: not_found.
    /// Never re-sent after an unknown outcome: outcome_unknown (the copy may exist).
    template <class Token = boost::asio::use_awaitable_t<>>
    auto clone_checklist(clone_checklist_request request, Token&& token = {}) {
        return start(impl_, std::move(request), std::forward<Token>(token));
    }

    /// Publishes a checklist's draft: `PUT .../checklists/{checklist}/publish` (no body).
    /// Completes with the API's answer (null for an empty body). Errors: not_found. Retried
    /// like a read.
    template <class Token = boost::asio::use_awaitable_t<>>
    auto publish_checklist(publish_checklist_request request, Token&& token = {}) {
        return start(impl_, std::move(request), std::forward<Token>(token));
    }

    /** @name Template steps and fields */
    /// @{
    /// Template editing. get_step: `GET .../checklists/{checklist}/steps/{step}` (the step with
    /// its form fields); update_step: `PUT` of the same with `title`?, `summary`? and `extra`.
    /// create_step_field: `POST .../steps/{step}/captures` with `{"label", "field_type",
    /// "required", "options"?: [{"id", "text"}]}` and `extra` (201); update_step_field: `PUT
    /// .../captures/{capture}` with the members set; both complete with the field.
    /// delete_step_field: `DELETE .../captures/{capture}`; delete_kickoff_field: `DELETE
    /// .../checklists/{checklist}/preruns/{field}`; both complete with the API's answer (null
    /// when empty). Errors: invalid_argument (a hostile or empty id, an empty label, title or
    /// field_type: before any I/O), validation_failed (422: no label, an unknown field_type),
    /// not_found. get_step, update_step and update_step_field are retried like reads;
    /// create_step_field and the deletes are never re-sent after an unknown outcome
    /// (outcome_unknown: a second field; a 404).
    template <class Token = boost::asio::use_awaitable_t<>>
    auto get_step(get_step_request request, Token&& token = {}) {
        return start(impl_, std::move(request), std::forward<Token>(token));
    }
    template <class Token = boost::asio::use_awaitable_t<>>
    auto update_step(update_step_request request, Token&& token = {}) {
        return start(impl_, std::move(request), std::forward<Token>(token));
    }
    template <class Token = boost::asio::use_awaitable_t<>>
    auto create_step_field(create_step_field_request request, Token&& token = {}) {
        return start(impl_, std::move(request), std::forward<Token>(token));
    }
    template <class Token = boost::asio::use_awaitable_t<>>
    auto update_step_field(update_step_field_request request, Token&& token = {}) {
        return start(impl_, std::move(request), std::forward<Token>(token));
    }
    template <class Token = boost::asio::use_awaitable_t<>>
    auto delete_step_field(delete_step_field_request request, Token&& token = {}) {
        return start(impl_, std::move(request), std::forward<Token>(token));
    }
    template <class Token = boost::asio::use_awaitable_t<>>
    auto delete_kickoff_field(delete_kickoff_field_request request, Token&& token = {}) {
        return start(impl_, std::move(request), std::forward<Token>(token));
    }
    /// @}

    /// Any endpoint: `request.method` on `request.path` (relative to the base URL, `{org}`
    /// replaced by the organisation) with the query and JSON body given. Completes with the whole
    /// response JSON (null for an empty body). Retried as `request.idempotent` says.
    /// Errors: invalid_argument (a path with '?', '#', spaces or CR/LF), bad_response (not JSON).
    template <class Token = boost::asio::use_awaitable_t<>>
    auto request(raw_request request, Token&& token = {}) {
        return start(impl_, std::move(request), std::forward<Token>(token));
    }

    /// Completes every task of `requests`, `options.concurrency` at a time, and reports each one
    /// to `on_item` exactly once (see batch.hpp). Each item is sent as complete_task sends it
    /// (retried, reconciled when its answer is lost, never completed twice) with its own
    /// call_options, except that its retry policy waits for the rate limit as long as the batch's
    /// deadline allows (`max_retry_after` unbounded, `total_deadline` = what is left of
    /// `options.deadline`, or none). Completes with the counts; a failed item never fails the
    /// batch.
    /// Cancellation: the awaiting coroutine's cancellation cancels the calls in flight
    /// (reported as cancelled) and reports the items not yet started as not attempted
    /// (cancelled); the batch then returns normally with its summary.
    /// Runs on the client's executor; `requests` is taken by value and `on_item` is kept until
    /// the batch ends.
    boost::asio::awaitable<batch_summary>
    complete_tasks(std::vector<complete_task_request> requests, batch_options options,
                   batch_listener on_item);

    /// Lists a run's tasks (`GET .../runs/{run}/tasks`), lazily, page by page (see pager.hpp).
    /// An invalid run id fails at the first next() with invalid_argument.
    pager<task> list_run_tasks(std::string run_id, run_tasks_filter filter = {});
    /// Lists the organisation's tasks (`GET .../tasks`).
    pager<task> list_org_tasks(org_tasks_filter filter = {});
    /// Lists the tasks assigned to the token's user (`GET .../me/tasks`), with the same filters.
    pager<task> list_my_tasks(org_tasks_filter filter = {});
    /// Lists the tasks assigned to a member (`GET .../users/{user}/tasks`). A user id below 1
    /// fails at the first next() with invalid_argument.
    pager<task> list_user_tasks(std::int64_t user_id, org_tasks_filter filter = {});
    /// Lists the tasks assigned to a guest (`GET .../guests/{guest}/tasks`). The path takes the
    /// guest's id, not the email (`GET .../guests` lists both). The API pages this list by 10
    /// whatever `filter.paging.per_page` asks; the pager follows its pages all the same. An empty
    /// or hostile id fails at the first next() with invalid_argument; an unknown guest with
    /// not_found.
    pager<task> list_guest_tasks(std::string guest_id, org_tasks_filter filter = {});
    /// Lists runs (`GET .../runs`).
    pager<run> list_runs(runs_filter filter = {});
    /// Lists checklists (templates) one can launch (`GET .../checklists`).
    pager<checklist> list_checklists(paging_options paging = {}, call_options options = {});
    /// Lists the organisation's members (`GET .../users?q=&sort=&with=`).
    pager<user> list_users(users_filter filter = {});
    /// Lists the organisations of the token's user (`GET /me/organizations`); an id is what
    /// `client_options::org_id` or `call_options::org_id` takes.
    pager<organization> list_my_organizations(paging_options paging = {},
                                              call_options options = {});
    /** @name Lists of tags, groups and folders */
    /// @{
    /// Lists the organisation's tags (`GET .../tags`), groups (`GET .../groups`) and folders
    /// (`GET .../folders`).
    pager<tag> list_tags(paging_options paging = {}, call_options options = {});
    pager<group> list_groups(paging_options paging = {}, call_options options = {});
    pager<folder> list_folders(paging_options paging = {}, call_options options = {});
    /// @}
    /// Lists the organisation's guests (`GET .../guests`).
    pager<guest> list_guests(paging_options paging = {}, call_options options = {});
    /// Searches the organisation (`GET .../search?search=QUERY&on=KINDS`): hits of every kind in
    /// `filter.on` (tasks, processes and blueprints when empty), each with the kind it was found
    /// as. The API pages each kind on its own: page n of the walk is page n of every kind, and the
    /// walk ends after the last page of the longest. Task hits carry no run id. An empty query,
    /// or one over 1024 bytes, fails at the first next() with invalid_argument.
    pager<search_hit> search(std::string query, search_filter filter = {});

    /// The connection pool's counters.
    pool_stats stats() const;
    /// The options the client was built with (for a with_org client, with its org_id).
    const client_options& options() const noexcept;
    /// The executor the client's operations run on.
    boost::asio::any_io_executor get_executor() const noexcept;

private:
    using core_ptr = std::shared_ptr<detail::client_core>;

    explicit client(core_ptr core) noexcept; // a view over an existing core (with_org)

    // The default token awaited: the call runs inside the awaiting coroutine and a failure is
    // thrown as api_error (co_call). Any other token: async_initiate over the type-erased
    // async_call. Both are defined in the library, once per request type.
    template <class Request, class Token>
    static auto start(const core_ptr& core, Request request, Token&& token) {
        using T = typename Request::response_type;
        using plain = std::decay_t<Token>;
        if constexpr (std::is_same_v<plain, boost::asio::use_awaitable_t<>>) {
            return co_call<Request>(core, std::move(request));
        } else if constexpr (detail::is_slot_bound_awaitable<plain>) {
            return detail::await_with_slot<T>(
                token.get_cancellation_slot(),
                [core, request = std::move(request)](auto bound, error_details* details) mutable {
                    return initiate<T>(core, std::move(request), std::move(bound), details);
                });
        } else if constexpr (detail::is_with_details<plain>) {
            return initiate<T>(core, std::move(request), std::forward<Token>(token).token,
                               token.details);
        } else {
            return initiate<T>(core, std::move(request), std::forward<Token>(token), nullptr);
        }
    }

    template <class T, class Request, class Token>
    static auto initiate(const core_ptr& core, Request request, Token&& token,
                         error_details* details) {
        return boost::asio::async_initiate<Token, void(boost::system::error_code, T)>(
            [core, details](auto handler, Request r) {
                async_call<Request>(core, std::move(r), operation_handler<T>(std::move(handler)),
                                    details);
            },
            token, std::move(request));
    }

    template <class Request>
    static boost::asio::awaitable<typename Request::response_type> co_call(core_ptr core,
                                                                           Request request);
    template <class Request>
    static void async_call(core_ptr core, Request request,
                           operation_handler<typename Request::response_type> handler,
                           error_details* details);

    core_ptr impl_;
};

} // namespace tallyfy
