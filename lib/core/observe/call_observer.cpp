// SPDX-License-Identifier: BSL-1.0
#include "core/observe/call_observer.hpp"

#include "core/auth/token_source.hpp"
#include "core/form_pairs.hpp"
#include "core/redaction.hpp"

#include <tallyfy/api_error.hpp>

#include <boost/beast/core/string.hpp>
#include <boost/url/parse.hpp>

#include <algorithm>
#include <cstdio>

namespace tallyfy {

std::string_view to_string(log_level level) noexcept {
    switch (level) {
    case log_level::off:
        return "off";
    case log_level::error:
        return "error";
    case log_level::warn:
        return "warn";
    case log_level::info:
        return "info";
    case log_level::debug:
        return "debug";
    case log_level::trace:
        return "trace";
    }
    return "?";
}

std::vector<std::string> default_allowed_headers() {
    return {"Accept",
            "Accept-Encoding",
            "Cache-Control",
            "Connection",
            "Content-Length",
            "Content-Type",
            "Date",
            "ETag",
            "Keep-Alive",
            "Retry-After",
            "Server",
            "Transfer-Encoding",
            "User-Agent",
            "X-RateLimit-Limit",
            "X-RateLimit-Remaining",
            "X-RateLimit-Reset",
            "X-Request-Id",
            "X-Tallyfy-Client"};
}

std::vector<std::string> default_allowed_query() {
    return {"page", "per_page", "with", "sort", "status", "archived", "on", "without_pagination"};
}

} // namespace tallyfy

namespace tallyfy::detail {

namespace {

constexpr std::string_view redacted_mark = "[redacted]";

bool listed(std::string_view name, const std::vector<std::string>& names) {
    return std::any_of(names.begin(), names.end(),
                       [&](const std::string& n) { return boost::beast::iequals(n, name); });
}

// Never shown, whatever the allow-list says: they carry credentials.
bool credential_header(std::string_view name) {
    for (std::string_view n : {"Authorization", "Proxy-Authorization", "Cookie", "Set-Cookie"})
        if (boost::beast::iequals(n, name))
            return true;
    return false;
}

std::string milliseconds_text(std::chrono::microseconds d) {
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "%.1f ms", static_cast<double>(d.count()) / 1000.0);
    return buffer;
}

} // namespace

observer_config::observer_config(observer_options o, std::string origin_text, std::string s,
                                 std::string t)
    : options(std::move(o))
    , origin(std::move(origin_text))
    , server(std::move(s))
    , token(std::move(t)) {}

void observer_config::redact(std::string& text) const {
    redact_token_in(text, token);
    if (tokens)
        tokens->redact(text);
}

std::shared_ptr<observer_config> make_observer_config(const observer_options& options,
                                                      std::string_view base_url,
                                                      std::string token) {
    if (!options.active())
        return nullptr;
    std::string origin;
    std::string server;
    if (auto url = boost::urls::parse_uri(base_url)) {
        server = std::string(url->encoded_host_and_port());
        origin = std::string(url->scheme()) + "://" + server;
    }
    return std::make_shared<observer_config>(options, std::move(origin), std::move(server),
                                             std::move(token));
}

std::string redacted_target(std::string_view target, const std::vector<std::string>& allowed) {
    const auto query = target.find('?');
    if (query == std::string_view::npos)
        return std::string(target);
    return std::string(target.substr(0, query + 1)) +
           rewrite_form_pairs(
               target.substr(query + 1), [&](const form_pair& pair, std::string& out) {
                   if (pair.text.empty() || listed(pair.name, allowed)) {
                       out += pair.text;
                   } else if (!pair.value) {
                       out += redacted_mark; // a bare item may be a secret of its own (?<token>)
                   } else {
                       out += pair.name;
                       out += '=';
                       out += redacted_mark;
                   }
               });
}

std::vector<http_header> redacted_headers(const std::vector<http_header>& headers,
                                          const std::vector<std::string>& allowed) {
    std::vector<http_header> out;
    out.reserve(headers.size());
    for (const auto& h : headers) {
        if (!credential_header(h.name) && listed(h.name, allowed))
            out.push_back({printable(h.name, 256), printable(h.value, 1024)});
        else
            out.push_back({printable(h.name, 256), std::string(redacted_mark)});
    }
    return out;
}

call_observer::call_observer(observer_config* config, const http_request& request,
                             clock::time_point start)
    : config_(config)
    , method_(to_string(request.method))
    , start_(start)
    , attempt_start_(start) {
    if (!config_)
        return;
    call_id_ = config_->next_call.fetch_add(1, std::memory_order_relaxed);
    std::string target = redacted_target(request.target, config_->options.allowed_query);
    config_->redact(target); // a token in the path is cut out as well
    target_ = printable(target, 2048);
}

bool call_observer::logs(log_level level) const noexcept {
    const auto& o = config_->options;
    return o.log && level != log_level::off && o.level != log_level::off && level <= o.level;
}

void call_observer::log(log_level level, const std::string& line) const {
    config_->options.log(level, line);
}

std::vector<http_header> call_observer::shown_headers(const std::vector<http_header>& headers,
                                                      bool hook) const {
    if (!hook && !logs(log_level::debug))
        return {}; // nobody looks at them: not even redacted copies are made
    return redacted_headers(headers, config_->options.allowed_headers);
}

void call_observer::log_headers(char direction, const std::vector<http_header>& headers) const {
    for (const auto& h : headers)
        log(log_level::debug, std::string(1, direction) + ' ' + h.name + ": " + h.value);
}

void call_observer::log_body(char direction, std::string_view body) const {
    if (!config_->options.log_bodies || body.empty() || !logs(log_level::trace))
        return;
    std::string text(body.substr(0, 8192));
    config_->redact(text);
    log(log_level::trace, std::string(1, direction) + " body: " + printable(text, 4096));
}

void call_observer::before(const http_request& request, unsigned attempt, clock::time_point now) {
    attempt_start_ = now;
    if (!config_)
        return;
    const auto& o = config_->options;
    const bool header_log = logs(log_level::debug);
    const auto headers = shown_headers(request.headers, static_cast<bool>(o.on_request));
    if (o.on_request) {
        request_event e;
        e.call_id = call_id_;
        e.attempt = attempt;
        e.method = method_;
        e.server = config_->server;
        e.target = target_;
        e.headers = &headers;
        e.body_bytes = request.body.size();
        o.on_request(e);
    }
    if (header_log) {
        log(log_level::debug, "> " + std::string(method_) + ' ' + target_ + " (attempt " +
                                  std::to_string(attempt) + ")");
        log_headers('>', headers);
    }
    log_body('>', request.body);
}

void call_observer::after(const http_request& request, const http_response& response,
                          boost::system::error_code ec, unsigned attempt, clock::time_point now) {
    if (!config_)
        return;
    const auto& o = config_->options;
    const auto duration =
        std::chrono::duration_cast<std::chrono::microseconds>(now - attempt_start_);
    std::string cause;
    if (!response.info.cause.empty()) {
        cause = response.info.cause;
        config_->redact(cause);
        cause = printable(cause, 1024);
    }
    const bool header_log = logs(log_level::debug);
    const auto headers = shown_headers(response.headers, static_cast<bool>(o.on_response));
    if (o.on_response) {
        response_event e;
        e.call_id = call_id_;
        e.attempt = attempt;
        e.method = method_;
        e.server = config_->server;
        e.target = target_;
        e.status = response.status;
        e.error = response.status ? boost::system::error_code{} : ec;
        e.duration = duration;
        e.reused_connection = response.info.reused_connection;
        e.bytes_sent = request.body.size();
        e.bytes_received = response.body.size();
        e.headers = &headers;
        e.cause = cause;
        o.on_response(e);
    }
    if (logs(log_level::info)) {
        std::string line = std::string(method_) + ' ' + config_->origin + target_ + " -> ";
        if (response.status)
            line += std::to_string(response.status);
        else
            line += ec ? ec.message() : std::string("no response");
        if (!cause.empty())
            line += " (" + cause + ")";
        line += " in " + milliseconds_text(duration) + ", attempt " + std::to_string(attempt) +
                (response.info.reused_connection ? ", reused connection" : ", new connection") +
                ", " + std::to_string(request.body.size()) + " B sent, " +
                std::to_string(response.body.size()) + " B received";
        log(log_level::info, line);
    }
    if (header_log)
        log_headers('<', headers);
    log_body('<', response.body);
}

void call_observer::end(unsigned attempts, unsigned status, boost::system::error_code ec,
                        clock::time_point now) {
    if (!config_)
        return;
    const auto& o = config_->options;
    const auto duration = std::chrono::duration_cast<std::chrono::microseconds>(now - start_);
    if (o.on_call_end) {
        call_event e;
        e.call_id = call_id_;
        e.method = method_;
        e.server = config_->server;
        e.target = target_;
        e.attempts = attempts;
        e.status = status;
        e.error = ec;
        e.duration = duration;
        o.on_call_end(e);
    }
    if (ec && logs(log_level::error))
        log(log_level::error, std::string(method_) + ' ' + config_->origin + target_ + " failed: " +
                                  ec.message() + " after " + std::to_string(attempts) +
                                  " attempt(s) in " + milliseconds_text(duration));
}

} // namespace tallyfy::detail
