// SPDX-License-Identifier: BSL-1.0
// Decoding of the API's objects into the typed models (tallyfy/models.hpp).
#pragma once

#include "core/codec/json_reader.hpp"
#include "core/codec/page_bounds.hpp"

#include <tallyfy/models.hpp>

#include <boost/json/value.hpp>

#include <algorithm>
#include <optional>
#include <string>

namespace tallyfy::codec {

task decode_task(const boost::json::value& v, const json_path& path);
run decode_run(const boost::json::value& v, const json_path& path);
checklist decode_checklist(const boost::json::value& v, const json_path& path);
/// The same, moving the parsed object into `raw` instead of copying it (the caller's document is
/// left with an empty object in its place).
task take_task(boost::json::value&& v, const json_path& path);
run take_run(boost::json::value&& v, const json_path& path);
checklist take_checklist(boost::json::value&& v, const json_path& path);
comment take_comment(boost::json::value&& v, const json_path& path);
step take_step(boost::json::value&& v, const json_path& path);
form_field take_form_field(boost::json::value&& v, const json_path& path);
asset take_asset(boost::json::value&& v, const json_path& path);
guest take_guest(boost::json::value&& v, const json_path& path);
user take_user(boost::json::value&& v, const json_path& path);
organization take_organization(boost::json::value&& v, const json_path& path);
tag take_tag(boost::json::value&& v, const json_path& path);
automation take_automation(boost::json::value&& v, const json_path& path);
group take_group(boost::json::value&& v, const json_path& path);
folder take_folder(boost::json::value&& v, const json_path& path);
tag_link take_tag_link(boost::json::value&& v, const json_path& path);
folder_link take_folder_link(boost::json::value&& v, const json_path& path);
search_hit take_search_hit(std::string_view kind, boost::json::value&& v, const json_path& path);
/// A page of `GET /search`: one list per kind, merged (see the definition).
page<search_hit> take_search_page(boost::json::value&& root, const page_bounds& bounds);

/// Types a task's members one at a time, in document order, into `out`. Both the document
/// decoder and the stream decoder (task_stream.hpp) go through it, so they read every member the
/// same way.
class task_builder {
public:
    static constexpr int member_count = 23;

    /// `path` names the task in error messages; JSON the task keeps as JSON
    /// (`tasks_changed_by_rules`, form fields) is copied into `keep`.
    task_builder(task& out, const json_path& path, boost::json::storage_ptr keep);

    /// Which typed member `key` is; -1 when the model does not type it (kept in `raw` only).
    static int member_index(std::string_view key) noexcept;
    /// Types member `index` (from member_index) named `key`, whose value is `v` (nullptr when
    /// null). Throws decode_error for a value of the wrong type.
    void member(int index, std::string_view key, const boost::json::value* v);
    /// The same for a string value, without a JSON value around it. False when member `index`
    /// is not read as text: call member() instead.
    bool member_text(int index, std::string_view key, std::string_view text);
    /// Throws decode_error when the task has no id. `raw` is left to the caller.
    void finish() const;

private:
    task& task_;
    const json_path& path_;
    boost::json::storage_ptr keep_;
    bool has_id_ = false;
};

form_field decode_form_field(const boost::json::value& v, const json_path& path);
/// The same, with the field's JSON (`value`, `raw`) copied into `storage`.
form_field decode_form_field(const boost::json::value& v, const json_path& path,
                             const boost::json::storage_ptr& storage);
owners decode_owners(const boost::json::object& o, const json_path& path);
/// `meta.pagination`; `links` may be `[]` or an object with `next`/`previous`.
pagination_meta decode_pagination(const boost::json::value& v, const json_path& path);
pagination_meta decode_pagination(const boost::json::object& o, const json_path& path);

/// `meta.pagination` of a list envelope; empty when absent.
std::optional<pagination_meta> decode_page_meta(const json_reader& root);
/// The same from the `meta` value (nullptr when absent or null) found at `path`.
std::optional<pagination_meta> decode_page_meta(const boost::json::value* meta,
                                                const json_path& path);

/// The `data` member of an item envelope `{"data": {...}}`.
const boost::json::value& envelope_data(const boost::json::value& root);

/// A list envelope `{"data": [...], "meta": {"pagination": ...}}`.
template <class T, class Decode>
page<T> decode_page(const boost::json::value& root, Decode decode) {
    page<T> out;
    if (!root.is_object())
        throw decode_error("(root): expected an object");
    json_reader reader(root.get_object(), "");
    auto items = reader.optional_array("data");
    if (!items)
        throw decode_error("data: expected an array");
    const json_path items_path("data");
    out.items.reserve(items->size());
    for (std::size_t i = 0; i < items->size(); ++i)
        out.items.push_back(decode((*items)[i], json_path(items_path, i)));
    out.pagination = decode_page_meta(reader);
    return out;
}

/// decode_page, moving each item into its model (`root` is consumed). Honours `bounds`: a page
/// over `refuse_above` throws decode_error before any item is decoded; only `keep` items are.
template <class T, class Take>
page<T> take_page(boost::json::value&& root, Take take, const page_bounds& bounds = {}) {
    page<T> out;
    if (!root.is_object())
        throw decode_error("(root): expected an object");
    auto& object = root.get_object();
    json_reader reader(object, "");
    out.pagination = decode_page_meta(reader);
    auto it = object.find("data");
    if (it == object.end() || !it->value().is_array())
        throw decode_error("data: expected an array");
    auto& items = it->value().get_array();
    if (items.size() > bounds.refuse_above && bounds.refuse_above < bounds.keep)
        throw decode_error(bounds.refusal(items.size()));
    const std::size_t count = std::min(items.size(), bounds.keep); // no more is wanted
    const json_path items_path("data");
    out.items.reserve(count);
    for (std::size_t i = 0; i < count; ++i)
        out.items.push_back(take(std::move(items[i]), json_path(items_path, i)));
    return out;
}

} // namespace tallyfy::codec
