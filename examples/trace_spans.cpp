// SPDX-License-Identifier: BSL-1.0
// A span per call and one per attempt from the client's observer hooks, with OpenTelemetry's
// HTTP client attribute names: `trace_spans RUN_ID` reads the run twice and prints each span as
// a JSON line. Swap `print_span` for your tracer's span API (start at the request hook, end at the
// response / call-end hook); nothing else changes. Configured from TALLYFY_* variables.
#include <tallyfy/client.hpp>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/json/serialize.hpp>

#include <cstdio>
#include <map>
#include <string>

namespace asio = boost::asio;
namespace json = boost::json;
using steady = std::chrono::steady_clock;

// A stand-in for a tracer: a finished span is one JSON line on stdout.
void print_span(const std::string& name, const json::object& attributes, steady::duration d) {
    json::object span{
        {"name", name},
        {"duration_us", std::chrono::duration_cast<std::chrono::microseconds>(d).count()},
        {"attributes", attributes}};
    std::printf("%s\n", json::serialize(span).c_str());
}

struct spans {
    std::map<std::uint64_t, steady::time_point> calls;    // call_id -> start
    std::map<std::uint64_t, steady::time_point> attempts; // call_id -> attempt start

    void install(tallyfy::observer_options& o) {
        o.on_request = [this](const tallyfy::request_event& e) {
            calls.try_emplace(e.call_id, steady::now()); // the call's span starts once
            attempts[e.call_id] = steady::now();
        };
        o.on_response = [this](const tallyfy::response_event& e) {
            const auto query = e.target.find('?'); // its values are already redacted
            json::object a{{"http.request.method", e.method},
                           {"server.address", e.server},
                           {"url.path", e.target.substr(0, query)},
                           {"http.request.resend_count", e.attempt - 1}};
            if (query != std::string_view::npos)
                a["url.query"] = e.target.substr(query + 1);
            if (e.status)
                a["http.response.status_code"] = e.status;
            else
                a["error.type"] = e.error.message();
            a["tallyfy.connection.reused"] = e.reused_connection;
            a["http.response.body.size"] = e.bytes_received;
            print_span(std::string(e.method) + " (attempt)", a,
                       steady::now() - attempts[e.call_id]);
        };
        o.on_call_end = [this](const tallyfy::call_event& e) {
            json::object a{{"http.request.method", e.method}, {"server.address", e.server}};
            if (e.status)
                a["http.response.status_code"] = e.status;
            if (e.error)
                a["error.type"] = e.error.message();
            a["tallyfy.attempts"] = e.attempts;
            auto start = calls.extract(e.call_id); // empty if it failed before sending
            print_span(std::string(e.method), a,
                       start ? steady::now() - start.mapped() : steady::duration{});
            attempts.erase(e.call_id);
        };
    }
};

asio::awaitable<void> read_twice(tallyfy::client& api, std::string run_id) {
    for (int i = 0; i < 2; ++i) {
        tallyfy::get_run_request request{.run_id = run_id};
        co_await api.get_run(std::move(request));
    }
}

int main(int argc, char** argv) {
    if (argc != 2) {
        std::fprintf(stderr, "usage: trace_spans RUN_ID\n");
        return 2;
    }
    asio::io_context io{1}; // one thread: the hooks need no lock (see "Threads" in the README)
    spans tracer;
    auto options = tallyfy::client_options::from_env();
    tracer.install(options.observe);
    tallyfy::client api(io.get_executor(), options);
    int status = 0;
    asio::co_spawn(io, read_twice(api, argv[1]), [&](std::exception_ptr failure) {
        if (auto error = tallyfy::api_error::from(failure)) {
            std::fprintf(stderr, "trace_spans: %s\n", error->what());
            status = 1;
        }
    });
    io.run();
    return status;
}
