// SPDX-License-Identifier: BSL-1.0
// Fractal-style pagination of list responses: `meta.pagination` with `links` as `[]` on a single
// page, else an object holding only the applicable absolute `previous`/`next` URLs.
#pragma once

#include "request_target.hpp"

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>

#include <functional>
#include <string_view>

namespace tallyfy::sandbox::detail {

inline constexpr std::size_t default_per_page = 10;
inline constexpr std::size_t max_per_page = 100;

/// Slices `items` per the target's `page`/`per_page`/`without_pagination` and returns
/// `{"data": [...], "meta": {"pagination": {...}}}`. Links are `origin` + path + query.
boost::json::object paginate(boost::json::array items, const request_target& target,
                             std::string_view origin);
/// Same, rendering only the items of the requested page: `render(i)` for i in [0, total).
boost::json::object paginate(std::size_t total,
                             const std::function<boost::json::value(std::size_t)>& render,
                             const request_target& target, std::string_view origin);

} // namespace tallyfy::sandbox::detail
