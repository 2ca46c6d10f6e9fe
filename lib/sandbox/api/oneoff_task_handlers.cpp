// SPDX-License-Identifier: BSL-1.0
// One-off tasks' lifecycle: archive (`DELETE /tasks/{id}`, 204), restore, delete for good
// (`DELETE /tasks/{id}/delete`, 204), clone. A process task belongs to its run: refused (422).
#include "body_fields.hpp"
#include "emulator_state.hpp"

#include <algorithm>

namespace tallyfy::sandbox {
namespace json = boost::json;
using namespace detail;

// The task when it is a one-off task; else the response that refuses the call.
std::variant<task_record*, pending_response> api_emulator::impl::oneoff(std::string_view task_id) {
    task_record* t = task(task_id);
    if (t == nullptr)
        return resource_not_found();
    if (!t->is_oneoff())
        return validation_error(options.validation,
                                {{"task_id", {"Only a one-off task can be changed this way."}}});
    return t;
}

pending_response api_emulator::impl::archive_task(const call&, std::string_view task_id) {
    auto found = oneoff(task_id);
    if (auto* refused = std::get_if<pending_response>(&found))
        return std::move(*refused);
    task_record* t = std::get<task_record*>(found);
    if (!t->archived_at)
        t->archived_at = now_seconds();
    return no_content();
}

pending_response api_emulator::impl::restore_task(const call&, std::string_view task_id) {
    auto found = oneoff(task_id);
    if (auto* refused = std::get_if<pending_response>(&found))
        return std::move(*refused);
    task_record* t = std::get<task_record*>(found);
    t->archived_at.reset();
    t->last_updated = now_seconds();
    return data_response(task_json(*t, {}, true));
}

pending_response api_emulator::impl::delete_task(const call&, std::string_view task_id) {
    auto found = oneoff(task_id);
    if (auto* refused = std::get_if<pending_response>(&found))
        return std::move(*refused);
    const std::string id(task_id);
    task_order.erase(std::remove(task_order.begin(), task_order.end(), id), task_order.end());
    tasks.erase(id);
    return no_content();
}

pending_response api_emulator::impl::clone_task(const call& c, std::string_view task_id) {
    auto found = oneoff(task_id);
    if (auto* refused = std::get_if<pending_response>(&found))
        return std::move(*refused);
    const task_record& source = *std::get<task_record*>(found);
    const unix_seconds now = now_seconds();
    task_record copy;
    copy.id = new_id();
    copy.increment_id = ++next_increment;
    copy.title = source.title;
    copy.summary = source.summary;
    copy.task_type = source.task_type;
    copy.owners = source.owners;
    copy.form_fields = source.form_fields; // the fields, not their answers
    copy.tags = source.tags;
    copy.folders = source.folders;
    copy.deadline = source.deadline;
    copy.everyone_must_complete = source.everyone_must_complete;
    copy.can_complete_only_assignees = source.can_complete_only_assignees;
    copy.prevent_guest_comment = source.prevent_guest_comment;
    copy.max_assignable = source.max_assignable;
    copy.webhook = source.webhook;
    copy.starter_id = c.user_id;
    copy.created_at = copy.last_updated = now;
    const std::string id = copy.id;
    tasks.emplace(id, std::move(copy));
    task_order.push_back(id);
    return data_response(task_json(tasks.at(id), {}, true), 201);
}

} // namespace tallyfy::sandbox
