// SPDX-License-Identifier: BSL-1.0
#include "batch_interrupt.hpp"

#include "exit_codes.hpp"

#include <cstdio>
#include <cstdlib>
#include <string>

namespace tallyfy_cli {

void watch_batch_interrupts(boost::asio::signal_set& signals,
                            std::shared_ptr<std::atomic<bool>> stop, std::string_view items) {
    signals.async_wait([&signals, stop = std::move(stop),
                        items = std::string(items)](boost::system::error_code ec, int) {
        if (ec)
            return;
        stop->store(true);
        std::fprintf(stderr,
                     "\ntallyfy: batch: interrupted: finishing the %s in flight (again to quit at "
                     "once)\n",
                     items.c_str());
        signals.async_wait([](boost::system::error_code again, int) {
            if (!again)
                std::_Exit(exit_interrupted);
        });
    });
}

} // namespace tallyfy_cli
