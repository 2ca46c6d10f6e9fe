// SPDX-License-Identifier: BSL-1.0
#include "core/response_decoding.hpp"

#include "core/codec/arena_document.hpp"
#include "core/codec/item_scan.hpp"
#include "core/codec/model_codecs.hpp"
#include "core/codec/raw_sources.hpp"
#include "core/codec/task_stream.hpp"

#include <boost/json/parse.hpp>

#include <cctype>

namespace tallyfy::detail {

namespace json = boost::json;

namespace {

template <class T>
using take_function = T (*)(json::value&&, const codec::json_path&);

error_details not_json(const http_response& response, const boost::system::error_code& ec) {
    error_details d =
        make_details(error::bad_response, "response is not valid JSON (" + ec.message() + ")");
    d.http_status = response.status;
    if (auto id = response.header("X-Request-Id"))
        d.request_id = std::string(*id);
    d.body = response.body.substr(0, 8192);
    return d;
}

error_details undecodable(const http_response& response, const codec::decode_error& e) {
    error_details d = make_details(error::bad_response, e.what());
    d.http_status = response.status;
    if (auto id = response.header("X-Request-Id"))
        d.request_id = std::string(*id);
    return d;
}

// The document path: the reference for semantics and error messages.
template <class T>
outcome<T> decode_document(http_response& response, take_function<T> take) {
    boost::system::error_code ec;
    codec::arena_document document(response.body, ec);
    if (ec)
        return not_json(response, ec);
    try {
        codec::envelope_data(document.root()); // validates the envelope
        T model = take(std::move(document.root().get_object()["data"]), "data");
        document.seal();
        return model;
    } catch (const codec::decode_error& e) {
        return undecodable(response, e);
    }
}

// Pages this small cost little as a document whatever their item count (the item count is
// checked before any model is made); larger ones are scanned for their bound first.
constexpr std::size_t scan_above_bytes = 256 * 1024;

template <class T>
outcome<page<T>> decode_page_document(http_response& response, take_function<T> take,
                                      const codec::page_bounds& bounds) {
    if (response.body.size() > scan_above_bytes) {
        const std::size_t bound = std::min(bounds.keep, bounds.refuse_above);
        if (auto at = codec::offset_of_item(response.body, bound);
            at && *at != std::string_view::npos) {
            if (bounds.refuse_above < bounds.keep)
                return undecodable(response, codec::decode_error(bounds.refusal(std::nullopt)));
            response.body = codec::list_prefix(response.body, *at); // only the items wanted
        }
    }
    boost::system::error_code ec;
    codec::arena_document document(response.body, ec);
    if (ec)
        return not_json(response, ec);
    try {
        auto items = codec::take_page<T>(std::move(document.root()), take, bounds);
        document.seal();
        return items;
    } catch (const codec::decode_error& e) {
        return undecodable(response, e);
    }
}

} // namespace

outcome<task> decode_task(http_response& response) {
    // The body moves into the model: the stream keeps the text for a lazy `raw`.
    if (auto typed = codec::stream_task(response.body)) {
        typed->raw = raw_object(
            codec::make_text_source(std::move(response.body), codec::text_layout::envelope), 0);
        return std::move(*typed);
    }
    return decode_document<task>(response, codec::take_task);
}

outcome<run> decode_run(http_response& response) {
    return decode_document<run>(response, codec::take_run);
}

outcome<checklist> decode_checklist(http_response& response) {
    return decode_document<checklist>(response, codec::take_checklist);
}

outcome<asset> decode_asset(http_response& response) {
    return decode_document<asset>(response, codec::take_asset);
}

outcome<step> decode_step(http_response& response) {
    return decode_document<step>(response, codec::take_step);
}

outcome<form_field> decode_form_field(http_response& response) {
    return decode_document<form_field>(response, codec::take_form_field);
}

outcome<guest> decode_guest(http_response& response) {
    return decode_document<guest>(response, codec::take_guest);
}

outcome<user> decode_user(http_response& response) {
    return decode_document<user>(response, codec::take_user);
}

outcome<automation> decode_automation(http_response& response) {
    return decode_document<automation>(response, codec::take_automation);
}

outcome<tag> decode_tag(http_response& response) {
    return decode_document<tag>(response, codec::take_tag);
}

outcome<group> decode_group(http_response& response) {
    return decode_document<group>(response, codec::take_group);
}

outcome<folder> decode_folder(http_response& response) {
    return decode_document<folder>(response, codec::take_folder);
}

outcome<tag_link> decode_tag_link(http_response& response) {
    return decode_document<tag_link>(response, codec::take_tag_link);
}

outcome<folder_link> decode_folder_link(http_response& response) {
    return decode_document<folder_link>(response, codec::take_folder_link);
}

outcome<comment> decode_comment(http_response& response) {
    return decode_document<comment>(response, codec::take_comment);
}

namespace {

// A list without paging: `{"data": [...]}` (no `member`), or a list included in one object,
// `{"data": {member: [...]}}`, Fractal-wrapped or not; none when the member is absent or null.
template <class T>
outcome<std::vector<T>> decode_list_document(http_response& response, take_function<T> take,
                                             std::string_view member = {}) {
    boost::system::error_code ec;
    codec::arena_document document(response.body, ec);
    if (ec)
        return not_json(response, ec);
    try {
        const codec::json_path data("data");
        const codec::json_path at_member(data, member);
        const codec::json_path& at = member.empty() ? data : at_member;
        json::value* list = nullptr;
        if (member.empty()) {
            if (!document.root().is_object())
                throw codec::decode_error("(root): expected an object");
            list = document.root().get_object().if_contains("data");
            if (list == nullptr)
                throw codec::decode_error("data: expected an array");
        } else {
            codec::envelope_data(document.root()); // validates the envelope
            list = document.root().get_object()["data"].get_object().if_contains(member);
        }
        if (list != nullptr && list->is_object() && list->get_object().size() == 1 &&
            list->get_object().contains("data"))
            list = &list->get_object()["data"]; // Fractal's {"data": [...]}
        std::vector<T> out;
        if (list != nullptr && !list->is_null()) {
            if (!list->is_array())
                throw codec::decode_error(at.str() + ": expected an array");
            out.reserve(list->get_array().size());
            for (std::size_t i = 0; i < list->get_array().size(); ++i)
                out.push_back(take(std::move(list->get_array()[i]), codec::json_path(at, i)));
        }
        document.seal();
        return out;
    } catch (const codec::decode_error& e) {
        return undecodable(response, e);
    }
}

} // namespace

outcome<std::vector<comment>> decode_task_comments(http_response& response) {
    return decode_list_document<comment>(response, codec::take_comment, "threads");
}

outcome<std::vector<automation>> decode_automations(http_response& response) {
    return decode_list_document<automation>(response, codec::take_automation, "automated_actions");
}

outcome<std::vector<step>> decode_steps(http_response& response) {
    return decode_list_document<step>(response, codec::take_step);
}

outcome<std::vector<form_field>> decode_form_fields(http_response& response) {
    return decode_list_document<form_field>(response, codec::take_form_field);
}

outcome<json::value> decode_json(http_response& response) {
    if (response.body.empty())
        return json::value();
    boost::system::error_code ec;
    json::value v = json::parse(response.body, ec);
    if (ec)
        return not_json(response, ec);
    return v;
}

std::string disposition_filename(std::string_view v) {
    // Parameters after the first ';': name=token or name="quoted\"string". `filename*` (RFC
    // 5987) is not read: its name differs, so it never matches.
    std::size_t at = v.find(';');
    while (at != std::string_view::npos) {
        std::size_t p = at + 1;
        while (p < v.size() && (v[p] == ' ' || v[p] == '\t'))
            ++p;
        const std::size_t eq = v.find('=', p);
        if (eq == std::string_view::npos)
            return {};
        std::string_view name = v.substr(p, eq - p);
        while (!name.empty() && (name.back() == ' ' || name.back() == '\t'))
            name.remove_suffix(1);
        std::string value;
        std::size_t q = eq + 1;
        if (q < v.size() && v[q] == '"') {
            for (++q; q < v.size() && v[q] != '"'; ++q) {
                if (v[q] == '\\' && q + 1 < v.size())
                    ++q;
                value += v[q];
            }
            at = v.find(';', q);
        } else {
            at = v.find(';', q);
            value = std::string(v.substr(q, at == std::string_view::npos ? v.npos : at - q));
            while (!value.empty() && (value.back() == ' ' || value.back() == '\t'))
                value.pop_back();
        }
        if (name.size() == 8) {
            std::string lower(name);
            for (auto& c : lower)
                c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
            if (lower == "filename")
                return value;
        }
    }
    return {};
}

outcome<file_content> decode_file_content(http_response& response) {
    file_content out;
    out.bytes = std::move(response.body);
    if (auto type = response.header("Content-Type"))
        out.content_type = std::string(*type);
    if (auto disposition = response.header("Content-Disposition"))
        out.filename = disposition_filename(*disposition);
    return out;
}

outcome<page<task>> decode_task_page(http_response& response, const codec::page_bounds& bounds) {
    // Streamed up to the first task past the bounds: a page of a million tiny items costs the
    // models of the ones wanted, not a million.
    std::size_t cut_at = 0;
    auto typed =
        codec::stream_task_page(response.body, std::min(bounds.keep, bounds.refuse_above), cut_at);
    if (cut_at != std::string_view::npos) {
        if (bounds.refuse_above < bounds.keep)
            return undecodable(response, codec::decode_error(bounds.refusal(std::nullopt)));
        // The tasks' `raw` reads only the text of the tasks kept.
        response.body = codec::list_prefix(response.body, cut_at);
    }
    if (typed) {
        auto text = codec::make_text_source(std::move(response.body), codec::text_layout::list);
        for (std::size_t i = 0; i < typed->items.size(); ++i)
            typed->items[i].raw = raw_object(text, i);
        return std::move(*typed);
    }
    return decode_page_document<task>(response, codec::take_task, bounds);
}

outcome<page<run>> decode_run_page(http_response& response, const codec::page_bounds& bounds) {
    return decode_page_document<run>(response, codec::take_run, bounds);
}

outcome<page<checklist>> decode_checklist_page(http_response& response,
                                               const codec::page_bounds& bounds) {
    return decode_page_document<checklist>(response, codec::take_checklist, bounds);
}

outcome<page<guest>> decode_guest_page(http_response& response, const codec::page_bounds& bounds) {
    return decode_page_document<guest>(response, codec::take_guest, bounds);
}

outcome<page<tag>> decode_tag_page(http_response& response, const codec::page_bounds& bounds) {
    return decode_page_document<tag>(response, codec::take_tag, bounds);
}

outcome<page<group>> decode_group_page(http_response& response, const codec::page_bounds& bounds) {
    return decode_page_document<group>(response, codec::take_group, bounds);
}

outcome<page<folder>> decode_folder_page(http_response& response,
                                         const codec::page_bounds& bounds) {
    return decode_page_document<folder>(response, codec::take_folder, bounds);
}

outcome<page<user>> decode_user_page(http_response& response, const codec::page_bounds& bounds) {
    return decode_page_document<user>(response, codec::take_user, bounds);
}

outcome<page<organization>> decode_organization_page(http_response& response,
                                                     const codec::page_bounds& bounds) {
    return decode_page_document<organization>(response, codec::take_organization, bounds);
}

outcome<page<search_hit>> decode_search_page(http_response& response,
                                             const codec::page_bounds& bounds) {
    boost::system::error_code ec;
    codec::arena_document document(response.body, ec);
    if (ec)
        return not_json(response, ec);
    try {
        auto hits = codec::take_search_page(std::move(document.root()), bounds);
        document.seal();
        return hits;
    } catch (const codec::decode_error& e) {
        return undecodable(response, e);
    }
}

} // namespace tallyfy::detail
