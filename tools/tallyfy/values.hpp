// SPDX-License-Identifier: BSL-1.0
// Typed option values: numbers, comma-separated lists, `--with` includes, filter enums.
// Every parser throws usage_error naming the option and the bad value.
#pragma once

#include "args.hpp"

#include <tallyfy/list_filters.hpp>
#include <tallyfy/requests.hpp>

#include <boost/json/object.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace tallyfy_cli {

std::int64_t parse_int(std::string_view option, std::string_view text, std::int64_t min,
                       std::int64_t max);
double parse_seconds(std::string_view option, std::string_view text);
bool parse_bool(std::string_view option, std::string_view text);
/// "a,b,,c" -> {"a", "b", "c"} (spaces trimmed, empty parts dropped).
std::vector<std::string> split_list(std::string_view text);
std::vector<std::int64_t> parse_int_list(std::string_view option, std::string_view text);

/// `--with run,step,form_fields,...`: documented names set their flag, others go to `extra`.
tallyfy::task_includes parse_task_includes(std::string_view text);
tallyfy::run_includes parse_run_includes(std::string_view text);
tallyfy::checklist_includes parse_checklist_includes(std::string_view text);

tallyfy::run_task_status parse_run_task_status(std::string_view option, std::string_view text);
tallyfy::org_task_status parse_org_task_status(std::string_view option, std::string_view text);
tallyfy::run_status_filter parse_run_status(std::string_view option, std::string_view text);
tallyfy::archived_filter parse_archived(std::string_view option, std::string_view text);
tallyfy::run_task_sort parse_run_task_sort(std::string_view option, std::string_view text);

/// The values each enumerated option accepts, as typed: the help and the shell completion list
/// them, the parser accepts exactly them (the same tables).
std::vector<std::string> run_task_status_names();
std::vector<std::string> org_task_status_names();
std::vector<std::string> run_status_names();
std::vector<std::string> run_task_sort_names();
std::vector<std::string> archived_names();
/// "a, b, c".
std::string join_names(const std::vector<std::string>& names);

/// An id put into a path by the tool itself (a raw request): letters, digits, '-' and '_' only,
/// at most 256 bytes; usage_error otherwise. (The SDK's typed calls validate ids themselves.)
const std::string& checked_id(std::string_view what, const std::string& id);

/// The JSON object of a `--body` file (`-`: standard input).
boost::json::object read_body(const std::string& path);

/// Optional helpers over parsed_args.
std::optional<std::int64_t> int_option(const parsed_args& args, std::string_view name,
                                       std::int64_t min, std::int64_t max);
std::string string_option(const parsed_args& args, std::string_view name);

/// The walk of a list command: --limit N, --per-page N, --max-pages N.
tallyfy::paging_options paging_options_from(const parsed_args& args);

} // namespace tallyfy_cli
