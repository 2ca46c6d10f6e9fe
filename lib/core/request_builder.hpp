// SPDX-License-Identifier: BSL-1.0
// From a described operation and its request to the HTTP request: target (untrusted ids encoded
// or refused), headers (fixed ones built once, the call's own checked), body. Validation happens
// here, once, before any I/O; what it refuses is an invalid_argument outcome naming the operation.
#pragma once

#include "core/client_core.hpp"
#include "core/codec/json_reader.hpp"
#include "core/outcome.hpp"
#include "core/request_target.hpp"

#include <tallyfy/requests.hpp>

#include <string>
#include <string_view>
#include <tuple>

namespace tallyfy::detail {

/// Base path plus `/organizations/{org}` (the call's org, else the client's).
request_target org_target(const client_core& core, const call_options& call);

/// The request with the client's and the call's headers. Throws invalid_argument_error for a
/// call header with CR/LF/NUL.
http_request make_http_request(const client_core& core, http_method method, std::string target,
                               std::string body, bool idempotent, const call_options& call);

/// The error of an argument refused before any I/O ("get_task: task_id is empty").
error_details refused_argument(std::string_view operation, std::string_view why);

/// The HTTP request of `request` for the operation description `Op` (see ops/operation.hpp).
template <class Op, class Request>
outcome<http_request> build_request(const client_core& core, const Request& request) {
    try {
        request_target target = [&] {
            if constexpr (Op::org_scoped)
                return org_target(core, request.options);
            else
                return request_target(core.base_path);
        }();
        if constexpr (Op::org_scoped)
            Op::target(target, request);
        else
            Op::target(target, request, core.options.org_id);
        std::string body;
        std::string content_type; // empty: JSON, when there is a body
        if constexpr (requires { Op::typed_body(request); })
            std::tie(content_type, body) = Op::typed_body(request);
        else if constexpr (requires { Op::body(request); })
            body = Op::body(request);
        else if constexpr (requires { Op::body(request, std::string_view()); })
            body = Op::body(request, request.options.org_id.empty()
                                         ? std::string_view(core.options.org_id)
                                         : request.options.org_id.view());
        http_method method;
        if constexpr (requires { Op::method_of(request); })
            method = Op::method_of(request);
        else
            method = Op::method;
        bool idempotent;
        if constexpr (requires { Op::is_idempotent(request); })
            idempotent = Op::is_idempotent(request);
        else
            idempotent = Op::idempotent;
        auto built = make_http_request(core, method, target.release(), std::move(body), idempotent,
                                       request.options);
        if (!content_type.empty())
            built.headers.push_back({"Content-Type", std::move(content_type)});
        if constexpr (requires { Op::accept; }) // an answer that is not JSON (a download)
            for (auto& h : built.headers)
                if (h.name == "Accept")
                    h.value = std::string(Op::accept);
        return built;
    } catch (const invalid_argument_error& e) { // ids, header values: named by the operation
        return refused_argument(Op::name, e.what());
    } catch (const std::invalid_argument& e) { // body rules: their message names it already
        return make_details(error::invalid_argument, e.what());
    }
}

} // namespace tallyfy::detail
