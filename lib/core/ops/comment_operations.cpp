// SPDX-License-Identifier: BSL-1.0
// Comments on tasks (threads): add, update, delete, list, report a problem, resolve it; the
// posts also on runs and templates, and bot comments on tasks. One
// description per endpoint (see operation.hpp); this translation unit instantiates their
// coroutines.
#include "core/client_calls.hpp"

#include <boost/json/serialize.hpp>

#include <stdexcept>

namespace tallyfy::detail {

namespace {

void task_comments(request_target& t, const id_string& task_id) {
    t.literal("/tasks/").id(task_id, "task_id");
}

/// `/tasks/{task_id}`, `/runs/{subject_id}` or `/checklists/{subject_id}`: the thing commented
/// on. The id of the other form must be empty (a request naming both is ambiguous).
void comment_subject_path(request_target& t, comment_subject subject, const id_string& task_id,
                          const id_string& subject_id) {
    if (subject == comment_subject::task) {
        if (!subject_id.empty())
            throw invalid_argument_error("subject_id is set for a task comment (use task_id)");
        task_comments(t, task_id);
        return;
    }
    if (!task_id.empty())
        throw invalid_argument_error("task_id is set for a run or template comment");
    t.literal(subject == comment_subject::run ? "/runs/" : "/checklists/")
        .id(subject_id, "subject_id");
}

/// `{"content", "label"?, "state"?}`; empty content is refused before sending (the API's 422).
std::string comment_body(std::string_view operation, const std::string& content,
                         const std::optional<std::string>& label,
                         const std::optional<std::string>& state) {
    if (content.empty())
        throw std::invalid_argument(std::string(operation) + ": content is empty");
    boost::json::object body{{"content", content}};
    if (label)
        body["label"] = *label;
    if (state)
        body["state"] = *state;
    return boost::json::serialize(body);
}

} // namespace

// A second POST is a second comment: never re-sent after an unknown outcome.
template <>
struct operation<add_comment_request> {
    static constexpr std::string_view name = "add_comment";
    static constexpr http_method method = http_method::post;
    static constexpr bool idempotent = false;
    static constexpr bool org_scoped = true;
    static void target(request_target& t, const add_comment_request& r) {
        if (r.bot && r.subject != comment_subject::task)
            throw invalid_argument_error("bot comments are posted on tasks only");
        comment_subject_path(t, r.subject, r.task_id, r.subject_id);
        t.literal(r.bot ? "/bot-comment" : "/comment");
    }
    static std::string body(const add_comment_request& r) {
        if (r.bot && (r.label || r.state))
            throw std::invalid_argument("add_comment: a bot comment takes no label or state");
        return comment_body(name, r.content, r.label, r.state);
    }
    static constexpr auto decode = decode_comment;
};

template <>
struct operation<update_comment_request> {
    static constexpr std::string_view name = "update_comment";
    static constexpr http_method method = http_method::put;
    static constexpr bool idempotent = true;
    static constexpr bool org_scoped = true;
    static void target(request_target& t, const update_comment_request& r) {
        task_comments(t, r.task_id);
        t.literal("/comment/").id(r.comment_id, "comment_id");
    }
    static std::string body(const update_comment_request& r) {
        return comment_body(name, r.content, r.label, r.state);
    }
    static constexpr auto decode = decode_comment;
};

// A second DELETE of a deleted comment is a 404: not re-sent blindly.
template <>
struct operation<delete_comment_request> {
    static constexpr std::string_view name = "delete_comment";
    static constexpr http_method method = http_method::delete_;
    static constexpr bool idempotent = false;
    static constexpr bool org_scoped = true;
    static void target(request_target& t, const delete_comment_request& r) {
        task_comments(t, r.task_id);
        t.literal("/comment/").id(r.comment_id, "comment_id");
    }
    static constexpr auto decode = decode_json;
};

template <>
struct operation<report_problem_request> {
    static constexpr std::string_view name = "report_problem";
    static constexpr http_method method = http_method::post;
    static constexpr bool idempotent = false;
    static constexpr bool org_scoped = true;
    static void target(request_target& t, const report_problem_request& r) {
        comment_subject_path(t, r.subject, r.task_id, r.subject_id);
        t.literal("/problem");
    }
    static std::string body(const report_problem_request& r) {
        return comment_body(name, r.content, std::nullopt, std::nullopt);
    }
    static constexpr auto decode = decode_comment;
};

template <>
struct operation<resolve_problem_request> {
    static constexpr std::string_view name = "resolve_problem";
    static constexpr http_method method = http_method::post;
    static constexpr bool idempotent = false;
    static constexpr bool org_scoped = true;
    static void target(request_target& t, const resolve_problem_request& r) {
        comment_subject_path(t, r.subject, r.task_id, r.subject_id);
        t.literal("/resolved-threads");
        request_target{""}.id(r.problem_id, "problem_id"); // in the body: validated all the same
    }
    static std::string body(const resolve_problem_request& r) {
        if (r.content.empty())
            throw std::invalid_argument("resolve_problem: content is empty");
        return boost::json::serialize(
            boost::json::object{{"thread_id", r.problem_id.view()}, {"content", r.content}});
    }
    static constexpr auto decode = decode_comment;
};

// The API has no list route: the task is read with its threads.
template <>
struct operation<list_comments_request> {
    static constexpr std::string_view name = "list_comments";
    static constexpr http_method method = http_method::get;
    static constexpr bool idempotent = true;
    static constexpr bool org_scoped = true;
    static void target(request_target& t, const list_comments_request& r) {
        if (!r.run_id.empty())
            t.literal("/runs/").id(r.run_id, "run_id");
        task_comments(t, r.task_id);
        t.query("with", "threads");
    }
    static constexpr auto decode = decode_task_comments;
};

} // namespace tallyfy::detail

TALLYFY_DEFINE_OPERATION(tallyfy::add_comment_request);
TALLYFY_DEFINE_OPERATION(tallyfy::update_comment_request);
TALLYFY_DEFINE_OPERATION(tallyfy::delete_comment_request);
TALLYFY_DEFINE_OPERATION(tallyfy::report_problem_request);
TALLYFY_DEFINE_OPERATION(tallyfy::resolve_problem_request);
TALLYFY_DEFINE_OPERATION(tallyfy::list_comments_request);
