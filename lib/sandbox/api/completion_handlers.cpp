// SPDX-License-Identifier: BSL-1.0
// Completing and reopening tasks (process and one-off), with approval, required-field and
// re-completion rules; completing activates the next task and may complete the run.
#include "body_fields.hpp"
#include "emulator_state.hpp"
#include "form_values.hpp"

namespace tallyfy::sandbox {
namespace json = boost::json;
using namespace detail;

namespace {

pending_response task_result(json::object task, bool process) {
    if (process)
        task["tasks_changed_by_rules"] = json::object();
    return data_response(std::move(task));
}

} // namespace

pending_response api_emulator::impl::complete_task(const call& c, std::string_view run_id,
                                                   bool process_route) {
    json::object body;
    if (auto err = parse_body(c.request.body, body))
        return *err;
    field_reader f(body, org);
    run_record* r = nullptr;
    if (process_route) {
        r = run(run_id);
        if (r == nullptr)
            return resource_not_found();
    }
    auto task_id = f.string("task_id", true);
    auto is_approved = f.boolean("is_approved");
    std::optional<std::int64_t> override_user;
    if (f.has("override_user")) {
        override_user = user_id_value(body["override_user"]);
        if (!override_user)
            f.fail("override_user", "The override user must be an integer.");
    }
    if (!f.errors.empty())
        return validation_error(options.validation, f.errors);
    task_record* t = task(*task_id);
    if (t == nullptr || t->archived_at || (process_route ? t->run_id != run_id : !t->is_oneoff()))
        return resource_not_found();
    if (override_user && user(*override_user) == nullptr)
        return error_response(403, "The override user is not a member of this organization.");
    if (t->completed()) {
        if (options.recomplete == recomplete_mode::validation_error) {
            if (options.validation == validation_shape::laravel)
                return validation_error(options.validation,
                                        {{"task_id", {"Task is already completed"}}},
                                        "Task is already completed");
            return error_response(422, "Task is already completed");
        }
        ++t->completion_calls;
        task_completed_event(*t, r);
        return task_result(task_json(*t, {}, false), process_route);
    }
    if (t->task_type == "approval" && !is_approved)
        return validation_error(options.validation,
                                {{"is_approved", {"The is approved field is required."}}});
    error_map missing;
    for (const auto& field : fields_of(*t))
        if (field.required && !field_value_filled(t->taskdata.if_contains(field.id)))
            missing["taskdata." + field.id].push_back("The " + field.label + " field is required.");
    if (!missing.empty())
        return validation_error(options.validation, missing);

    const unix_seconds now = now_seconds();
    t->status = "completed";
    t->completed_at = now;
    t->completer_id = override_user.value_or(c.user_id);
    if (t->task_type == "approval" || t->task_type == "expiring" ||
        t->task_type == "expiring_email")
        t->is_approved = is_approved.value_or(true);
    if (!t->started_at)
        t->started_at = now;
    t->last_updated = now;
    ++t->completion_calls;
    const bool run_was_complete = r != nullptr && r->status == "complete";
    if (r != nullptr) {
        activate_next(*r, now);
        refresh_run_status(*r, now);
    }
    task_completed_event(*t, r);
    if (r != nullptr && !run_was_complete && r->status == "complete")
        process_event(*r, "process.completed");
    return task_result(task_json(*t, {}, false), process_route);
}

pending_response api_emulator::impl::reopen_task(const call& c, std::string_view run_id,
                                                 std::string_view task_id, bool process_route) {
    (void)c;
    run_record* r = nullptr;
    if (process_route) {
        r = run(run_id);
        if (r == nullptr)
            return resource_not_found();
    }
    task_record* t = task(task_id);
    if (t == nullptr || t->archived_at || (process_route ? t->run_id != run_id : !t->is_oneoff()))
        return resource_not_found();
    if (!t->completed()) {
        if (options.validation == validation_shape::laravel)
            return validation_error(options.validation, {{"task_id", {"Task is not completed"}}},
                                    "Task is not completed");
        return error_response(422, "Task is not completed");
    }
    const unix_seconds now = now_seconds();
    t->status = "in-progress";
    t->completed_at.reset();
    t->completer_id.reset();
    t->is_approved.reset();
    t->last_updated = now;
    if (r != nullptr)
        refresh_run_status(*r, now);
    return task_result(task_json(*t, {}, false), process_route);
}

} // namespace tallyfy::sandbox
