// SPDX-License-Identifier: BSL-1.0
// JSON bodies of the write operations.
#pragma once

#include <tallyfy/requests.hpp>

#include <string>

namespace tallyfy::codec {

/// Maximum run name length the API accepts.
inline constexpr std::size_t max_run_name_length = 550;

std::string encode_complete_body(const complete_task_request& r);
std::string encode_create_task_body(const create_task_request& r);
/// The body of `PUT .../tasks/{task}`: the members set, `owners` with all three buckets (an
/// unset one empty: update_task has filled in what it keeps before this).
std::string encode_update_task_body(const update_task_request& r);
/// The body of `PUT /runs/{run}`: the members set (`users`, `groups` as given: update_run has
/// filled in what it keeps before this).
std::string encode_update_run_body(const update_run_request& r);
/// A form field value as the API takes it (taskdata and prerun).
boost::json::value field_value_json(const field_value& value);
/// Throws std::invalid_argument for a name over 550 characters or an empty checklist id.
std::string encode_launch_body(const launch_run_request& r);

std::string includes_text(const task_includes& with);
std::string includes_text(const run_includes& with);
std::string includes_text(const checklist_includes& with);

} // namespace tallyfy::codec
