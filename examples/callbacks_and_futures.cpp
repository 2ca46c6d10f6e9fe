// SPDX-License-Identifier: BSL-1.0
// The SDK from code that does not use coroutines: completion callbacks, and std::future with the
// io_context on a background thread. `callbacks_and_futures CHECKLIST_ID`; TALLYFY_* variables.
#include <tallyfy/client.hpp>

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/use_future.hpp>

#include <cstdio>
#include <future>
#include <string>
#include <thread>

namespace asio = boost::asio;

int main(int argc, char** argv) {
    if (argc != 2) {
        std::fprintf(stderr, "usage: callbacks_and_futures CHECKLIST_ID\n");
        return 2;
    }
    asio::io_context io;
    auto work = asio::make_work_guard(io); // keep run() going until we are done
    std::thread io_thread([&] { io.run(); });
    tallyfy::client api(io.get_executor(), tallyfy::client_options::from_env());
    int status = 0;
    try {
        // 1. A future: blocks this thread (never the io thread) until the run is launched.
        tallyfy::launch_run_request launch{.checklist_id = argv[1],
                                           .name = "Callbacks and futures"};
        std::future<tallyfy::run> launched = api.launch_run(std::move(launch), asio::use_future);
        tallyfy::run run = launched.get(); // throws boost::system::system_error
        std::printf("future:   launched run %s\n", run.id.c_str());

        // 2. A callback `void(error_code, T)`, called on the io thread; with_details adds the
        //    failure's details (status, server message, request id) beside the code.
        std::promise<void> finished;
        tallyfy::get_run_request read{.run_id = run.id};
        read.with.tasks = true;
        tallyfy::error_details why;
        api.get_run(
            read, tallyfy::with_details(why, [&](boost::system::error_code ec, tallyfy::run r) {
                if (ec)
                    std::printf("callback: %s\n", tallyfy::api_error::describe(why).c_str());
                else
                    std::printf("callback: run %s has %zu tasks, status %s\n", r.id.c_str(),
                                r.tasks ? r.tasks->size() : 0, r.status.c_str());
                finished.set_value();
            }));
        finished.get_future().wait();

        // 3. An expected failure, as a future: the code in the exception, the details beside.
        tallyfy::get_task_request missing{.task_id = "0000000000000000000000000000dead"};
        tallyfy::error_details not_there;
        try {
            api.get_task(std::move(missing), tallyfy::with_details(not_there, asio::use_future))
                .get();
        } catch (const boost::system::system_error&) {
            std::printf("future:   expected failure: %s\n",
                        tallyfy::api_error::describe(not_there).c_str());
        }
    } catch (const boost::system::system_error& e) {
        std::fprintf(stderr, "callbacks_and_futures: %s\n", e.what());
        status = 1;
    }
    work.reset();
    io_thread.join();
    return status;
}
