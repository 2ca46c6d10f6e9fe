// SPDX-License-Identifier: BSL-1.0
#include "responses.hpp"

#include <boost/json/object.hpp>

namespace tallyfy::sandbox::detail {
namespace json = boost::json;

pending_response no_content() {
    pending_response out;
    out.status = 204;
    return out;
}

pending_response json_response(unsigned status, json::value body) {
    pending_response r;
    r.status = status;
    r.body = std::move(body);
    return r;
}

pending_response data_response(json::value v, unsigned status) {
    json::object o;
    o["data"] = std::move(v);
    return json_response(status, std::move(o));
}

pending_response error_response(unsigned status, std::string_view message, std::string_view code) {
    json::object o{{"error", true}, {"message", message}};
    if (!code.empty())
        o["code"] = code;
    return json_response(status, std::move(o));
}

pending_response resource_not_found() {
    return error_response(404, "Resource not found", "RESOURCE_NOT_FOUND");
}

pending_response endpoint_not_found() {
    return error_response(404, "API endpoint not found", "ENDPOINT_NOT_FOUND");
}

pending_response validation_error(validation_shape shape, const error_map& errors,
                                  std::string_view message) {
    json::object errs;
    for (const auto& [field, msgs] : errors) {
        json::array a;
        for (const auto& m : msgs)
            a.push_back(json::string(m));
        errs[field] = std::move(a);
    }
    json::object o;
    if (shape == validation_shape::laravel) {
        o["message"] = message.empty() ? std::string_view("The given data was invalid.") : message;
    } else {
        o["error"] = true;
        if (!message.empty())
            o["message"] = message;
        else if (!errors.empty() && !errors.begin()->second.empty())
            o["message"] = errors.begin()->second.front();
        else
            o["message"] = "The given data was invalid.";
    }
    o["errors"] = std::move(errs);
    return json_response(422, std::move(o));
}

} // namespace tallyfy::sandbox::detail
