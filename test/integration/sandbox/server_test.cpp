// SPDX-License-Identifier: BSL-1.0
// The sandbox on the wire: TLS, keep-alive, headers, recorder and every injected fault, seen
// through a plain Beast client.
#define BOOST_TEST_MODULE sandbox_integration_tests
#include <boost/test/unit_test.hpp>

#include "support/kickoff_values.hpp"
#include "support/wire_client.hpp"

#include <boost/asio/ssl/error.hpp>
#include <boost/beast/core/error.hpp>
#include <boost/json/parse.hpp>

#include <thread>

namespace sbx = tallyfy::sandbox;
namespace json = boost::json;
using tallyfy::test::wire_client;
namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = tallyfy::test::http;
using http::verb;
using namespace std::chrono_literals;

namespace {

std::string first_checklist_id(const sbx::server& server) {
    return std::string(server.checklists().at(0).as_object().at("id").as_string());
}

std::string launch_body(const sbx::server& server) {
    return R"({"checklist_id":")" + first_checklist_id(server) +
           R"(","name":"wire test","prerun":)" +
           tallyfy::test::required_prerun_text(server.checklists().at(0).as_object()) + "}";
}

} // namespace

BOOST_AUTO_TEST_SUITE(serving)

BOOST_AUTO_TEST_CASE(https_with_host_verification_and_request_id) {
    sbx::server server;
    BOOST_TEST(server.base_url().starts_with("https://127.0.0.1:"));
    BOOST_TEST(server.base_url().ends_with("/api"));
    BOOST_TEST(server.ca_pem().find("BEGIN CERTIFICATE") != std::string::npos);
    wire_client client(server);
    BOOST_REQUIRE(!client.connect());
    auto r = client.send(client.make(verb::get, client.org_path("/checklists")));
    BOOST_REQUIRE(!r.ec);
    BOOST_TEST(r.response.result_int() == 200u);
    BOOST_TEST(!r.response["X-Request-Id"].empty());
    BOOST_TEST(r.response[http::field::content_type] == "application/json");
    auto body = json::parse(r.response.body());
    BOOST_TEST(body.at("data").as_array().size() >= 1u);
    BOOST_TEST(server.recorder().tls_handshakes() == 1u);
}

BOOST_AUTO_TEST_CASE(localhost_name_is_in_the_certificate) {
    sbx::server server;
    wire_client client(server, {.trust_sandbox_ca = true, .verify_host = "localhost"});
    BOOST_TEST(!client.connect());
}

BOOST_AUTO_TEST_CASE(untrusted_ca_and_wrong_host_fail_the_handshake) {
    sbx::server server;
    wire_client untrusted(server, {.trust_sandbox_ca = false, .verify_host = "127.0.0.1"});
    BOOST_TEST((untrusted.connect().category() == asio::error::get_ssl_category()));
    wire_client wrong_host(server, {.trust_sandbox_ca = true, .verify_host = "go.tallyfy.com"});
    BOOST_TEST((wrong_host.connect().category() == asio::error::get_ssl_category()));
}

BOOST_AUTO_TEST_CASE(keep_alive_serves_many_requests_on_one_connection) {
    sbx::server server;
    wire_client client(server);
    for (int i = 0; i < 20; ++i) {
        auto r = client.request(verb::get, client.org_path("/checklists"));
        BOOST_REQUIRE(!r.ec);
        BOOST_TEST(r.response.keep_alive());
    }
    BOOST_TEST(server.recorder().connections_accepted() == 1u);
    BOOST_TEST(server.recorder().request_count() == 20u);
}

BOOST_AUTO_TEST_CASE(plain_http_when_asked) {
    sbx::server server({.https = false});
    BOOST_TEST(server.base_url().starts_with("http://127.0.0.1:"));
    BOOST_TEST(server.ca_pem().empty());
    wire_client client(server);
    auto r = client.request(verb::get, client.org_path("/checklists"));
    BOOST_REQUIRE(!r.ec);
    BOOST_TEST(r.response.result_int() == 200u);
}

BOOST_AUTO_TEST_CASE(refuses_to_bind_beyond_loopback) {
    BOOST_CHECK_THROW(sbx::server({.bind_address = "0.0.0.0"}), std::runtime_error);
}

BOOST_AUTO_TEST_CASE(missing_token_is_401_and_recorder_redacts_the_token) {
    sbx::server server;
    wire_client client(server);
    BOOST_REQUIRE(!client.connect());
    auto req = client.make(verb::get, client.org_path("/checklists"));
    req.erase(http::field::authorization);
    auto r = client.send(req);
    BOOST_REQUIRE(!r.ec);
    BOOST_TEST(r.response.result_int() == 401u);
    BOOST_TEST(!r.response["X-Request-Id"].empty());
    BOOST_TEST(json::parse(r.response.body()).at("error").as_bool());

    auto ok = client.send(client.make(verb::get, client.org_path("/checklists")));
    BOOST_TEST(ok.response.result_int() == 200u);
    auto requests = server.recorder().requests();
    BOOST_REQUIRE(requests.size() == 2u);
    BOOST_TEST(requests[0].status == 401u);
    BOOST_TEST(!requests[0].header("Authorization").has_value());
    BOOST_TEST(*requests[1].header("Authorization") == "Bearer [redacted]");
    BOOST_TEST(*requests[1].header("X-Tallyfy-Client") == "APIClient");
    for (const auto& r2 : requests)
        for (const auto& [name, value] : r2.headers)
            BOOST_TEST(value.find(server.token()) == std::string::npos);
}

BOOST_AUTO_TEST_CASE(oversized_body_is_413) {
    sbx::server server;
    wire_client client(server);
    std::string huge(2 * 1024 * 1024, 'x');
    auto r = client.request(verb::post, client.org_path("/runs"), "\"" + huge + "\"");
    // The sandbox may answer before reading the whole body; either way it must be a 413.
    if (!r.ec)
        BOOST_TEST(r.response.result_int() == 413u);
    BOOST_TEST(server.run_count() == 0u);
}

BOOST_AUTO_TEST_CASE(concurrent_clients_on_several_threads) {
    sbx::server server({.threads = 2});
    std::atomic<int> ok{0};
    std::vector<std::thread> threads;
    for (int t = 0; t < 6; ++t) {
        threads.emplace_back([&] {
            wire_client client(server);
            for (int i = 0; i < 25; ++i) {
                auto r = client.request(verb::post, client.org_path("/runs"), launch_body(server));
                if (!r.ec && r.response.result_int() == 201u)
                    ++ok;
            }
        });
    }
    for (auto& t : threads)
        t.join();
    BOOST_TEST(ok.load() == 150);
    BOOST_TEST(server.run_count() == 150u);
    BOOST_TEST(server.recorder().connections_accepted() == 6u);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(faults)

BOOST_AUTO_TEST_CASE(status_before_does_not_apply_the_request) {
    sbx::server server;
    server.faults().add("POST", "*/runs", {.kind = sbx::fault_kind::status_before, .status = 503});
    wire_client client(server);
    auto r = client.request(verb::post, client.org_path("/runs"), launch_body(server));
    BOOST_REQUIRE(!r.ec);
    BOOST_TEST(r.response.result_int() == 503u);
    BOOST_TEST(server.run_count() == 0u);
    auto again = client.request(verb::post, client.org_path("/runs"), launch_body(server));
    BOOST_TEST(again.response.result_int() == 201u); // count = 1: only the first was faulted
    BOOST_TEST(server.faults().injected(sbx::fault_kind::status_before) == 1u);
}

BOOST_AUTO_TEST_CASE(status_after_applies_the_request_then_fails) {
    sbx::server server;
    server.faults().add("POST", "*/runs", {.kind = sbx::fault_kind::status_after, .status = 500});
    wire_client client(server);
    auto r = client.request(verb::post, client.org_path("/runs"), launch_body(server));
    BOOST_REQUIRE(!r.ec);
    BOOST_TEST(r.response.result_int() == 500u);
    BOOST_TEST(server.run_count() == 1u);
    BOOST_TEST(json::parse(r.response.body()).at("error").as_bool());
    auto requests = server.recorder().requests();
    BOOST_TEST((requests.back().fault == sbx::fault_kind::status_after));
}

BOOST_AUTO_TEST_CASE(rate_limited_in_seconds_and_as_http_date) {
    sbx::server server;
    server.faults().add("GET", "", {.kind = sbx::fault_kind::rate_limited, .retry_after = 7s});
    server.faults().add("GET", "",
                        {.kind = sbx::fault_kind::rate_limited,
                         .retry_after = 30s,
                         .retry_after_as_http_date = true});
    wire_client client(server);
    auto r = client.request(verb::get, client.org_path("/checklists"));
    BOOST_TEST(r.response.result_int() == 429u);
    BOOST_TEST(r.response[http::field::retry_after] == "7");
    BOOST_TEST(r.response["X-RateLimit-Remaining"] == "0");
    BOOST_TEST(json::parse(r.response.body()).at("code").as_string() == "RATE_LIMIT_EXCEEDED");
    auto dated = client.request(verb::get, client.org_path("/checklists"));
    BOOST_TEST(dated.response.result_int() == 429u);
    BOOST_TEST(std::string(dated.response[http::field::retry_after]).ends_with(" GMT"));
    BOOST_TEST(client.request(verb::get, client.org_path("/checklists")).response.result_int() ==
               200u);
}

BOOST_AUTO_TEST_CASE(close_before_response_drops_the_connection) {
    sbx::server server;
    server.faults().add("POST", "", {.kind = sbx::fault_kind::close_before_response});
    wire_client client(server);
    auto r = client.request(verb::post, client.org_path("/runs"), launch_body(server));
    BOOST_TEST(r.ec.failed());
    BOOST_TEST(server.run_count() == 0u);
}

BOOST_AUTO_TEST_CASE(reset_after_bytes_applies_then_resets) {
    sbx::server server;
    server.faults().add("POST", "", {.kind = sbx::fault_kind::reset_after_bytes, .bytes = 20});
    wire_client client(server);
    auto r = client.request(verb::post, client.org_path("/runs"), launch_body(server));
    BOOST_TEST(r.ec.failed());
    BOOST_TEST(server.run_count() == 1u);
}

BOOST_AUTO_TEST_CASE(truncated_body_ends_early) {
    sbx::server server;
    server.faults().add("GET", "", {.kind = sbx::fault_kind::truncated_body});
    wire_client client(server);
    auto r = client.request(verb::get, client.org_path("/checklists"));
    BOOST_TEST(r.ec.failed());
}

BOOST_AUTO_TEST_CASE(malformed_json_is_a_200_with_a_broken_body) {
    sbx::server server;
    server.faults().add("GET", "", {.kind = sbx::fault_kind::malformed_json});
    wire_client client(server);
    auto r = client.request(verb::get, client.org_path("/checklists"));
    BOOST_REQUIRE(!r.ec);
    BOOST_TEST(r.response.result_int() == 200u);
    boost::system::error_code ec;
    json::parse(r.response.body(), ec);
    BOOST_TEST(ec.failed());
}

BOOST_AUTO_TEST_CASE(stall_holds_the_response_and_latency_delays_it) {
    sbx::server server;
    server.faults().add("GET", "", {.kind = sbx::fault_kind::stall, .delay = 2000ms});
    wire_client client(server);
    BOOST_REQUIRE(!client.connect());
    auto start = std::chrono::steady_clock::now();
    auto r = client.send(client.make(verb::get, client.org_path("/checklists")), 300ms);
    BOOST_TEST((r.ec == beast::error::timeout));
    BOOST_TEST((std::chrono::steady_clock::now() - start < 1500ms));

    server.faults().add("GET", "", {.kind = sbx::fault_kind::latency, .delay = 250ms});
    wire_client second(server);
    start = std::chrono::steady_clock::now();
    auto slow = second.request(verb::get, second.org_path("/checklists"));
    BOOST_TEST(slow.response.result_int() == 200u);
    BOOST_TEST((std::chrono::steady_clock::now() - start >= 250ms));
}

BOOST_AUTO_TEST_CASE(connection_close_is_announced_and_honoured) {
    sbx::server server;
    server.faults().add("GET", "", {.kind = sbx::fault_kind::connection_close});
    wire_client client(server);
    auto r = client.request(verb::get, client.org_path("/checklists"));
    BOOST_REQUIRE(!r.ec);
    BOOST_TEST(!r.response.keep_alive());
    auto next = client.send(client.make(verb::get, client.org_path("/checklists")));
    BOOST_TEST(next.ec.failed());
}

BOOST_AUTO_TEST_CASE(ignore_page_serves_the_first_page) {
    sbx::server server;
    wire_client client(server);
    for (int i = 0; i < 3; ++i)
        client.request(verb::post, client.org_path("/runs"), launch_body(server));
    server.faults().add("GET", "*/runs", {.kind = sbx::fault_kind::ignore_page});
    auto r = client.request(verb::get, client.org_path("/runs?per_page=1&page=2"));
    BOOST_REQUIRE(r.response.result_int() == 200u);
    auto meta = json::parse(r.response.body()).at("meta").at("pagination");
    BOOST_TEST(meta.at("current_page").as_int64() == 1);
}

BOOST_AUTO_TEST_CASE(random_mix_is_deterministic_for_a_seed) {
    auto run_mix = [](std::uint64_t seed) {
        sbx::server server({.fault_seed = seed});
        auto rule = sbx::parse_fault_rule("status_before|rate_limited,probability=0.5");
        server.faults().add(rule);
        wire_client client(server);
        std::string statuses;
        for (int i = 0; i < 40; ++i)
            statuses += std::to_string(
                client.request(verb::get, client.org_path("/checklists")).response.result_int());
        return statuses;
    };
    auto a = run_mix(7);
    BOOST_TEST(a == run_mix(7));
    BOOST_TEST(a != run_mix(8));
    BOOST_TEST(a.find("429") != std::string::npos);
    BOOST_TEST(a.find("503") != std::string::npos);
    BOOST_TEST(a.find("200") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(fault_spec_parsing) {
    auto rule = sbx::parse_fault_rule("status_after,status=502,method=POST,path=*/"
                                      "completed-tasks,skip=2,count=3,probability=0.25");
    BOOST_TEST(rule.method == "POST");
    BOOST_TEST(rule.path == "*/completed-tasks");
    BOOST_TEST(rule.skip == 2u);
    BOOST_TEST(rule.count == 3u);
    BOOST_TEST(rule.probability == 0.25);
    BOOST_REQUIRE(rule.choices.size() == 1u);
    BOOST_TEST(rule.choices[0].status == 502u);
    BOOST_CHECK_THROW(sbx::parse_fault_rule("explode"), std::invalid_argument);
    BOOST_CHECK_THROW(sbx::parse_fault_rule("stall,delay_ms=abc"), std::invalid_argument);
    BOOST_CHECK_THROW(sbx::parse_fault_rule("stall,probability=2"), std::invalid_argument);
}

BOOST_AUTO_TEST_SUITE_END()
