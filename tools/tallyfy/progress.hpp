// SPDX-License-Identifier: BSL-1.0
// A one-line progress bar on stderr (only when stderr is a terminal): count, bar, rate, ETA.
// Drawn as the output sink's status line, so that no line of output is written into it.
#pragma once

#include <chrono>
#include <cstddef>

namespace tallyfy_cli {

class progress_bar {
public:
    /// Draws only when `enabled` (callers pass isatty(stderr)).
    progress_bar(std::size_t total, bool enabled);
    /// Redraws at most every 100 ms (and always when `done == total`).
    void update(std::size_t done, std::size_t failed);
    /// Clears the bar's line so that later output starts clean.
    void finish();

private:
    std::size_t total_;
    bool enabled_;
    bool drawn_ = false;
    std::chrono::steady_clock::time_point start_;
    std::chrono::steady_clock::time_point last_draw_{};
};

} // namespace tallyfy_cli
