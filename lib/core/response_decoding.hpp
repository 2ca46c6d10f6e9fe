// SPDX-License-Identifier: BSL-1.0
// From a 2xx response to the typed model: the response decoders that operation descriptions
// name. Each consumes the body (moved into the model's `raw`) and returns bad_response, with the
// JSON path of the problem, instead of throwing.
#pragma once

#include "core/codec/page_bounds.hpp"
#include "core/outcome.hpp"

#include <tallyfy/models.hpp>

#include <boost/json/value.hpp>

namespace tallyfy::detail {

/// `{"data": {...}}` of one task: typed straight from the text when it is well formed, else
/// through the document decoder (see codec/task_stream.hpp).
outcome<task> decode_task(http_response& response);
outcome<run> decode_run(http_response& response);
outcome<checklist> decode_checklist(http_response& response);
outcome<comment> decode_comment(http_response& response);
outcome<asset> decode_asset(http_response& response);
outcome<step> decode_step(http_response& response);
outcome<form_field> decode_form_field(http_response& response);
outcome<guest> decode_guest(http_response& response);
outcome<user> decode_user(http_response& response);
outcome<tag> decode_tag(http_response& response);
outcome<automation> decode_automation(http_response& response);
/// A template's `data.automated_actions` (a plain array or Fractal-wrapped; none when absent).
outcome<std::vector<automation>> decode_automations(http_response& response);
outcome<group> decode_group(http_response& response);
outcome<folder> decode_folder(http_response& response);
outcome<tag_link> decode_tag_link(http_response& response);
outcome<folder_link> decode_folder_link(http_response& response);
/// The comments of a task read with `with=threads` (`data.threads.data[]`, none when absent).
outcome<std::vector<comment>> decode_task_comments(http_response& response);
/// `{"data": [...]}` of a checklist's steps, of form fields (no paging).
outcome<std::vector<step>> decode_steps(http_response& response);
outcome<std::vector<form_field>> decode_form_fields(http_response& response);
/// The whole body as JSON; null for an empty body.
outcome<boost::json::value> decode_json(http_response& response);
/// The body as bytes (not parsed), with `Content-Type` and the `Content-Disposition` filename.
outcome<file_content> decode_file_content(http_response& response);
/// The `filename` parameter of a `Content-Disposition` value (quoted or a token), else empty.
std::string disposition_filename(std::string_view disposition);

/// `{"data": [...], "meta": {"pagination": ...}}`: at most `bounds.keep` items become models; a
/// page over `bounds.refuse_above` is bad_response, refused before its items are decoded.
outcome<page<task>> decode_task_page(http_response& response, const codec::page_bounds& bounds);
outcome<page<run>> decode_run_page(http_response& response, const codec::page_bounds& bounds);
outcome<page<checklist>> decode_checklist_page(http_response& response,
                                               const codec::page_bounds& bounds);
outcome<page<guest>> decode_guest_page(http_response& response, const codec::page_bounds& bounds);
outcome<page<tag>> decode_tag_page(http_response& response, const codec::page_bounds& bounds);
outcome<page<group>> decode_group_page(http_response& response, const codec::page_bounds& bounds);
outcome<page<folder>> decode_folder_page(http_response& response, const codec::page_bounds& bounds);
outcome<page<user>> decode_user_page(http_response& response, const codec::page_bounds& bounds);
outcome<page<organization>> decode_organization_page(http_response& response,
                                                     const codec::page_bounds& bounds);
outcome<page<search_hit>> decode_search_page(http_response& response,
                                             const codec::page_bounds& bounds);

} // namespace tallyfy::detail
