// SPDX-License-Identifier: BSL-1.0
#include "progress.hpp"

#include "output_sink.hpp"

#include <cstdio>
#include <string>

namespace tallyfy_cli {

progress_bar::progress_bar(std::size_t total, bool enabled)
    : total_(total)
    , enabled_(enabled && total > 0)
    , start_(std::chrono::steady_clock::now()) {}

void progress_bar::update(std::size_t done, std::size_t failed) {
    if (!enabled_)
        return;
    auto now = std::chrono::steady_clock::now();
    if (done < total_ && now - last_draw_ < std::chrono::milliseconds(100))
        return;
    last_draw_ = now;
    double elapsed = std::chrono::duration<double>(now - start_).count();
    double rate = elapsed > 0 ? static_cast<double>(done) / elapsed : 0;
    double eta = rate > 0 ? static_cast<double>(total_ - done) / rate : 0;
    constexpr std::size_t width = 30;
    std::size_t filled = done * width / total_;
    std::string bar(filled, '#');
    bar.append(width - filled, '.');
    char line[160];
    std::snprintf(line, sizeof line, "[%s] %zu/%zu  %zu failed  %.1f/s  ETA %.0fs", bar.c_str(),
                  done, total_, failed, rate, eta);
    output_sink::instance().show_status(line); // cleared around every other line (output_sink)
    drawn_ = true;
}

void progress_bar::finish() {
    if (drawn_)
        output_sink::instance().clear_status();
    drawn_ = false;
}

} // namespace tallyfy_cli
