// SPDX-License-Identifier: BSL-1.0
// Folders: create, delete, and their list. One description per endpoint (see operation.hpp);
// this translation unit instantiates their coroutines.
#include "core/client_calls.hpp"
#include "core/pagination/pager_factory.hpp"

#include <boost/json/serialize.hpp>

#include <stdexcept>

namespace tallyfy::detail {

// A second POST is a second folder: never re-sent after an unknown outcome.
template <>
struct operation<create_folder_request> {
    static constexpr std::string_view name = "create_folder";
    static constexpr http_method method = http_method::post;
    static constexpr bool idempotent = false;
    static constexpr bool org_scoped = true;
    static void target(request_target& t, const create_folder_request&) { t.literal("/folders"); }
    static std::string body(const create_folder_request& r) {
        const auto folder_name = checked_text(r.name, "name");
        if (folder_name.empty())
            throw std::invalid_argument("create_folder: name is empty");
        boost::json::object body{{"name", folder_name}};
        if (r.parent_id)
            body["parent_id"] = *r.parent_id;
        if (r.folder_type)
            body["folder_type"] = *r.folder_type;
        return boost::json::serialize(body);
    }
    static constexpr auto decode = decode_folder;
};

// A second DELETE of a deleted folder is a 404: not re-sent blindly.
template <>
struct operation<delete_folder_request> {
    static constexpr std::string_view name = "delete_folder";
    static constexpr http_method method = http_method::delete_;
    static constexpr bool idempotent = false;
    static constexpr bool org_scoped = true;
    static void target(request_target& t, const delete_folder_request& r) {
        t.literal("/folders/").id(r.folder_id, "folder_id");
    }
    static constexpr auto decode = decode_json;
};

// Whether the API keeps one link per (folder, run) is not documented (tags' links are unique):
// not re-sent after an unknown outcome, so a lost answer cannot make a second link.
template <>
struct operation<add_to_folder_request> {
    static constexpr std::string_view name = "add_to_folder";
    static constexpr http_method method = http_method::post;
    static constexpr bool idempotent = false;
    static constexpr bool org_scoped = true;
    static void target(request_target& t, const add_to_folder_request&) {
        t.literal("/folders/add-object");
    }
    static std::string body(const add_to_folder_request& r) {
        request_target check(""); // the ids as the path rules them: no empty or hostile id
        check.id(r.folder_id, "folder_id").id(r.run_id, "run_id");
        return boost::json::serialize(boost::json::object{{"folder_id", r.folder_id.view()},
                                                          {"subject_id", r.run_id.view()},
                                                          {"subject_type", "Run"}});
    }
    static constexpr auto decode = decode_folder_link;
};

// A second DELETE of a removed link is a 404: not re-sent blindly.
template <>
struct operation<remove_from_folder_request> {
    static constexpr std::string_view name = "remove_from_folder";
    static constexpr http_method method = http_method::delete_;
    static constexpr bool idempotent = false;
    static constexpr bool org_scoped = true;
    static void target(request_target& t, const remove_from_folder_request& r) {
        t.literal("/folders-objects/").id(r.link_id, "link_id");
    }
    static constexpr auto decode = decode_json;
};

/// `GET /folders`
struct list_folders {
    using item = folder;
    static constexpr std::string_view name = "list_folders";
    static void target(request_target& t) { t.literal("/folders"); }
    static constexpr auto decode = decode_folder_page;
};

} // namespace tallyfy::detail

TALLYFY_DEFINE_OPERATION(tallyfy::create_folder_request);
TALLYFY_DEFINE_OPERATION(tallyfy::delete_folder_request);
TALLYFY_DEFINE_OPERATION(tallyfy::add_to_folder_request);
TALLYFY_DEFINE_OPERATION(tallyfy::remove_from_folder_request);

namespace tallyfy {

pager<folder> client::list_folders(paging_options paging, call_options options) {
    return detail::make_pager<detail::list_folders>(impl_, paging, options);
}

} // namespace tallyfy
