// SPDX-License-Identifier: BSL-1.0
#include "output.hpp"

#include <boost/json/serialize.hpp>

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <stdexcept>
#include <string>

namespace tallyfy_cli {

namespace {

void print_line(std::string line) {
    line += '\n';
    std::fwrite(line.data(), 1, line.size(), stdout);
    std::fflush(stdout);
}

} // namespace

std::string strict_json(std::string text) {
    // Only the serializer's own tokens are rewritten: the scan skips strings.
    if (text.find("Infinity") == std::string::npos && text.find("NaN") == std::string::npos)
        return text;
    std::string out;
    out.reserve(text.size());
    bool in_string = false;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (in_string) {
            out += c;
            if (c == '\\' && i + 1 < text.size())
                out += text[++i];
            else if (c == '"')
                in_string = false;
        } else if (c == '"') {
            in_string = true;
            out += c;
        } else if (text.compare(i, 8, "Infinity") == 0) {
            out += "1e999";
            i += 7;
        } else if (text.compare(i, 3, "NaN") == 0) {
            out += "null";
            i += 2;
        } else {
            out += c;
        }
    }
    return out;
}

void print_json_line(const boost::json::value& value) {
    print_line(strict_json(boost::json::serialize(value)));
}

void print_json_line(const boost::json::object& object) {
    print_line(strict_json(boost::json::serialize(object)));
}

namespace {

void pretty(const boost::json::value& v, std::string& out, std::size_t depth) {
    const auto newline = [&](std::size_t d) {
        out += '\n';
        out.append(2 * d, ' ');
    };
    if (v.is_object() && !v.get_object().empty()) {
        out += '{';
        bool first = true;
        for (const auto& [key, member] : v.get_object()) {
            out += first ? "" : ",";
            first = false;
            newline(depth + 1);
            out += boost::json::serialize(boost::json::string(key));
            out += ": ";
            pretty(member, out, depth + 1);
        }
        newline(depth);
        out += '}';
    } else if (v.is_array() && !v.get_array().empty()) {
        out += '[';
        bool first = true;
        for (const auto& item : v.get_array()) {
            out += first ? "" : ",";
            first = false;
            newline(depth + 1);
            pretty(item, out, depth + 1);
        }
        newline(depth);
        out += ']';
    } else {
        out += strict_json(boost::json::serialize(v));
    }
}

} // namespace

std::string pretty_json(const boost::json::value& value) {
    std::string out;
    pretty(value, out, 0);
    out += '\n';
    return out;
}

void write_pretty(const boost::json::value& value, const std::optional<std::string>& path) {
    write_bytes(pretty_json(value), path);
}

void write_bytes(std::string_view text, const std::optional<std::string>& path) {
    if (!path) {
        std::fwrite(text.data(), 1, text.size(), stdout);
        std::fflush(stdout);
        return;
    }
    const int fd = ::open(path->c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    if (fd < 0)
        throw std::runtime_error("cannot write " + tallyfy::printable(*path, 512) + ": " +
                                 std::strerror(errno));
    std::size_t done = 0;
    while (done < text.size()) {
        const ssize_t n = ::write(fd, text.data() + done, text.size() - done);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0) {
            const int err = errno;
            ::close(fd);
            throw std::runtime_error("cannot write " + tallyfy::printable(*path, 512) + ": " +
                                     std::strerror(err));
        }
        done += static_cast<std::size_t>(n);
    }
    ::close(fd);
}

void print_diagnostic(std::string_view message) {
    const std::string line = tallyfy::printable(message, 4096);
    std::fprintf(stderr, "tallyfy: %.*s\n", static_cast<int>(line.size()), line.data());
    std::fflush(stderr);
}

void print_error(const tallyfy::api_error& error) {
    print_diagnostic(tallyfy::api_error::describe(error.details()));
}

} // namespace tallyfy_cli
