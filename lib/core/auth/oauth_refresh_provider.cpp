// SPDX-License-Identifier: BSL-1.0
// oauth_refresh_provider: Tallyfy's refresh-token grant through the SDK's transport; keeps the
// refresh token each answer rotates in. Its errors name the endpoint, never a secret.
#include "core/error_mapping.hpp"
#include "core/outcome.hpp"
#include "core/redaction.hpp"
#include "core/request_target.hpp"

#include <tallyfy/api_error.hpp>
#include <tallyfy/token_provider.hpp>

#include <boost/json/parse.hpp>
#include <boost/url/parse.hpp>

#include <mutex>

namespace tallyfy {

namespace asio = boost::asio;

namespace {

struct oauth_state {
    oauth_refresh_options options;
    std::string target; ///< origin-form target of the token URL
    std::mutex mutex;   ///< guards the refresh token and `own` (a provider shared by clients)
    std::shared_ptr<tallyfy::transport> own; ///< for an endpoint off the API's origin
};

std::string origin_of(const boost::urls::url_view& u) {
    std::string port(u.port());
    if (port.empty())
        port = u.scheme() == "http" ? "80" : "443";
    return std::string(u.scheme()) + "://" + std::string(u.encoded_host()) + ":" + port;
}

bool same_origin(std::string_view a, std::string_view b) {
    auto ua = boost::urls::parse_uri(a);
    auto ub = boost::urls::parse_uri(b);
    return ua && ub && origin_of(*ua) == origin_of(*ub);
}

std::string form_body(const oauth_refresh_options& o, const std::string& refresh_token) {
    std::string body = "grant_type=refresh_token&refresh_token=";
    detail::append_encoded(body, refresh_token);
    body += "&client_id=";
    detail::append_encoded(body, o.client_id);
    body += "&client_secret=";
    detail::append_encoded(body, o.client_secret);
    return body;
}

[[noreturn]] void refresh_refused(error_details d, const oauth_refresh_options& o,
                                  const std::string& refresh_token) {
    detail::redact_token(d, refresh_token);
    detail::redact_token(d, o.client_secret);
    throw api_error(std::move(d));
}

asio::awaitable<access_token_info> refresh_at(std::shared_ptr<oauth_state> s,
                                              token_request_context context) {
    std::shared_ptr<tallyfy::transport> transport;
    std::string refresh_token;
    {
        std::lock_guard lock(s->mutex);
        refresh_token = s->options.refresh_token;
        if (same_origin(s->options.token_url, context.base_url) && context.api_transport) {
            transport = context.api_transport;
        } else {
            if (!s->own)
                s->own =
                    make_https_transport(context.executor, s->options.token_url, context.transport);
            transport = s->own;
        }
    }
    const oauth_refresh_options& o = s->options;
    const std::string where = "token refresh at " + o.token_url;
    http_request request;
    request.method = http_method::post;
    request.target = s->target;
    request.body = form_body(o, refresh_token);
    request.idempotent = false; // a rotated refresh token is spent by the first answer
    request.headers = {{"Accept", "application/json"},
                       {"Content-Type", "application/x-www-form-urlencoded"}};
    auto sending = transport->co_send(request);
    auto [ec, response] = co_await std::move(sending);
    error_details d;
    d.method = "POST";
    d.path = s->target.substr(0, s->target.find('?'));
    if (ec) {
        d.code = ec;
        d.cause = std::move(response.info.cause);
        d.detail = where + ": " + ec.message();
        refresh_refused(std::move(d), o, refresh_token);
    }
    if (response.status < 200 || response.status > 299) {
        detail::fill_from_response(d, response);
        std::string reason;
        try {
            auto v = boost::json::parse(response.body);
            if (auto* e = v.is_object() ? v.as_object().if_contains("error") : nullptr)
                if (e->is_string())
                    reason = std::string(e->as_string());
        } catch (const std::exception&) {
        }
        if (response.status == 400 || response.status == 401) {
            d.code = make_error_code(error::unauthorized);
            d.detail = where +
                       ": the endpoint refused the refresh token or the client credentials" +
                       (reason.empty() ? "" : " (" + printable(reason, 64) + ")");
        } else {
            d.detail = where + ": HTTP " + std::to_string(response.status);
        }
        refresh_refused(std::move(d), o, refresh_token);
    }
    access_token_info info;
    std::string rotated;
    try {
        auto v = boost::json::parse(response.body);
        const auto& obj = v.as_object();
        info.token = std::string(obj.at("access_token").as_string());
        if (auto* in = obj.if_contains("expires_in"); in && in->is_number()) {
            const double seconds = in->to_number<double>();
            info.expires_at = std::chrono::system_clock::now() +
                              std::chrono::duration_cast<std::chrono::system_clock::duration>(
                                  std::chrono::duration<double>(seconds));
        }
        if (auto* r = obj.if_contains("refresh_token"); r && r->is_string())
            rotated = std::string(r->as_string());
    } catch (const std::exception&) {
        d.code = make_error_code(error::bad_response);
        d.http_status = response.status;
        d.detail = where + ": the answer has no access_token";
        refresh_refused(std::move(d), o, refresh_token);
    }
    if (!rotated.empty() && rotated != refresh_token) {
        std::function<void(const std::string&)> notify;
        {
            std::lock_guard lock(s->mutex);
            s->options.refresh_token = rotated;
            notify = s->options.on_rotated;
        }
        if (notify)
            notify(rotated);
    }
    co_return info;
}

} // namespace

token_provider oauth_refresh_provider(oauth_refresh_options options) {
    auto url = boost::urls::parse_uri(options.token_url);
    if (!url)
        throw std::system_error(make_error_code(error::invalid_argument),
                                "oauth_refresh_provider: bad token_url");
    auto s = std::make_shared<oauth_state>();
    s->target = std::string(url->encoded_path());
    if (s->target.empty())
        s->target = "/";
    if (url->has_query())
        s->target += "?" + std::string(url->encoded_query());
    s->options = std::move(options);
    return token_provider(
        [s](token_request_context context) { return refresh_at(s, std::move(context)); });
}

} // namespace tallyfy
