// SPDX-License-Identifier: BSL-1.0
#include "output.hpp"

#include "csv.hpp"
#include "output_sink.hpp"
#include "table.hpp"

#include <boost/json/serialize.hpp>

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <stdexcept>
#include <string>

namespace tallyfy_cli {

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

std::string format_single(const boost::json::value& value, const output_settings& settings) {
    const bool picked = !settings.fields.empty();
    switch (settings.format) {
    case output_format::ndjson:
        return strict_json(
                   boost::json::serialize(picked ? project(value, settings.fields) : value)) +
               '\n';
    case output_format::json:
        return pretty_json(picked ? boost::json::value(project(value, settings.fields)) : value);
    case output_format::table:
    case output_format::csv:
        break;
    }
    boost::json::object wrapped;
    const boost::json::object* object = value.if_object();
    if (object == nullptr) {
        wrapped["value"] = value;
        object = &wrapped;
    }
    std::vector<std::string> fields = settings.fields;
    if (!picked)
        for (const auto& member : *object)
            fields.emplace_back(member.key());
    std::vector<std::string> cells;
    for (const auto& f : fields)
        cells.push_back(cell_text(field_at(*object, f)));
    if (settings.format == output_format::table) {
        std::vector<std::vector<std::string>> rows;
        for (std::size_t i = 0; i < fields.size(); ++i)
            rows.push_back({fields[i], cells[i]});
        return render_table(rows, settings.width);
    }
    if (settings.stdout_terminal)
        for (auto& c : cells)
            c = tallyfy::printable(c, 64 * 1024);
    return csv_row(fields) + csv_row(cells);
}

void print_json_line(const boost::json::value& value) {
    auto& sink = output_sink::instance();
    sink.write_out(format_single(value, sink.settings()));
}

void print_json_line(const boost::json::object& object) {
    auto& sink = output_sink::instance();
    const auto settings = sink.settings();
    if (settings.format == output_format::ndjson && settings.fields.empty()) // no copy
        sink.write_out(strict_json(boost::json::serialize(object)) + '\n');
    else
        sink.write_out(format_single(boost::json::value(object), settings));
}

void write_pretty(const boost::json::value& value, const std::optional<std::string>& path) {
    write_bytes(pretty_json(value), path);
}

void write_bytes(std::string_view text, const std::optional<std::string>& path) {
    if (!path) {
        output_sink::instance().write_out(text);
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
    output_sink::instance().write_err("tallyfy: " + tallyfy::printable(message, 4096) + "\n");
}

void print_error(const tallyfy::api_error& error) {
    print_diagnostic(tallyfy::api_error::describe(error.details()));
}

} // namespace tallyfy_cli
