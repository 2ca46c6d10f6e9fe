// SPDX-License-Identifier: BSL-1.0
// Built against the installed package only: proves find_package(tallyfy), the umbrella headers
// and linking work, by completing a task on an embedded sandbox.
#include <tallyfy/sandbox.hpp>
#include <tallyfy/tallyfy.hpp>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>

#include <cstdio>
#include <exception>

namespace asio = boost::asio;

asio::awaitable<bool> complete_one(tallyfy::client& api, std::string checklist_id) {
    auto run = co_await api.launch_run({.checklist_id = checklist_id, .name = "consumer"});
    tallyfy::get_run_request read{.run_id = run.id};
    read.with.tasks = true;
    auto full = co_await api.get_run(std::move(read));
    const auto& first = full.tasks->at(0);
    auto done = co_await api.complete_task({.task_id = first.id, .run_id = run.id});
    co_return done.is_completed();
}

int main() {
    tallyfy::sandbox::server sandbox;
    asio::io_context io{1};
    tallyfy::client_options options;
    options.base_url = sandbox.base_url();
    options.access_token = sandbox.token();
    options.org_id = sandbox.org_id();
    options.transport.tls.extra_ca_pem = sandbox.ca_pem();
    tallyfy::client api(io.get_executor(), options);
    std::string checklist;
    for (const auto& c : sandbox.checklists())
        if (c.at("title").as_string() == "Quick Checklist") // no required fields, no approval
            checklist = std::string(c.at("id").as_string());
    bool ok = false;
    asio::co_spawn(io, complete_one(api, checklist), [&](std::exception_ptr e, bool completed) {
        if (auto error = tallyfy::api_error::from(e))
            std::printf("consumer: %s\n", error->what());
        ok = !e && completed;
    });
    io.run();
    std::printf("consumer: tallyfy %s, a task completed on the sandbox: %s\n",
                TALLYFY_VERSION_STRING, ok ? "ok" : "FAILED");
    return ok ? 0 : 1;
}
