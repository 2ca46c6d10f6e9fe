// SPDX-License-Identifier: BSL-1.0
// demo: the README's first command. Against an embedded sandbox: launch a run from a seeded
// template with a kick-off value, fill a required field, approve, complete the rest concurrently,
// read the run back, print a short summary with timings.
#include "command.hpp"

#include <tallyfy/client.hpp>
#include <tallyfy/form_values.hpp>
#include <tallyfy/sandbox/server.hpp>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/experimental/awaitable_operators.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <chrono>
#include <cstdio>
#include <stdexcept>
#include <string>

namespace asio = boost::asio;
using asio::awaitable;
using clock_type = std::chrono::steady_clock;

namespace tallyfy_cli {

namespace {

double ms_since(clock_type::time_point start) {
    return std::chrono::duration<double, std::milli>(clock_type::now() - start).count();
}

std::string checklist_id(const tallyfy::sandbox::server& sandbox, std::string_view title) {
    for (const auto& c : sandbox.checklists())
        if (c.at("title").as_string() == title)
            return std::string(c.at("id").as_string());
    throw std::runtime_error("sandbox has no checklist " + std::string(title));
}

// The whole story of a run: launch with kick-off values, fill a required field, approve,
// complete the rest concurrently, read the run back.
awaitable<void> demo(tallyfy::client& api, const tallyfy::sandbox::server& sandbox) {
    using namespace asio::experimental::awaitable_operators;
    auto start = clock_type::now();

    tallyfy::launch_run_request launch;
    launch.checklist_id = checklist_id(sandbox, "Client Onboarding");
    launch.name = "Onboarding: Acme Ltd";
    launch.summary = "Launched by `tallyfy demo`";
    // Kick-off values by the fields' labels, typed by their kinds (a dropdown by option text):
    // the SDK reads the template's kick-off form and sends them by field id.
    launch.prerun_by_label = {{"Client name", "Acme Ltd"}, {"Region", "emea"}};
    auto run = co_await api.launch_run(std::move(launch));
    std::printf("launched   %-28s %s  (%.1f ms)\n", run.name.c_str(), run.id.c_str(),
                ms_since(start));

    tallyfy::get_run_request read{.run_id = run.id};
    read.with.tasks = true;
    read.with.next_task = true;
    auto current = co_await api.get_run(read);
    auto tasks = *current.tasks;
    for (const auto& t : tasks)
        std::printf("  task %lld  %-20s %-9s %s\n", static_cast<long long>(t.position),
                    t.title.c_str(), t.task_type.c_str(), t.status.c_str());

    // Step 1 has a required form field: filled and completed in one call.
    auto t0 = clock_type::now();
    tallyfy::get_task_request with_fields{.task_id = tasks[0].id, .run_id = run.id};
    with_fields.with.form_fields = true;
    auto first = co_await api.get_task(with_fields);
    tallyfy::complete_task_request complete_first{.task_id = first.id, .run_id = run.id};
    const auto& account = tallyfy::find_field(first.form_fields.value(), "Account number");
    complete_first.fields[account.id] = tallyfy::field_value_from_text(account, "ACME-0042");
    co_await api.complete_task(std::move(complete_first));
    std::printf("completed  %-28s (%.1f ms, form field filled first)\n", first.title.c_str(),
                ms_since(t0));

    t0 = clock_type::now();
    tallyfy::complete_task_request approve{
        .task_id = tasks[1].id, .run_id = run.id, .is_approved = true};
    auto approved = co_await api.complete_task(std::move(approve));
    std::printf("approved   %-28s (%.1f ms)\n", approved.title.c_str(), ms_since(t0));

    t0 = clock_type::now();
    tallyfy::complete_task_request third{.task_id = tasks[2].id, .run_id = run.id};
    tallyfy::complete_task_request fourth{.task_id = tasks[3].id, .run_id = run.id};
    auto [a, b] = co_await (api.complete_task(std::move(third), asio::use_awaitable) &&
                            api.complete_task(std::move(fourth), asio::use_awaitable));
    std::printf("completed  %s + %s concurrently (%.1f ms)\n", a.title.c_str(), b.title.c_str(),
                ms_since(t0));

    auto finished = co_await api.get_run(read);
    std::printf("run status %s, progress %lld/%lld, next task: %s\n", finished.status.c_str(),
                static_cast<long long>(finished.progress.complete),
                static_cast<long long>(finished.progress.total),
                finished.next_task ? finished.next_task->title.c_str() : "none");
    auto stats = api.stats();
    std::printf("total %.1f ms; connections created %llu, reused %llu, TLS handshakes %llu\n",
                ms_since(start), static_cast<unsigned long long>(stats.created),
                static_cast<unsigned long long>(stats.reused),
                static_cast<unsigned long long>(stats.handshakes));
}

int run_demo(const parsed_args&) {
    tallyfy::sandbox::server sandbox;
    std::fprintf(stderr, "tallyfy: no API token configured: using the embedded sandbox at %s\n",
                 sandbox.base_url().c_str());
    asio::io_context ioc{1}; // this thread alone runs it
    tallyfy::client_options options;
    options.base_url = sandbox.base_url();
    options.access_token = sandbox.token();
    options.org_id = sandbox.org_id();
    options.transport.tls.extra_ca_pem = sandbox.ca_pem();
    tallyfy::client api(ioc.get_executor(), options);
    int status = 0;
    asio::co_spawn(ioc, demo(api, sandbox), [&](std::exception_ptr failure) {
        if (!failure)
            return;
        status = 1;
        try {
            std::rethrow_exception(failure);
        } catch (const std::exception& e) {
            std::fprintf(stderr, "tallyfy: demo failed: %s\n", e.what());
        }
    });
    ioc.run();
    return status;
}

} // namespace

std::vector<command> demo_commands() {
    return {
        {.name = "demo",
         .arguments = "",
         .help = R"(Against an embedded sandbox (always): launches a run from a seeded template with
kick-off values, fills a required form field, approves the approval task, completes the rest
concurrently, reads the run back with next_task, and prints a summary with timings.)",
         .run_standalone = run_demo},
    };
}

} // namespace tallyfy_cli
