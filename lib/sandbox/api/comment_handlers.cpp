// SPDX-License-Identifier: BSL-1.0
// Comments on tasks (threads): post, edit, delete, report a problem, resolve it; bot comments on
// tasks; the posts on runs and templates too. What the API
// validates (PostCommentRequest: content, label, state) and its default visibility
// (hide-for-guests when no state is sent). Posts count against the hourly comment cap.
#include "body_fields.hpp"
#include "emulator_state.hpp"
#include "time_format.hpp"

#include <algorithm>
#include <array>

namespace tallyfy::sandbox {
namespace json = boost::json;
using namespace detail;

namespace {

constexpr std::array<std::string_view, 5> labels{"comment", "problem", "resolve", "improvement",
                                                 "advice"};
constexpr std::array<std::string_view, 3> states{"open", "hide-for-guests", "collapsed"};

template <std::size_t N>
bool one_of(const std::array<std::string_view, N>& allowed, std::string_view v) {
    return std::find(allowed.begin(), allowed.end(), v) != allowed.end();
}

/// content (required), label and state of a comment body, checked as the API does.
struct comment_fields {
    std::optional<std::string> content, label, state;
};

comment_fields read_comment(field_reader& f) {
    comment_fields out;
    out.content = f.string("content", true, 65535);
    if (out.content && out.content->empty())
        f.fail("content", "The content field is required.");
    out.label = f.string("label", false);
    if (out.label && !one_of(labels, *out.label))
        f.fail("label", "The selected label is invalid.");
    out.state = f.string("state", false);
    if (out.state && !one_of(states, *out.state))
        f.fail("state", "The selected state is invalid.");
    return out;
}

} // namespace

json::object api_emulator::impl::thread_json(const thread_record& t) const {
    return {{"id", t.id},
            {"content", t.content},
            {"label", t.label},
            {"state", t.state},
            {"author_id", t.author_id},
            {"resolved", t.resolved},
            {"is_bot", t.bot},
            {"created_at", format_timestamp(t.created_at)},
            {"last_updated", format_timestamp(t.last_updated)}};
}

pending_response api_emulator::impl::post_comment(const call& c, std::string_view task_id,
                                                  std::string_view forced_label, bool bot) {
    task_record* t = task(task_id);
    if (t == nullptr || t->archived_at)
        return resource_not_found();
    return post_thread(c, t->threads, forced_label, bot);
}

// `/runs/{id}/...` and `/checklists/{id}/...`: the task routes' rules, the threads kept aside.
pending_response api_emulator::impl::subject_comment(const call& c, std::string_view kind,
                                                     std::string_view id, std::string_view action) {
    const checklist_record* cl = kind == "runs" ? nullptr : checklist(id);
    if (kind == "runs" ? run(id) == nullptr : cl == nullptr || cl->archived_at.has_value())
        return resource_not_found();
    auto& threads = subject_threads[std::string(kind) + "/" + std::string(id)];
    if (action == "resolved-threads")
        return resolve_thread(c, threads);
    return post_thread(c, threads, action == "problem" ? "problem" : "", false);
}

pending_response api_emulator::impl::post_thread(const call& c, std::vector<thread_record>& threads,
                                                 std::string_view forced_label, bool bot) {
    json::object body;
    if (auto err = parse_body(c.request.body, body))
        return *err;
    field_reader f(body, org);
    auto fields = read_comment(f);
    if (!f.errors.empty())
        return validation_error(options.validation, f.errors);
    if (auto wait = comment_cap.admit()) // counted last: only a comment that is posted
        return cap_exceeded("Comment", comment_cap.limit(), *wait);
    thread_record th;
    th.id = new_id();
    th.content = *fields.content;
    th.label = !forced_label.empty() ? std::string(forced_label)
                                     : fields.label.value_or(std::string("comment"));
    th.state = fields.state.value_or(std::string("hide-for-guests"));
    th.author_id = c.user_id;
    th.bot = bot;
    th.created_at = th.last_updated = now_seconds();
    threads.push_back(th);
    return data_response(thread_json(th), 201);
}

pending_response api_emulator::impl::edit_comment(const call& c, std::string_view task_id,
                                                  std::string_view comment_id) {
    task_record* t = task(task_id);
    if (t == nullptr || t->archived_at)
        return resource_not_found();
    auto it = std::find_if(t->threads.begin(), t->threads.end(),
                           [&](const thread_record& th) { return th.id == comment_id; });
    if (it == t->threads.end())
        return resource_not_found();
    if (c.request.method == "DELETE") {
        t->threads.erase(it);
        return pending_response{}; // 200, empty body
    }
    json::object body;
    if (auto err = parse_body(c.request.body, body))
        return *err;
    field_reader f(body, org);
    auto fields = read_comment(f);
    if (!f.errors.empty())
        return validation_error(options.validation, f.errors);
    it->content = *fields.content;
    if (fields.label)
        it->label = *fields.label;
    if (fields.state)
        it->state = *fields.state;
    it->last_updated = now_seconds();
    return data_response(thread_json(*it));
}

// `POST /tasks/{task}/resolved-threads {"thread_id", "content"}`: the problem is marked resolved
// and the content posted as a "resolve" comment.
pending_response api_emulator::impl::resolve_problem(const call& c, std::string_view task_id) {
    task_record* t = task(task_id);
    if (t == nullptr || t->archived_at)
        return resource_not_found();
    return resolve_thread(c, t->threads);
}

pending_response api_emulator::impl::resolve_thread(const call& c,
                                                    std::vector<thread_record>& threads) {
    json::object body;
    if (auto err = parse_body(c.request.body, body))
        return *err;
    field_reader f(body, org);
    auto thread_id = f.string("thread_id", true);
    auto content = f.string("content", true, 65535);
    if (!f.errors.empty())
        return validation_error(options.validation, f.errors);
    auto it = std::find_if(threads.begin(), threads.end(), [&](const thread_record& th) {
        return th.id == *thread_id && th.label == "problem" && !th.resolved;
    });
    if (it == threads.end())
        return validation_error(options.validation,
                                {{"thread_id", {"The selected thread id is invalid."}}});
    if (auto wait = comment_cap.admit()) // the resolution is a comment too
        return cap_exceeded("Comment", comment_cap.limit(), *wait);
    it->resolved = true;
    it->last_updated = now_seconds();
    thread_record th;
    th.id = new_id();
    th.content = *content;
    th.label = "resolve";
    th.state = "open";
    th.author_id = c.user_id;
    th.created_at = th.last_updated = now_seconds();
    threads.push_back(th);
    return data_response(thread_json(th), 201);
}

} // namespace tallyfy::sandbox
