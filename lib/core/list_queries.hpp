// SPDX-License-Identifier: BSL-1.0
// Query parameters of the list operations, from the typed filters.
#pragma once

#include "core/request_target.hpp"

#include <tallyfy/list_filters.hpp>

namespace tallyfy::detail {

void add_query(request_target& target, const run_tasks_filter& filter);
void add_query(request_target& target, const org_tasks_filter& filter);
void add_query(request_target& target, const runs_filter& filter);
void add_query(request_target& target, const users_filter& filter);

/// `page`/`per_page` (or `without_pagination`) for one page of a walk.
std::string page_query(std::string_view target_without_paging, const paging_options& paging,
                       std::int64_t page);

} // namespace tallyfy::detail
