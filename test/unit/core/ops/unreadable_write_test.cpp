// SPDX-License-Identifier: BSL-1.0
// A task write the server accepted with a body that cannot be read: outcome_unknown, naming the
// method and the path of the write (built again for the report, as the request was moved into
// its send), whether or not the read-back settles it.
#include <boost/test/unit_test.hpp>

#include "support/scripted_transport.hpp"

#include <tallyfy/client.hpp>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/use_future.hpp>

namespace asio = boost::asio;
using tallyfy::test::scripted_transport;

BOOST_AUTO_TEST_CASE(unreadable_completion_names_method_and_path) {
    asio::io_context ioc{1};
    auto transport = std::make_shared<scripted_transport>(
        ioc.get_executor(),
        [](const tallyfy::http_request& r) -> std::optional<tallyfy::http_response> {
            if (r.method == tallyfy::http_method::post)
                return scripted_transport::json(R"({"data": 5})");        // 200, not a task
            return scripted_transport::json(R"({"error": "gone"})", 404); // the read-back fails
        });
    tallyfy::client_options o;
    o.base_url = "https://api.example/api";
    o.access_token = "token";
    o.org_id = "org";
    tallyfy::client api(ioc.get_executor(), o, transport);
    auto done =
        asio::co_spawn(ioc, api.complete_task({.task_id = "t1", .run_id = "r1"}), asio::use_future);
    ioc.run();
    try {
        done.get();
        BOOST_FAIL("the completion should have failed");
    } catch (const tallyfy::api_error& e) {
        BOOST_TEST((e.error_value() == tallyfy::error::outcome_unknown));
        BOOST_TEST(e.details().method == "POST");
        BOOST_TEST(e.details().path == "/api/organizations/org/runs/r1/completed-tasks");
        BOOST_TEST(e.details().detail.find("could not be read") != std::string::npos,
                   e.details().detail);
    }
}
