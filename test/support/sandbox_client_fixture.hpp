// SPDX-License-Identifier: BSL-1.0
// A sandbox, an io_context and a client that trusts the sandbox: the common ground of the
// client-level integration tests.
#pragma once

#include "support/kickoff_values.hpp"

#include <tallyfy/client.hpp>
#include <tallyfy/sandbox/server.hpp>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/use_future.hpp>
#include <boost/json/parse.hpp>
#include <boost/test/unit_test.hpp>

#include <stdexcept>
#include <string>
#include <vector>

namespace tallyfy::test {

namespace asio = boost::asio;
namespace sbx = tallyfy::sandbox;

struct sandbox_client_fixture {
    explicit sandbox_client_fixture(sbx::server_options options = {})
        : sandbox(std::move(options)) {}

    sbx::server sandbox;
    // Run by the test's thread alone, and said so: the transport detects it (no connection
    // strands, deadlines kept by its sweeper), the configuration the transport tests cover less.
    asio::io_context ioc{1};
    tallyfy::client api{ioc.get_executor(), options_for(sandbox)};

    static tallyfy::client_options options_for(const sbx::server& s) {
        tallyfy::client_options o;
        o.base_url = s.base_url();
        o.access_token = s.token();
        o.org_id = s.org_id();
        o.transport.tls.extra_ca_pem = s.ca_pem();
        return o;
    }

    /// The methods of the requests the sandbox recorded, from the `from`th on.
    std::vector<std::string> methods_since(std::size_t from) {
        std::vector<std::string> out;
        auto all = sandbox.recorder().requests();
        for (std::size_t i = from; i < all.size(); ++i)
            out.push_back(all[i].method);
        return out;
    }
    std::size_t recorded() { return sandbox.recorder().requests().size(); }
    /// The JSON body of the last request the sandbox recorded.
    boost::json::object last_body() {
        return boost::json::parse(sandbox.recorder().requests().back().body).as_object();
    }

    // Runs an operation started with asio::deferred (e.g. `api.get_run(r, asio::deferred)`).
    template <class Op>
    auto run(Op op) {
        auto f = std::move(op)(asio::use_future);
        ioc.restart();
        ioc.run();
        return f.get();
    }

    template <class T>
    T run(asio::awaitable<T> op) {
        auto f = asio::co_spawn(ioc, std::move(op), asio::use_future);
        ioc.restart();
        ioc.run();
        return f.get();
    }

    // The failure of `op` as an api_error (the test fails if it succeeds).
    template <class Op>
    tallyfy::api_error failure(Op op) {
        try {
            run(std::move(op));
        } catch (const tallyfy::api_error& e) {
            return e;
        }
        BOOST_FAIL("operation succeeded but was expected to fail");
        throw std::logic_error("unreachable");
    }

    boost::json::object checklist_json(std::string_view title) const {
        for (const auto& c : sandbox.checklists())
            if (c.at("title").as_string() == title)
                return c.as_object();
        throw std::runtime_error("no checklist " + std::string(title));
    }
    std::string checklist(std::string_view title) const {
        return std::string(checklist_json(title).at("id").as_string());
    }

    /// Launches `title` with its required kick-off fields filled (text fields in the seed).
    tallyfy::run launch(std::string_view title) {
        tallyfy::launch_run_request request{.checklist_id = checklist(title), .name = "test run"};
        for (const auto& [id, v] : tallyfy::test::required_prerun(checklist_json(title))) {
            if (!v.is_string())
                throw std::logic_error("the fixture fills text kick-off fields only");
            request.prerun[std::string(id)] = std::string(v.as_string());
        }
        return run(api.launch_run(std::move(request)));
    }

    tallyfy::run with_tasks(const std::string& run_id) {
        tallyfy::run_includes with;
        with.tasks = true;
        with.next_task = true;
        return run(api.get_run({.run_id = run_id, .with = with}));
    }
};

} // namespace tallyfy::test
