// SPDX-License-Identifier: BSL-1.0
// The escape hatch: any endpoint, JSON in and out (client::request).
#include "core/client_calls.hpp"

#include <boost/json/serialize.hpp>

namespace tallyfy::detail {

template <>
struct operation<raw_request> {
    static constexpr std::string_view name = "request";
    static constexpr http_method method_of(const raw_request& r) { return r.method; }
    static bool is_idempotent(const raw_request& r) {
        return r.idempotent.value_or(r.method == http_method::get || r.method == http_method::put ||
                                     r.method == http_method::delete_);
    }
    static constexpr bool org_scoped = false;
    /// The path as given, `{org}` replaced by the (encoded) organisation; the query encoded.
    static void target(request_target& t, const raw_request& r, std::string_view client_org) {
        std::string path = r.path;
        if (auto at = path.find("{org}"); at != std::string::npos) {
            std::string org;
            if (r.options.org_id.too_long())
                throw invalid_argument_error("org_id is longer than 256 bytes");
            append_encoded(org, r.options.org_id.empty() ? client_org : r.options.org_id.view());
            path.replace(at, 5, org);
        }
        check_header_value(path, "path");
        if (path.find_first_of("?# ") != std::string::npos)
            throw invalid_argument_error("path must not contain '?', '#' or spaces; use query");
        if (path.empty() || path.front() != '/')
            path.insert(path.begin(), '/');
        t.literal(path);
        for (const auto& [key, value] : r.query)
            t.query(key, value);
    }
    static std::string body(const raw_request& r) {
        return r.body ? boost::json::serialize(*r.body) : std::string();
    }
    static constexpr auto decode = decode_json;
};

} // namespace tallyfy::detail

TALLYFY_DEFINE_OPERATION(tallyfy::raw_request);
