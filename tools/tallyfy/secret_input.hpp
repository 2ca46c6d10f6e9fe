// SPDX-License-Identifier: BSL-1.0
// Reads a secret (a token) from stdin: at a terminal after a prompt, with echo off; from a pipe
// or file, its first line, so scripts can pipe it.
#pragma once

#include <string>

namespace tallyfy_cli {

/// The first line of stdin, surrounding blanks trimmed (at most 16 KiB). When stdin is a
/// terminal, `prompt` goes to stderr first and the terminal's echo is off while the line is
/// typed (restored afterwards, and before the process dies of SIGINT, SIGTERM, SIGHUP or
/// SIGQUIT meanwhile). Throws usage_error when nothing was given or the line is too long.
std::string read_secret_line(const char* prompt);

} // namespace tallyfy_cli
