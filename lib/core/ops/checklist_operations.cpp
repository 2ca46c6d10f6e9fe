// SPDX-License-Identifier: BSL-1.0
// Checklists (templates): get, steps, form fields, create, update, archive and delete, clone,
// publish, and their list. One description per endpoint (see operation.hpp); this translation
// unit instantiates their coroutines.
#include "core/client_calls.hpp"
#include "core/codec/request_codecs.hpp"
#include "core/ops/cross_reads.hpp"
#include "core/pagination/pager_factory.hpp"

#include <boost/json/serialize.hpp>

#include <stdexcept>

namespace tallyfy::detail {

namespace {

void checklist_path(request_target& t, const id_string& checklist_id) {
    t.literal("/checklists/").id(checklist_id, "checklist_id");
}

template <class T>
boost::json::array array_of(const std::vector<T>& items) {
    return boost::json::array(items.begin(), items.end());
}

/// The members a create and an update share; an empty title is refused (the API's 422).
boost::json::object checklist_body(std::string_view operation, const std::string& title,
                                   const std::optional<std::string>& summary,
                                   const boost::json::object& extra) {
    if (title.empty())
        throw std::invalid_argument(std::string(operation) + ": title is empty");
    boost::json::object body = extra;
    body["title"] = title;
    if (summary)
        body["summary"] = *summary;
    return body;
}

} // namespace

template <>
struct operation<get_checklist_request> {
    static constexpr std::string_view name = "get_checklist";
    static constexpr http_method method = http_method::get;
    static constexpr bool idempotent = true;
    static constexpr bool org_scoped = true;
    static void target(request_target& t, const get_checklist_request& r) {
        checklist_path(t, r.checklist_id);
        if (auto with = codec::includes_text(r.with); !with.empty())
            t.query("with", with);
    }
    static constexpr auto decode = decode_checklist;
};

template <>
struct operation<list_steps_request> {
    static constexpr std::string_view name = "list_steps";
    static constexpr http_method method = http_method::get;
    static constexpr bool idempotent = true;
    static constexpr bool org_scoped = true;
    static void target(request_target& t, const list_steps_request& r) {
        checklist_path(t, r.checklist_id);
        t.literal("/steps");
    }
    static constexpr auto decode = decode_steps;
};

template <>
struct operation<list_form_fields_request> {
    static constexpr std::string_view name = "list_form_fields";
    static constexpr http_method method = http_method::get;
    static constexpr bool idempotent = true;
    static constexpr bool org_scoped = true;
    static void target(request_target& t, const list_form_fields_request& r) {
        if (r.run_id.empty() == r.checklist_id.empty())
            throw std::invalid_argument("list_form_fields: set one of run_id and checklist_id");
        if (!r.run_id.empty())
            t.literal("/runs/").id(r.run_id, "run_id");
        else
            checklist_path(t, r.checklist_id);
        t.literal("/form-fields");
    }
    static constexpr auto decode = decode_form_fields;
};

// A second POST is a second template: never re-sent after an unknown outcome.
template <>
struct operation<create_checklist_request> {
    static constexpr std::string_view name = "create_checklist";
    static constexpr http_method method = http_method::post;
    static constexpr bool idempotent = false;
    static constexpr bool org_scoped = true;
    static void target(request_target& t, const create_checklist_request&) {
        t.literal("/checklists");
    }
    static std::string body(const create_checklist_request& r) {
        auto body = checklist_body(name, r.title, r.summary, r.extra);
        body["type"] = r.type;
        if (r.users)
            body["users"] = array_of(*r.users);
        if (r.groups)
            body["groups"] = array_of(*r.groups);
        return boost::json::serialize(body);
    }
    static constexpr auto decode = decode_checklist;
};

// `PUT /checklists/{id}` requires the title and replaces the users and groups with access by
// what it sends (none when left out: ChecklistService::update): an update that leaves them unset
// reads the template first and sends them back. The same values twice are harmless.
template <>
struct operation<update_checklist_request> {
    static constexpr std::string_view name = "update_checklist";
    static constexpr http_method method = http_method::put;
    static constexpr bool idempotent = true;
    static constexpr bool org_scoped = true;
    static void target(request_target& t, const update_checklist_request& r) {
        checklist_path(t, r.checklist_id);
    }
    static std::string body(const update_checklist_request& r) {
        auto body = checklist_body(name, r.title.value_or(""), r.summary, r.extra);
        if (r.users || r.replace_permissions)
            body["users"] = array_of(r.users.value_or(std::vector<std::int64_t>{}));
        if (r.groups || r.replace_permissions)
            body["groups"] = array_of(r.groups.value_or(std::vector<std::string>{}));
        return boost::json::serialize(body);
    }
    static constexpr auto decode = decode_checklist;

    static bool needs_prepare(const update_checklist_request& r) {
        return !r.title || (!r.replace_permissions && (!r.users || !r.groups));
    }
    static boost::asio::awaitable<outcome<update_checklist_request>>
    prepare(client_core& core, const update_checklist_request& r) {
        get_checklist_request read{.checklist_id = r.checklist_id};
        read.options = r.options;
        auto reading = perform<get_checklist_request>(core, read);
        auto current = co_await std::move(reading);
        if (!current)
            co_return std::move(current).error();
        update_checklist_request full = r;
        if (!full.title)
            full.title = current->title;
        if (!full.replace_permissions) {
            if (!full.users)
                full.users = current->users;
            if (!full.groups)
                full.groups = current->groups;
        }
        co_return full;
    }
};

// Archiving an archived template answers as the first time; a permanent delete of a deleted
// one is a 404, so it is never re-sent blindly.
template <>
struct operation<delete_checklist_request> {
    static constexpr std::string_view name = "delete_checklist";
    static constexpr http_method method = http_method::delete_;
    static bool is_idempotent(const delete_checklist_request& r) { return !r.permanently; }
    static constexpr bool org_scoped = true;
    static void target(request_target& t, const delete_checklist_request& r) {
        checklist_path(t, r.checklist_id);
        if (r.permanently)
            t.literal("/delete");
    }
    static constexpr auto decode = decode_json;
};

// A second POST is a second copy: never re-sent after an unknown outcome.
template <>
struct operation<clone_checklist_request> {
    static constexpr std::string_view name = "clone_checklist";
    static constexpr http_method method = http_method::post;
    static constexpr bool idempotent = false;
    static constexpr bool org_scoped = true;
    static void target(request_target& t, const clone_checklist_request& r) {
        checklist_path(t, r.checklist_id);
        t.literal("/clone");
    }
    // The official client sends the organisation as `tenant`.
    static std::string body(const clone_checklist_request& r, std::string_view org_id) {
        boost::json::object body{{"tenant", org_id}};
        if (r.title)
            body["title"] = *r.title;
        return boost::json::serialize(body);
    }
    static constexpr auto decode = decode_checklist;
};

template <>
struct operation<publish_checklist_request> {
    static constexpr std::string_view name = "publish_checklist";
    static constexpr http_method method = http_method::put;
    static constexpr bool idempotent = true;
    static constexpr bool org_scoped = true;
    static void target(request_target& t, const publish_checklist_request& r) {
        checklist_path(t, r.checklist_id);
        t.literal("/publish");
    }
    static constexpr auto decode = decode_json;
};

/// `GET /checklists`
struct list_checklists {
    using item = checklist;
    static constexpr std::string_view name = "list_checklists";
    static void target(request_target& t) { t.literal("/checklists"); }
    static constexpr auto decode = decode_checklist_page;
};

boost::asio::awaitable<outcome<checklist>> read_checklist(client_core& core,
                                                          get_checklist_request request) {
    auto reading = perform<get_checklist_request>(core, request);
    co_return co_await std::move(reading);
}

} // namespace tallyfy::detail

TALLYFY_DEFINE_OPERATION(tallyfy::get_checklist_request);
TALLYFY_DEFINE_OPERATION(tallyfy::list_steps_request);
TALLYFY_DEFINE_OPERATION(tallyfy::list_form_fields_request);
TALLYFY_DEFINE_OPERATION(tallyfy::create_checklist_request);
TALLYFY_DEFINE_OPERATION(tallyfy::update_checklist_request);
TALLYFY_DEFINE_OPERATION(tallyfy::delete_checklist_request);
TALLYFY_DEFINE_OPERATION(tallyfy::clone_checklist_request);
TALLYFY_DEFINE_OPERATION(tallyfy::publish_checklist_request);

namespace tallyfy {

pager<checklist> client::list_checklists(paging_options paging, call_options options) {
    return detail::make_pager<detail::list_checklists>(impl_, paging, options);
}

} // namespace tallyfy
