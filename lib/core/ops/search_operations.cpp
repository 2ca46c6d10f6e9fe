// SPDX-License-Identifier: BSL-1.0
// Search (`GET /search`): one pager over the hits of every kind asked for.
#include "core/client_calls.hpp"
#include "core/list_queries.hpp"
#include "core/pagination/pager_factory.hpp"

#include <string>

namespace tallyfy::detail {

/// `GET /search?search=Q&on=task,process,...`. The API pages each kind on its own; page n of
/// the walk asks for page n of every kind (a kind past its last page answers an empty list).
struct search {
    using item = search_hit;
    static constexpr std::string_view name = "search";
    static void target(request_target& t, const std::string& query, const search_filter& f) {
        // Any text is sent (percent-encoded); an empty or oversized one is refused before I/O.
        if (query.empty())
            throw invalid_argument_error("the query is empty");
        if (query.size() > 1024)
            throw invalid_argument_error("the query is longer than 1024 bytes");
        static constexpr search_kind usual[] = {search_kind::task, search_kind::process,
                                                search_kind::blueprint};
        std::string on;
        auto add = [&](search_kind k) {
            if (!on.empty())
                on += ',';
            on += to_string(k);
        };
        if (f.on.empty())
            for (auto k : usual)
                add(k);
        for (auto k : f.on)
            add(k);
        t.literal("/search").query("search", query).query("on", on);
    }
    static constexpr auto decode = decode_search_page;
};

} // namespace tallyfy::detail

namespace tallyfy {

pager<search_hit> client::search(std::string query, search_filter filter) {
    return detail::make_pager<detail::search>(impl_, filter.paging, filter.options, query, filter);
}

} // namespace tallyfy
