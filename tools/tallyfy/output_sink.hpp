// SPDX-License-Identifier: BSL-1.0
// The one way to stdout and stderr once a command runs: the output settings (--output, --fields,
// the table width) and a process-wide sink that writes whole lines under one mutex, so that a
// status line (a batch's progress bar on stderr) is cleared before any other line is written to
// the same terminal and drawn again after it: never a line of output with progress text inside.
#pragma once

#include "output_format.hpp"

#include <cstddef>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace tallyfy_cli {

struct output_settings {
    output_format format = output_format::ndjson;
    std::vector<std::string> fields; ///< --fields; empty: each shape's default
    std::size_t width = 0;           ///< a table's width in columns; 0: no limit
    bool stdout_terminal = false;    ///< csv cells escaped (printable) when shown on a terminal
};

/// The settings of an invocation: `--output` (`output_flag`), else TALLYFY_OUTPUT, else table
/// when stdout is a terminal and ndjson otherwise; `--fields`; the width from COLUMNS when set,
/// else `terminal_width` when stdout is a terminal, else none. Throws usage_error naming the
/// accepted values for a bad TALLYFY_OUTPUT, or for a bad --fields.
output_settings resolve_output_settings(const std::optional<std::string>& output_flag,
                                        const std::optional<std::string>& fields_flag,
                                        const std::function<const char*(const char*)>& getenv,
                                        bool stdout_terminal, std::size_t terminal_width);

/// The process's sink. Thread-safe (one mutex); each write is flushed before it returns.
class output_sink {
public:
    static output_sink& instance();

    /// Replaces the settings (once, before a command runs).
    void configure(output_settings settings);
    output_settings settings() const;

    /// `text` (whole lines) to stdout; the status line is cleared first and drawn again after
    /// when stdout and stderr are the same terminal.
    void write_out(std::string_view text);
    /// `text` (whole lines) to stderr, the status line cleared first and drawn again after.
    void write_err(std::string_view text);
    /// Draws `line` as the status line on stderr (replacing the one drawn): the caller shows it
    /// only when stderr is a terminal.
    void show_status(std::string_view line);
    /// Clears the status line, if drawn, for good.
    void clear_status();
    /// Calls `then` once when a write to stdout fails because its reader went away (EPIPE: the
    /// caller ignores SIGPIPE). A batch stops starting items then, as on Ctrl-C, instead of
    /// being killed with its requests in flight and unjournaled.
    void on_stdout_closed(std::function<void()> then);

    /// True when stdout and stderr are one terminal (decided at the first use of the sink).
    bool shared_terminal() const { return shared_terminal_; }

private:
    output_sink();
    void erase_status_locked();
    void draw_status_locked();

    mutable std::mutex mutex_;
    output_settings settings_;
    bool shared_terminal_ = false;
    std::string status_;
    bool drawn_ = false;
    std::function<void()> on_stdout_closed_;
};

} // namespace tallyfy_cli
