// SPDX-License-Identifier: BSL-1.0
// Runs (processes): get, launch, update, archive, activate, delete, complete or reopen the
// kick-off form, export, and their list. One description
// per endpoint (see operation.hpp); this translation unit instantiates their coroutines.
#include "core/client_calls.hpp"
#include "core/codec/request_codecs.hpp"
#include "core/list_queries.hpp"
#include "core/ops/cross_reads.hpp"
#include "core/pagination/pager_factory.hpp"

#include <tallyfy/form_values.hpp>

namespace tallyfy::detail {

template <>
struct operation<get_run_request> {
    static constexpr std::string_view name = "get_run";
    static constexpr http_method method = http_method::get;
    static constexpr bool idempotent = true;
    static constexpr bool org_scoped = true;
    static void target(request_target& t, const get_run_request& r) {
        t.literal("/runs/").id(r.run_id, "run_id");
        if (auto with = codec::includes_text(r.with); !with.empty())
            t.query("with", with);
        if (r.form_fields_values)
            t.query("form_fields_values", "true");
    }
    static constexpr auto decode = decode_run;
};

// Never re-sent after an unknown outcome: a second launch is a second run.
template <>
struct operation<launch_run_request> {
    static constexpr std::string_view name = "launch_run";
    static constexpr http_method method = http_method::post;
    static constexpr bool idempotent = false;
    static constexpr bool org_scoped = true;
    static void target(request_target& t, const launch_run_request&) { t.literal("/runs"); }
    static std::string body(const launch_run_request& r) { return codec::encode_launch_body(r); }
    static constexpr auto decode = decode_run;

    // Values named by label: the API keys them by field id and drops what it does not know.
    static bool needs_prepare(const launch_run_request& r) { return !r.prerun_by_label.empty(); }
    static boost::asio::awaitable<outcome<launch_run_request>>
    prepare(client_core& core, const launch_run_request& r) {
        get_checklist_request read{.checklist_id = r.checklist_id};
        read.with.prerun = true;
        read.options = r.options;
        auto reading = read_checklist(core, read);
        auto template_ = co_await std::move(reading);
        if (!template_)
            co_return std::move(template_).error();
        launch_run_request full = r;
        full.prerun_by_label.clear();
        std::string refused; // returned after the handler, outside it
        try {
            const auto fields = template_->prerun.value_or(std::vector<form_field>{});
            for (const auto& [key, text] : r.prerun_by_label) {
                const form_field& field = find_field(fields, key);
                full.prerun[field.id] = field_value_from_text(field, text);
            }
        } catch (const std::invalid_argument& e) {
            refused = std::string(name) + ": " + e.what();
        }
        if (!refused.empty())
            co_return make_details(error::invalid_argument, std::move(refused));
        co_return full;
    }
};

// `PUT /runs/{id}` replaces the members with `users` and `groups`, and empties them when left
// out (a rename alone detached everyone, measured on production): an update that changes other
// members reads the run first and sends its members back. The same values twice are harmless.
template <>
struct operation<update_run_request> {
    static constexpr std::string_view name = "update_run";
    static constexpr http_method method = http_method::put;
    static constexpr bool idempotent = true;
    static constexpr bool org_scoped = true;
    static void target(request_target& t, const update_run_request& r) {
        t.literal("/runs/").id(r.run_id, "run_id");
    }
    static std::string body(const update_run_request& r) {
        return codec::encode_update_run_body(r);
    }
    static constexpr auto decode = decode_run;

    static bool needs_prepare(const update_run_request& r) {
        return !r.replace_members && (!r.users || !r.groups);
    }
    static boost::asio::awaitable<outcome<update_run_request>>
    prepare(client_core& core, const update_run_request& r) {
        get_run_request read{.run_id = r.run_id};
        read.options = r.options;
        auto reading = perform<get_run_request>(core, read);
        auto current = co_await std::move(reading);
        if (!current)
            co_return std::move(current).error();
        update_run_request full = r;
        if (!full.users)
            full.users = current->users;
        if (!full.groups)
            full.groups = current->groups;
        co_return full;
    }
};

// Archiving an archived run (or activating an active one) answers with the run as it is.
template <>
struct operation<archive_run_request> {
    static constexpr std::string_view name = "archive_run";
    static http_method method_of(const archive_run_request& r) {
        return r.archive ? http_method::delete_ : http_method::put;
    }
    static constexpr bool idempotent = true;
    static constexpr bool org_scoped = true;
    static void target(request_target& t, const archive_run_request& r) {
        t.literal("/runs/").id(r.run_id, "run_id");
        if (!r.archive)
            t.literal("/activate");
    }
    static constexpr auto decode = decode_run;
};

// A second delete of a deleted run is a 404: not idempotent, never re-sent blindly.
template <>
struct operation<delete_run_request> {
    static constexpr std::string_view name = "delete_run";
    static constexpr http_method method = http_method::delete_;
    static constexpr bool idempotent = false;
    static constexpr bool org_scoped = true;
    static void target(request_target& t, const delete_run_request& r) {
        t.literal("/runs/").id(r.run_id, "run_id").literal("/delete");
    }
    static constexpr auto decode = decode_json;
};

// Completing a completed kick-off form (or reopening an open one) changes nothing.
template <>
struct operation<complete_kickoff_request> {
    static constexpr std::string_view name = "complete_kickoff";
    static http_method method_of(const complete_kickoff_request& r) {
        return r.reopen ? http_method::delete_ : http_method::post;
    }
    static constexpr bool idempotent = true;
    static constexpr bool org_scoped = true;
    static void target(request_target& t, const complete_kickoff_request& r) {
        t.literal("/runs/").id(r.run_id, "run_id").literal("/complete-prerun");
    }
    static constexpr auto decode = decode_json;
};

// A POST that changes nothing (the official CLI treats it as a read): retried like one.
template <>
struct operation<export_run_request> {
    static constexpr std::string_view name = "export_run";
    static constexpr http_method method = http_method::post;
    static constexpr bool idempotent = true;
    static constexpr bool org_scoped = true;
    static void target(request_target& t, const export_run_request& r) {
        t.literal("/runs/").id(r.run_id, "run_id").literal("/export");
    }
    static constexpr auto decode = decode_json;
};

/// `GET /runs`
struct list_runs {
    using item = run;
    static constexpr std::string_view name = "list_runs";
    static void target(request_target& t, const runs_filter& f) {
        t.literal("/runs");
        add_query(t, f);
    }
    static constexpr auto decode = decode_run_page;
};

} // namespace tallyfy::detail

TALLYFY_DEFINE_OPERATION(tallyfy::get_run_request);
TALLYFY_DEFINE_OPERATION(tallyfy::launch_run_request);
TALLYFY_DEFINE_OPERATION(tallyfy::update_run_request);
TALLYFY_DEFINE_OPERATION(tallyfy::archive_run_request);
TALLYFY_DEFINE_OPERATION(tallyfy::delete_run_request);
TALLYFY_DEFINE_OPERATION(tallyfy::complete_kickoff_request);
TALLYFY_DEFINE_OPERATION(tallyfy::export_run_request);

namespace tallyfy {

pager<run> client::list_runs(runs_filter filter) {
    return detail::make_pager<detail::list_runs>(impl_, filter.paging, filter.options, filter);
}

} // namespace tallyfy
