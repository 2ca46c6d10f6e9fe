// SPDX-License-Identifier: BSL-1.0
#include "secret_input.hpp"

#include "args.hpp"

#include <termios.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <cstdio>
#include <string_view>

namespace tallyfy_cli {

namespace {

constexpr std::size_t max_secret_bytes = 16 * 1024;
constexpr int restoring_signals[] = {SIGINT, SIGTERM, SIGHUP, SIGQUIT};

termios saved_terminal{}; // read by the signal handler: set before it is installed
volatile std::sig_atomic_t echo_is_off = 0;

extern "C" void restore_echo_and_die(int signal_number) {
    if (echo_is_off != 0)
        ::tcsetattr(STDIN_FILENO, TCSAFLUSH, &saved_terminal);
    std::signal(signal_number, SIG_DFL);
    std::raise(signal_number);
}

// Echo off on the terminal of stdin for its lifetime.
class echo_off {
public:
    echo_off() {
        if (::tcgetattr(STDIN_FILENO, &saved_terminal) != 0)
            return;
        struct sigaction on_signal {};
        on_signal.sa_handler = restore_echo_and_die;
        sigemptyset(&on_signal.sa_mask);
        for (std::size_t i = 0; i < std::size(restoring_signals); ++i) {
            ::sigaction(restoring_signals[i], nullptr, &previous_[i]);
            if (previous_[i].sa_handler != SIG_IGN) // an ignored signal stays ignored
                ::sigaction(restoring_signals[i], &on_signal, nullptr);
        }
        termios quiet = saved_terminal;
        quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
        quiet.c_lflag |= ECHONL; // the Enter still moves to the next line
        echo_is_off = 1;
        if (::tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet) != 0)
            echo_is_off = 0;
        active_ = true;
    }
    ~echo_off() {
        if (!active_)
            return;
        if (echo_is_off != 0)
            ::tcsetattr(STDIN_FILENO, TCSAFLUSH, &saved_terminal);
        echo_is_off = 0;
        for (std::size_t i = 0; i < std::size(restoring_signals); ++i)
            ::sigaction(restoring_signals[i], &previous_[i], nullptr);
    }
    echo_off(const echo_off&) = delete;
    echo_off& operator=(const echo_off&) = delete;

private:
    bool active_ = false;
    struct sigaction previous_[std::size(restoring_signals)]{};
};

// One line from stdin, read a byte at a time (nothing after it is consumed).
std::string read_line() {
    std::string line;
    for (;;) {
        char c = 0;
        auto n = ::read(STDIN_FILENO, &c, 1);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0 || c == '\n')
            return line;
        if (line.size() == max_secret_bytes)
            throw usage_error("the token is longer than 16 KiB");
        line += c;
    }
}

std::string trimmed(std::string s) {
    const std::string_view blanks = " \t\r\n";
    auto first = s.find_first_not_of(blanks);
    if (first == std::string::npos)
        return {};
    auto last = s.find_last_not_of(blanks);
    return s.substr(first, last - first + 1);
}

} // namespace

std::string read_secret_line(const char* prompt) {
    std::string line;
    if (::isatty(STDIN_FILENO) == 1) {
        echo_off quiet; // before the prompt: what is typed after it is never shown
        std::fputs(prompt, stderr);
        std::fflush(stderr);
        line = read_line();
    } else {
        line = read_line();
    }
    line = trimmed(std::move(line));
    if (line.empty())
        throw usage_error("no token given (type or paste it, or pipe it to stdin)");
    return line;
}

} // namespace tallyfy_cli
