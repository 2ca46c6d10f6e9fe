// SPDX-License-Identifier: BSL-1.0
// Runs (processes) and checklists (templates): get, launch, and their lists. One description per
// endpoint (see operation.hpp); this translation unit instantiates their coroutines.
#include "core/client_calls.hpp"
#include "core/codec/request_codecs.hpp"
#include "core/list_queries.hpp"
#include "core/pagination/pager_factory.hpp"

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
};

template <>
struct operation<get_checklist_request> {
    static constexpr std::string_view name = "get_checklist";
    static constexpr http_method method = http_method::get;
    static constexpr bool idempotent = true;
    static constexpr bool org_scoped = true;
    static void target(request_target& t, const get_checklist_request& r) {
        t.literal("/checklists/").id(r.checklist_id, "checklist_id");
        if (auto with = codec::includes_text(r.with); !with.empty())
            t.query("with", with);
    }
    static constexpr auto decode = decode_checklist;
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

/// `GET /checklists`
struct list_checklists {
    using item = checklist;
    static constexpr std::string_view name = "list_checklists";
    static void target(request_target& t) { t.literal("/checklists"); }
    static constexpr auto decode = decode_checklist_page;
};

} // namespace tallyfy::detail

TALLYFY_DEFINE_OPERATION(tallyfy::get_run_request);
TALLYFY_DEFINE_OPERATION(tallyfy::launch_run_request);
TALLYFY_DEFINE_OPERATION(tallyfy::get_checklist_request);

namespace tallyfy {

pager<run> client::list_runs(runs_filter filter) {
    return detail::make_pager<detail::list_runs>(impl_, filter.paging, filter.options, filter);
}

pager<checklist> client::list_checklists(paging_options paging, call_options options) {
    return detail::make_pager<detail::list_checklists>(impl_, paging, options);
}

} // namespace tallyfy
