// SPDX-License-Identifier: BSL-1.0
// The README's example, verbatim, compiled and run against the sandbox.
#include <boost/test/unit_test.hpp>

#include "support/sandbox_client_fixture.hpp"

#include <tallyfy/tallyfy.hpp> // the README example includes the umbrella header

#include <iostream>

namespace asio = boost::asio;

// --- README example begins
asio::awaitable<void> close_out(tallyfy::client& api, std::string run_id) {
    tallyfy::run_tasks_filter active;
    active.status = tallyfy::run_task_status::active;
    auto tasks = api.list_run_tasks(run_id, active); // lazy, page by page
    while (auto task = co_await tasks.next()) {
        tallyfy::complete_task_request done{.task_id = task->id, .run_id = run_id};
        if (task->task_type == "approval")
            done.is_approved = true;
        auto completed = co_await api.complete_task(std::move(done)); // or throws api_error
        std::cout << completed.title << " completed\n";
    }
}
// --- README example ends

BOOST_FIXTURE_TEST_CASE(readme_example_completes_the_active_tasks,
                        tallyfy::test::sandbox_client_fixture) {
    auto launched = launch("Quick Checklist");
    auto before = with_tasks(launched.id);
    run(close_out(api, launched.id));
    BOOST_TEST(sandbox.completion_calls(before.tasks->at(0).id) == 1u); // the active one
    BOOST_TEST(sandbox.completion_calls(before.tasks->at(1).id) == 0u); // not active yet
}
