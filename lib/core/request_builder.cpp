// SPDX-License-Identifier: BSL-1.0
#include "core/request_builder.hpp"

#include "core/redaction.hpp"

#include <boost/url/parse.hpp>

#include <system_error>

namespace tallyfy::detail {

client_core::client_core(boost::asio::any_io_executor ex, client_options opts,
                         std::shared_ptr<tallyfy::transport> t)
    : executor(std::move(ex))
    , options(std::move(opts))
    , transport(t)
    , shared_runner(std::make_shared<runner_state>(
          std::move(t), options.retry, options.retry_budget, options.pacing, options.on_retry,
          make_observer_config(options.observe, options.base_url, options.access_token)))
    , runner(*shared_runner) {
    auto url = boost::urls::parse_uri(options.base_url);
    if (!url)
        throw std::system_error(make_error_code(error::invalid_argument), "bad base_url");
    base_path = std::string(url->encoded_path());
    try {
        check_header_value(options.access_token, "access token");
        check_header_value(options.client_header, "X-Tallyfy-Client");
    } catch (const invalid_argument_error& e) {
        throw std::system_error(make_error_code(error::invalid_argument), e.what());
    }
    if (options.access_token_provider) { // the retry loop sets the header of each attempt
        token_request_context context{executor, options.base_url, options.transport, transport,
                                      false};
        shared_runner->tokens = std::make_shared<token_source>(
            options.access_token_provider, std::move(context), options.token_refresh_margin);
        if (shared_runner->observed) // what the observers show is cut of the provided tokens too
            shared_runner->observed->tokens = shared_runner->tokens;
    } else {
        authorization = "Bearer " + options.access_token;
    }
}

void redact_secrets(error_details& details, const client_core& core) {
    redact_token(details, core.options.access_token);
    if (core.runner.tokens)
        core.runner.tokens->redact(details);
}

client_core::client_core(const client_core& base, std::string org_id)
    : executor(base.executor)
    , options(base.options)
    , transport(base.transport)
    , shared_runner(base.shared_runner)
    , runner(*shared_runner)
    , base_path(base.base_path)
    , authorization(base.authorization) {
    options.org_id = std::move(org_id);
}

request_target org_target(const client_core& core, const call_options& call) {
    request_target t(core.base_path);
    t.literal("/organizations/");
    if (call.org_id.empty())
        t.id(core.options.org_id, "org_id");
    else
        t.id(call.org_id, "org_id");
    return t;
}

http_request make_http_request(const client_core& core, http_method method, std::string target,
                               std::string body, bool idempotent, const call_options& call) {
    http_request r;
    r.method = method;
    r.target = std::move(target);
    r.body = std::move(body);
    r.idempotent = idempotent;
    r.timeouts_override = call.timeouts;
    r.headers.reserve(3 + call.headers.size());
    r.headers.push_back({"Authorization", core.authorization});
    r.headers.push_back({"Accept", "application/json"});
    r.headers.push_back({"X-Tallyfy-Client", core.options.client_header});
    for (const auto& h : call.headers) {
        check_header_value(h.name, "header name");
        check_header_value(h.value, "header value");
        r.headers.push_back(h);
    }
    return r;
}

error_details refused_argument(std::string_view operation, std::string_view why) {
    return make_details(error::invalid_argument, std::string(operation) + ": " + std::string(why));
}

} // namespace tallyfy::detail
