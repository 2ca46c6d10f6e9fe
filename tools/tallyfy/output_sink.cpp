// SPDX-License-Identifier: BSL-1.0
#include "output_sink.hpp"

#include "args.hpp"

#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <charconv>
#include <cstdio>
#include <utility>

namespace tallyfy_cli {

output_settings resolve_output_settings(const std::optional<std::string>& output_flag,
                                        const std::optional<std::string>& fields_flag,
                                        const std::function<const char*(const char*)>& getenv,
                                        bool stdout_terminal, std::size_t terminal_width) {
    output_settings s;
    s.stdout_terminal = stdout_terminal;
    std::optional<std::string> name = output_flag;
    if (!name)
        if (const char* env = getenv("TALLYFY_OUTPUT"); env != nullptr && *env != '\0')
            name = env;
    if (name) {
        auto format = parse_output_format(*name);
        if (!format) {
            std::string list;
            for (const auto& n : output_format_names())
                list += (list.empty() ? "" : ", ") + n;
            throw usage_error("TALLYFY_OUTPUT: '" + *name + "' is not a format (one of " + list +
                              ")");
        }
        s.format = *format;
    } else {
        s.format = stdout_terminal ? output_format::table : output_format::ndjson;
    }
    if (fields_flag)
        s.fields = parse_field_list(*fields_flag);
    if (const char* columns = getenv("COLUMNS"); columns != nullptr && *columns != '\0') {
        std::size_t n = 0;
        const std::string_view text(columns);
        auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), n);
        if (ec == std::errc() && end == text.data() + text.size() && n > 0) {
            s.width = n;
            return s;
        }
    }
    s.width = stdout_terminal ? terminal_width : 0;
    return s;
}

namespace {

bool same_terminal(int a, int b) {
    if (::isatty(a) != 1 || ::isatty(b) != 1)
        return false;
    struct stat sa {};
    struct stat sb {};
    if (::fstat(a, &sa) != 0 || ::fstat(b, &sb) != 0)
        return true; // both terminals: assume the same one
    return sa.st_rdev == sb.st_rdev;
}

// False when the text could not be written (a closed pipe when SIGPIPE is ignored).
bool put(std::FILE* to, std::string_view text) {
    const bool written = std::fwrite(text.data(), 1, text.size(), to) == text.size();
    return std::fflush(to) == 0 && written;
}

} // namespace

output_sink& output_sink::instance() {
    static output_sink sink;
    return sink;
}

output_sink::output_sink()
    : shared_terminal_(same_terminal(STDOUT_FILENO, STDERR_FILENO)) {}

void output_sink::configure(output_settings settings) {
    std::lock_guard lock(mutex_);
    settings_ = std::move(settings);
}

output_settings output_sink::settings() const {
    std::lock_guard lock(mutex_);
    return settings_;
}

void output_sink::erase_status_locked() {
    if (drawn_)
        put(stderr, "\r\x1b[K");
}

void output_sink::draw_status_locked() {
    if (drawn_)
        put(stderr, "\r" + status_ + "\x1b[K");
}

void output_sink::write_out(std::string_view text) {
    std::function<void()> closed;
    {
        std::lock_guard lock(mutex_);
        if (shared_terminal_)
            erase_status_locked();
        const bool written = put(stdout, text);
        if (shared_terminal_)
            draw_status_locked();
        if (!written && errno == EPIPE && on_stdout_closed_)
            closed = std::exchange(on_stdout_closed_, nullptr);
    }
    if (closed)
        closed();
}

void output_sink::on_stdout_closed(std::function<void()> then) {
    std::lock_guard lock(mutex_);
    on_stdout_closed_ = std::move(then);
}

void output_sink::write_err(std::string_view text) {
    std::lock_guard lock(mutex_);
    erase_status_locked();
    put(stderr, text);
    draw_status_locked();
}

void output_sink::show_status(std::string_view line) {
    std::lock_guard lock(mutex_);
    status_ = line;
    drawn_ = true;
    draw_status_locked();
}

void output_sink::clear_status() {
    std::lock_guard lock(mutex_);
    erase_status_locked();
    drawn_ = false;
    status_.clear();
}

} // namespace tallyfy_cli
