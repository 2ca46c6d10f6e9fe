// SPDX-License-Identifier: BSL-1.0
#include "batch_interrupt.hpp"

#include "exit_codes.hpp"
#include "output_sink.hpp"

#include <csignal>
#include <cstdlib>
#include <string>

namespace tallyfy_cli {

void watch_batch_interrupts(boost::asio::signal_set& signals,
                            std::shared_ptr<std::atomic<bool>> stop, std::string_view items) {
    // A reader that goes away (`| head`) stops the batch as Ctrl-C does: killed by SIGPIPE, the
    // batch would leave its requests in flight unjournaled and print no summary.
    std::signal(SIGPIPE, SIG_IGN);
    output_sink::instance().on_stdout_closed([stop, items = std::string(items)] {
        stop->store(true);
        output_sink::instance().write_err("tallyfy: batch: stdout was closed: finishing the " +
                                          items + " in flight\n");
    });
    signals.async_wait([&signals, stop = std::move(stop),
                        items = std::string(items)](boost::system::error_code ec, int) {
        if (ec)
            return;
        stop->store(true);
        // Through the sink, which clears the progress line first.
        output_sink::instance().write_err("\ntallyfy: batch: interrupted: finishing the " + items +
                                          " in flight (again to quit at once)\n");
        signals.async_wait([](boost::system::error_code again, int) {
            if (!again)
                std::_Exit(exit_interrupted);
        });
    });
}

} // namespace tallyfy_cli
