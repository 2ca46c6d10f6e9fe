// SPDX-License-Identifier: BSL-1.0
// The description of an endpoint: everything the client needs to call it, in one place.
//
// An operation is a specialisation `operation<Request>` for its public request aggregate
// (include/tallyfy/requests.hpp, whose `response_type` names what it returns), written next to
// the other operations of its resource in lib/core/ops/*.cpp, followed by
// TALLYFY_DEFINE_OPERATION(Request) there. Members:
//
//   static constexpr std::string_view name      "complete_task": in errors and logs
//   static constexpr http_method method         or `static http_method method_of(const Request&)`
//   static constexpr bool idempotent            whether sending it twice is harmless: decides
//                                               blind retries after a lost answer; or instead
//                                               `static bool is_idempotent(const Request&)`
//   static constexpr bool org_scoped            the target starts with /organizations/{org}
//   static void target(request_target&, const Request&)
//                                               appends the path after the scope and the query;
//                                               ids go through request_target::id (validated,
//                                               encoded); throws std::invalid_argument to refuse
//                                               (not org_scoped: a third argument, the client's
//                                               org id)
//   static std::pair<std::string, std::string> typed_body(const Request&)
//                                               optional, instead of body: a body that is not
//                                               JSON, as {content type, body}
//   static std::string body(const Request&)     optional: the JSON body (or
//                                               body(const Request&, std::string_view org_id)
//                                               when it names the organisation)
//   static constexpr std::string_view accept    optional: the Accept header, when the answer
//                                               is not JSON (a download)
//   static outcome<response_type> decode(http_response&)
//                                               a decoder of response_decoding.hpp
//   using reconcile = ...                       optional: what settles an unknown outcome of a
//                                               write (reconcile/task_write.hpp)
//   static bool needs_prepare(const Request&)   optional, with prepare: whether this request
//   static awaitable<outcome<Request>> prepare(client_core&, const Request&)
//                                               needs a step before it is built (other calls,
//                                               e.g. reading what a partial update must keep)
//                                               that completes it
//
// From that, perform.hpp builds, sends (retries, pacing, budget), reconciles and decodes, and
// client_calls.hpp gives the public method its awaited and completion-token forms.
#pragma once

#include "core/outcome.hpp"
#include "core/request_target.hpp"
#include "core/response_decoding.hpp"

#include <tallyfy/http.hpp>
#include <tallyfy/requests.hpp>

#include <string_view>

namespace tallyfy::detail {

template <class Request>
struct operation; // specialised once per endpoint

template <class Request>
using response_of = typename Request::response_type;

} // namespace tallyfy::detail
