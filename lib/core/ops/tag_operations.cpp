// SPDX-License-Identifier: BSL-1.0
// Tags: create, update, delete, and their list. One description per endpoint (see
// operation.hpp); this translation unit instantiates their coroutines.
#include "core/client_calls.hpp"
#include "core/pagination/pager_factory.hpp"

#include <boost/json/serialize.hpp>

#include <stdexcept>

namespace tallyfy::detail {

namespace {

void tag_path(request_target& t, const id_string& tag_id) {
    t.literal("/tags/").id(tag_id, "tag_id");
}

boost::json::object tag_body(const std::optional<std::string>& title,
                             const std::optional<std::string>& color) {
    boost::json::object body;
    if (title)
        body["title"] = *title;
    if (color)
        body["color"] = *color;
    return body;
}

} // namespace

// A second POST is a second tag, or the API's 422 for a taken title: never re-sent blindly.
template <>
struct operation<create_tag_request> {
    static constexpr std::string_view name = "create_tag";
    static constexpr http_method method = http_method::post;
    static constexpr bool idempotent = false;
    static constexpr bool org_scoped = true;
    static void target(request_target& t, const create_tag_request&) { t.literal("/tags"); }
    static std::string body(const create_tag_request& r) {
        const auto title = checked_text(r.title, "title");
        if (title.empty())
            throw std::invalid_argument("create_tag: title is empty");
        return boost::json::serialize(tag_body(std::string(title), r.color));
    }
    static constexpr auto decode = decode_tag;
};

template <>
struct operation<update_tag_request> {
    static constexpr std::string_view name = "update_tag";
    static constexpr http_method method = http_method::put;
    static constexpr bool idempotent = true;
    static constexpr bool org_scoped = true;
    static void target(request_target& t, const update_tag_request& r) { tag_path(t, r.tag_id); }
    static std::string body(const update_tag_request& r) {
        if (!r.title && !r.color)
            throw std::invalid_argument("update_tag: nothing to change (no title or color)");
        if (r.title && r.title->empty())
            throw std::invalid_argument("update_tag: title is empty");
        return boost::json::serialize(tag_body(r.title, r.color));
    }
    static constexpr auto decode = decode_tag;
};

// The API answers 204 whether or not the tag exists: sending it again is harmless.
template <>
struct operation<delete_tag_request> {
    static constexpr std::string_view name = "delete_tag";
    static constexpr http_method method = http_method::delete_;
    static constexpr bool idempotent = true;
    static constexpr bool org_scoped = true;
    static void target(request_target& t, const delete_tag_request& r) { tag_path(t, r.tag_id); }
    static constexpr auto decode = decode_json;
};

// The API keeps one link per (subject, tag) (a unique index, MCP's notes) and answers it again:
// safe to re-send.
template <>
struct operation<add_tag_request> {
    static constexpr std::string_view name = "add_tag";
    static constexpr http_method method = http_method::post;
    static constexpr bool idempotent = true;
    static constexpr bool org_scoped = true;
    static void target(request_target& t, const add_tag_request&) { t.literal("/checklists/tags"); }
    static std::string body(const add_tag_request& r) {
        request_target check(""); // the ids as the path rules them: no empty or hostile id
        check.id(r.tag_id, "tag_id").id(r.subject_id, "subject_id");
        return boost::json::serialize(boost::json::object{
            {"subject_id", r.subject_id.view()},
            {"subject_type", r.subject == tag_subject::run ? "Run" : "Checklist"},
            {"tag_id", r.tag_id.view()},
            {"tag_type", "private"}});
    }
    static constexpr auto decode = decode_tag_link;
};

// A second DELETE of a removed link is a 404: not re-sent blindly.
template <>
struct operation<remove_tag_request> {
    static constexpr std::string_view name = "remove_tag";
    static constexpr http_method method = http_method::delete_;
    static constexpr bool idempotent = false;
    static constexpr bool org_scoped = true;
    static void target(request_target& t, const remove_tag_request& r) {
        t.literal("/checklists/tags/").id(r.link_id, "link_id");
    }
    static constexpr auto decode = decode_json;
};

/// `GET /tags`
struct list_tags {
    using item = tag;
    static constexpr std::string_view name = "list_tags";
    static void target(request_target& t) { t.literal("/tags"); }
    static constexpr auto decode = decode_tag_page;
};

} // namespace tallyfy::detail

TALLYFY_DEFINE_OPERATION(tallyfy::create_tag_request);
TALLYFY_DEFINE_OPERATION(tallyfy::update_tag_request);
TALLYFY_DEFINE_OPERATION(tallyfy::delete_tag_request);
TALLYFY_DEFINE_OPERATION(tallyfy::add_tag_request);
TALLYFY_DEFINE_OPERATION(tallyfy::remove_tag_request);

namespace tallyfy {

pager<tag> client::list_tags(paging_options paging, call_options options) {
    return detail::make_pager<detail::list_tags>(impl_, paging, options);
}

} // namespace tallyfy
