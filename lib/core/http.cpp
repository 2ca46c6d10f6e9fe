// SPDX-License-Identifier: BSL-1.0
#include <tallyfy/http.hpp>

#include <boost/beast/core/string.hpp>

namespace tallyfy {

std::string_view to_string(http_method method) noexcept {
    switch (method) {
    case http_method::get:
        return "GET";
    case http_method::post:
        return "POST";
    case http_method::put:
        return "PUT";
    case http_method::patch:
        return "PATCH";
    case http_method::delete_:
        return "DELETE";
    }
    return "GET";
}

std::optional<std::string_view> http_response::header(std::string_view name) const noexcept {
    for (const auto& h : headers) {
        if (boost::beast::iequals(h.name, name))
            return std::string_view(h.value);
    }
    return std::nullopt;
}

} // namespace tallyfy
