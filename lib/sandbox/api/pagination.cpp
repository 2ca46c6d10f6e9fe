// SPDX-License-Identifier: BSL-1.0
#include "pagination.hpp"

#include <charconv>

namespace tallyfy::sandbox::detail {
namespace json = boost::json;
namespace {

/// Positive integer or nullopt (garbage, zero, negative, overflow).
std::optional<std::size_t> positive(std::optional<std::string_view> s) {
    if (!s || s->empty())
        return std::nullopt;
    std::size_t v = 0;
    auto [ptr, ec] = std::from_chars(s->data(), s->data() + s->size(), v);
    if (ec != std::errc() || ptr != s->data() + s->size() || v == 0)
        return std::nullopt;
    return v;
}

std::string page_url(const request_target& t, std::string_view origin, std::size_t page) {
    std::string url(origin);
    url += t.raw_path;
    bool first = true;
    bool placed = false;
    auto add = [&](std::string_view k, std::string_view v) {
        url += first ? '?' : '&';
        first = false;
        url += k;
        url += '=';
        url += v;
    };
    const std::string page_str = std::to_string(page);
    for (const auto& [k, v] : t.raw_params) {
        if (k == "page") {
            if (!placed)
                add(k, page_str);
            placed = true;
        } else {
            add(k, v);
        }
    }
    if (!placed)
        add("page", page_str);
    return url;
}

} // namespace

json::object paginate(json::array items, const request_target& target, std::string_view origin) {
    return paginate(
        items.size(), [&](std::size_t i) { return std::move(items[i]); }, target, origin);
}

json::object paginate(std::size_t total, const std::function<json::value(std::size_t)>& render,
                      const request_target& target, std::string_view origin) {
    json::object pagination;
    json::object out;
    if (target.flag("without_pagination")) {
        pagination = {{"total", total},    {"count", total},   {"per_page", total},
                      {"current_page", 1}, {"total_pages", 1}, {"links", json::array()}};
        json::array all;
        all.reserve(total);
        for (std::size_t i = 0; i < total; ++i)
            all.push_back(render(i));
        out["data"] = std::move(all);
        out["meta"] = json::object{{"pagination", std::move(pagination)}};
        return out;
    }
    std::size_t per_page = positive(target.param("per_page")).value_or(default_per_page);
    if (per_page > max_per_page)
        per_page = max_per_page;
    const std::size_t page = positive(target.param("page")).value_or(1);
    const std::size_t total_pages = total == 0 ? 1 : (total + per_page - 1) / per_page;
    json::array slice;
    if (page <= total_pages && (page - 1) <= total / per_page) {
        const std::size_t begin = (page - 1) * per_page;
        for (std::size_t i = begin; i < total && i < begin + per_page; ++i)
            slice.push_back(render(i));
    }
    json::value links;
    if (page > 1 || page < total_pages) {
        json::object l;
        if (page > 1)
            l["previous"] = page_url(target, origin, page - 1);
        if (page < total_pages)
            l["next"] = page_url(target, origin, page + 1);
        links = std::move(l);
    } else {
        links = json::array();
    }
    const std::size_t count = slice.size();
    pagination = {{"total", total},
                  {"count", count},
                  {"per_page", per_page},
                  {"current_page", page},
                  {"total_pages", total_pages},
                  {"links", std::move(links)}};
    out["data"] = std::move(slice);
    out["meta"] = json::object{{"pagination", std::move(pagination)}};
    return out;
}

} // namespace tallyfy::sandbox::detail
