// SPDX-License-Identifier: BSL-1.0
// The events the emulator posts when asked to (api_options::webhook_url, a task's `webhook`), in
// the shapes Tallyfy documents: a process event is the run itself plus `process-tasks`,
// `ko-form-fields` and `launcher`; a task event has `this_task`, `process`, `completer` and
// `next_task`. Queued under the state lock; the server posts them in order (webhook_sender).
#include "emulator_state.hpp"

#include <boost/json/serialize.hpp>

namespace tallyfy::sandbox {
namespace json = boost::json;
using namespace detail;

namespace {

json::value person(const user_record* u) {
    if (u == nullptr)
        return nullptr;
    return json::object{
        {"id", u->id}, {"email", u->email}, {"full_name", u->first_name + " " + u->last_name}};
}

} // namespace

void api_emulator::impl::queue_webhook(std::string_view event,
                                       const std::optional<std::string>& own_url,
                                       json::object payload) {
    const std::string& url = own_url && !own_url->empty() ? *own_url : options.webhook_url;
    if (url.empty())
        return;
    outbox.push_back({url, std::string(event), org.org_id, json::serialize(payload)});
    outbox_filled.store(true, std::memory_order_release);
}

void api_emulator::impl::process_event(const run_record& r, std::string_view event) {
    if (options.webhook_url.empty())
        return; // template webhooks are not emulated: only the sandbox-wide URL hears these
    json::object payload = run_json(r, {}, true);
    json::object aliases;
    for (const auto& id : r.task_ids)
        if (const auto* t = task(id); t != nullptr && !t->alias.empty())
            aliases[t->alias] = t->id;
    payload["process-tasks"] = std::move(aliases);
    payload["ko-form-fields"] = r.prerun;
    payload["launcher"] = person(user(r.started_by));
    queue_webhook(event, std::nullopt, std::move(payload));
}

void api_emulator::impl::task_completed_event(const task_record& t, const run_record* r) {
    json::object payload;
    json::object this_task = task_json(t, {}, true);
    this_task["completed_by"] =
        t.completer_id ? json::value(*t.completer_id) : json::value(nullptr);
    payload["this_task"] = std::move(this_task);
    if (r != nullptr) {
        json::object process = run_json(*r, {}, false);
        process["organization_id"] = org.org_id;
        payload["process"] = std::move(process);
        payload["launcher"] = person(user(r->started_by));
        json::value next = next_task_json(*r);
        payload["next_task"] = next.is_null() ? json::value(json::array()) : std::move(next);
    }
    payload["completer"] = person(t.completer_id ? user(*t.completer_id) : nullptr);
    queue_webhook("task.completed", t.webhook, std::move(payload));
}

std::vector<webhook_delivery> api_emulator::take_webhooks() {
    // Asked after every request: most find nothing, without taking the state's lock.
    if (!impl_->outbox_filled.load(std::memory_order_acquire))
        return {};
    std::lock_guard lock(impl_->mutex);
    impl_->outbox_filled.store(false, std::memory_order_relaxed);
    return std::exchange(impl_->outbox, {});
}

} // namespace tallyfy::sandbox
