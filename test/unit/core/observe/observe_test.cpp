// SPDX-License-Identifier: BSL-1.0
// What a client shows of its exchanges (client_options::observe): the hooks per attempt and per
// call, the logger sink's levels, and the allow-list redaction of headers, query values, bodies
// and the token.
#include <boost/test/unit_test.hpp>

#include "core/observe/call_observer.hpp"
#include "support/scripted_transport.hpp"

#include <tallyfy/client.hpp>
#include <tallyfy/token_provider.hpp>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/use_future.hpp>

namespace asio = boost::asio;
using tallyfy::log_level;
using tallyfy::test::scripted_transport;
using namespace std::chrono_literals;

namespace {

const std::string token = "eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiJ9.observed-secret";
const std::string provided_token = "provided-by-a-provider-0123456789";

struct seen {
    std::vector<tallyfy::request_event> requests;
    std::vector<std::vector<tallyfy::http_header>> request_headers;
    std::vector<tallyfy::response_event> responses;
    std::vector<std::vector<tallyfy::http_header>> response_headers;
    std::vector<tallyfy::call_event> calls;
    std::vector<std::string> targets;
    std::vector<std::pair<log_level, std::string>> lines;

    std::string everything() const {
        std::string all;
        for (const auto& [level, line] : lines)
            all += line + '\n';
        for (const auto& t : targets)
            all += t + '\n';
        for (const auto* list : {&request_headers, &response_headers})
            for (const auto& headers : *list)
                for (const auto& h : headers)
                    all += h.name + ": " + h.value + '\n';
        return all;
    }
};

struct observed_client {
    observed_client(scripted_transport::script s, log_level level, bool bodies = false,
                    bool provided = false)
        : transport(std::make_shared<scripted_transport>(ioc.get_executor(), std::move(s)))
        , api(ioc.get_executor(), options(level, bodies, provided), transport) {}

    tallyfy::client_options options(log_level level, bool bodies, bool provided) {
        tallyfy::client_options o;
        if (provided) // the token comes from a provider, not from access_token
            o.access_token_provider =
                [](tallyfy::token_request_context) -> asio::awaitable<tallyfy::access_token_info> {
                co_return tallyfy::access_token_info{provided_token, std::nullopt};
            };
        o.base_url = "https://api.example/api";
        if (!provided)
            o.access_token = token;
        o.org_id = "org";
        o.retry.initial_backoff = 1ms;
        o.retry.max_backoff = 1ms;
        auto& w = o.observe;
        w.level = level;
        w.log_bodies = bodies;
        w.log = [this](log_level l, std::string_view line) { got.lines.emplace_back(l, line); };
        w.on_request = [this](const tallyfy::request_event& e) {
            got.requests.push_back(e);
            got.request_headers.push_back(*e.headers);
            got.targets.emplace_back(e.target);
        };
        w.on_response = [this](const tallyfy::response_event& e) {
            got.responses.push_back(e);
            got.response_headers.push_back(*e.headers);
        };
        w.on_call_end = [this](const tallyfy::call_event& e) {
            got.calls.push_back(e);
            got.targets.emplace_back(e.target);
        };
        return o;
    }

    // Sends GET /organizations/org/runs?page=2&q=<secret> and waits for the result.
    bool list_runs() {
        tallyfy::raw_request r{.path = "/organizations/{org}/runs"};
        r.query = {{"page", "2"}, {"q", "private search"}};
        auto f = asio::co_spawn(ioc, api.request(r), asio::use_future);
        ioc.restart();
        ioc.run();
        try {
            f.get();
            return true;
        } catch (const tallyfy::api_error&) {
            return false;
        }
    }

    asio::io_context ioc{1};
    seen got;
    std::shared_ptr<scripted_transport> transport;
    tallyfy::client api;
};

tallyfy::http_response answer(unsigned status, std::string body) {
    auto r = scripted_transport::json(std::move(body), status);
    r.headers.push_back({"Set-Cookie", "session=abc"});
    r.headers.push_back({"X-RateLimit-Remaining", "41"});
    r.headers.push_back({"X-Internal-Host", "db-7.corp"});
    return r;
}

} // namespace

BOOST_AUTO_TEST_SUITE(observe)

BOOST_AUTO_TEST_CASE(query_values_not_allowed_are_redacted) {
    using tallyfy::detail::redacted_target;
    const std::vector<std::string> allowed{"page", "with"};
    BOOST_TEST(redacted_target("/api/x?page=2&q=alice%40corp&with=tasks&flag", allowed) ==
               "/api/x?page=2&q=[redacted]&with=tasks&[redacted]");
    BOOST_TEST(redacted_target("/api/x?with&secret", allowed) == "/api/x?with&[redacted]");
    BOOST_TEST(redacted_target("/api/x", allowed) == "/api/x");
    BOOST_TEST(redacted_target("/api/x?", allowed) == "/api/x?");
    BOOST_TEST(redacted_target("/api/x?PAGE=1&token=abc", allowed) ==
               "/api/x?PAGE=1&token=[redacted]");
}

BOOST_AUTO_TEST_CASE(headers_outside_the_allow_list_and_credentials_are_redacted) {
    using tallyfy::detail::redacted_headers;
    const auto shown = redacted_headers({{"authorization", "Bearer x"},
                                         {"Content-Type", "application/json"},
                                         {"X-Secret", "s"},
                                         {"Server", "nginx\x1b[2J"}},
                                        {"Authorization", "Content-Type", "Server"});
    BOOST_REQUIRE(shown.size() == 4u);
    BOOST_TEST(shown[0].value == "[redacted]"); // listed, but a credential: never shown
    BOOST_TEST(shown[1].value == "application/json");
    BOOST_TEST(shown[2].value == "[redacted]");
    BOOST_TEST(shown[3].value == "nginx\\x1b[2J"); // server text is escaped
}

BOOST_AUTO_TEST_CASE(each_attempt_and_the_call_are_reported_in_order) {
    int calls = 0;
    observed_client c(
        [&](const tallyfy::http_request&) -> std::optional<tallyfy::http_response> {
            return ++calls == 1 ? answer(503, R"({"message":"busy"})")
                                : answer(200, R"({"data":[]})");
        },
        log_level::info);
    BOOST_TEST(c.list_runs());
    BOOST_REQUIRE(c.got.requests.size() == 2u);
    BOOST_REQUIRE(c.got.responses.size() == 2u);
    BOOST_REQUIRE(c.got.calls.size() == 1u);
    const auto id = c.got.requests[0].call_id;
    BOOST_TEST(c.got.requests[1].call_id == id);
    BOOST_TEST(c.got.calls[0].call_id == id);
    BOOST_TEST(c.got.requests[0].attempt == 1u);
    BOOST_TEST(c.got.requests[1].attempt == 2u);
    BOOST_TEST(c.got.responses[0].status == 503u);
    BOOST_TEST(c.got.responses[1].status == 200u);
    BOOST_TEST(c.got.responses[1].bytes_received == std::string(R"({"data":[]})").size());
    BOOST_TEST(c.got.calls[0].attempts == 2u);
    BOOST_TEST(c.got.calls[0].status == 200u);
    BOOST_TEST(!c.got.calls[0].error);
    BOOST_TEST(c.got.calls[0].method == "GET");
    BOOST_TEST(c.got.requests[0].server == "api.example");
    BOOST_TEST(c.got.targets[0] == "/api/organizations/org/runs?page=2&q=[redacted]");
    // One info line per exchange, the retry as a warning between them; nothing at debug.
    std::vector<log_level> levels;
    for (const auto& [level, line] : c.got.lines)
        levels.push_back(level);
    BOOST_TEST((levels == std::vector{log_level::info, log_level::warn, log_level::info}));
    BOOST_TEST(c.got.lines[0].second.find("GET https://api.example/api/organizations/org/runs?"
                                          "page=2&q=[redacted] -> 503") == 0u,
               c.got.lines[0].second);
    BOOST_TEST(c.got.lines[1].second.find("retrying GET") == 0u, c.got.lines[1].second);
}

BOOST_AUTO_TEST_CASE(headers_at_debug_and_bodies_only_at_trace_when_asked) {
    auto script = [](const tallyfy::http_request& r) -> std::optional<tallyfy::http_response> {
        std::string echoed; // a server that echoes the Authorization header
        for (const auto& h : r.headers)
            if (h.name == "Authorization")
                echoed = h.value;
        return answer(200, R"({"data":[],"echo":")" + echoed + R"("})");
    };
    observed_client debug(script, log_level::debug, true);
    BOOST_TEST(debug.list_runs());
    const auto at_debug = debug.got.everything();
    BOOST_TEST(at_debug.find("> Authorization: [redacted]") != std::string::npos, at_debug);
    BOOST_TEST(at_debug.find("< X-RateLimit-Remaining: 41") != std::string::npos, at_debug);
    BOOST_TEST(at_debug.find("< Set-Cookie: [redacted]") != std::string::npos, at_debug);
    BOOST_TEST(at_debug.find("< X-Internal-Host: [redacted]") != std::string::npos, at_debug);
    BOOST_TEST(at_debug.find("body:") == std::string::npos, at_debug); // trace only

    observed_client trace(script, log_level::trace, true);
    BOOST_TEST(trace.list_runs());
    const auto at_trace = trace.got.everything();
    BOOST_TEST(at_trace.find("< body: {\"data\":[],\"echo\":\"Bearer [redacted]\"}") !=
                   std::string::npos,
               at_trace);

    observed_client quiet(script, log_level::trace, false);
    BOOST_TEST(quiet.list_runs());
    BOOST_TEST(quiet.got.everything().find("body:") == std::string::npos);

    for (const auto* c : {&debug, &trace, &quiet})
        BOOST_TEST(c->got.everything().find(token) == std::string::npos);

    // A token from a provider is cut out of what is shown as well.
    observed_client provided(script, log_level::trace, true, true);
    BOOST_TEST(provided.list_runs());
    const auto shown = provided.got.everything();
    BOOST_TEST(shown.find("\"echo\":\"Bearer [redacted]\"") != std::string::npos, shown);
    BOOST_TEST(shown.find(provided_token) == std::string::npos, shown);
}

BOOST_AUTO_TEST_CASE(a_failed_call_ends_with_its_error_at_the_error_level) {
    observed_client c(
        [](const tallyfy::http_request&) -> std::optional<tallyfy::http_response> {
            return answer(404, R"({"message":"no such run"})");
        },
        log_level::error);
    BOOST_TEST(!c.list_runs());
    BOOST_REQUIRE(c.got.calls.size() == 1u);
    BOOST_TEST((c.got.calls[0].error == tallyfy::error::not_found));
    BOOST_TEST(c.got.calls[0].attempts == 1u);
    BOOST_TEST(c.got.calls[0].status == 404u);
    BOOST_REQUIRE(c.got.lines.size() == 1u); // the error line alone at this level
    BOOST_TEST((c.got.lines[0].first == log_level::error));
    BOOST_TEST(c.got.lines[0].second.find("failed") != std::string::npos, c.got.lines[0].second);
}

BOOST_AUTO_TEST_CASE(nothing_observed_builds_nothing) {
    tallyfy::observer_options none;
    BOOST_TEST(!none.active());
    BOOST_TEST(tallyfy::detail::make_observer_config(none, "https://x/api", token) == nullptr);
    none.log = [](log_level, std::string_view) {};
    none.level = log_level::off;
    BOOST_TEST(!none.active());
}

BOOST_AUTO_TEST_SUITE_END()
