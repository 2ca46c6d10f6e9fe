// SPDX-License-Identifier: BSL-1.0
#include "batch_input.hpp"

#include <map>
#include <utility>

namespace tallyfy_cli {

namespace {

bool is_space(char c) {
    return c == ' ' || c == '\t' || c == '\r' || c == '\v' || c == '\f';
}

std::vector<std::string_view> words(std::string_view text) {
    std::vector<std::string_view> out;
    std::size_t i = 0;
    while (i < text.size()) {
        while (i < text.size() && is_space(text[i]))
            ++i;
        std::size_t start = i;
        while (i < text.size() && !is_space(text[i]))
            ++i;
        if (i > start)
            out.push_back(text.substr(start, i - start));
    }
    return out;
}

} // namespace

batch_line parse_batch_line(std::string_view text, std::size_t number) {
    batch_line line;
    line.number = number;
    auto parts = words(text);
    if (parts.empty() || parts.front().front() == '#') {
        line.what = batch_line::kind::blank;
        return line;
    }
    if (parts.size() > 2) {
        line.what = batch_line::kind::malformed;
        line.problem = "expected 'RUN_ID TASK_ID' or 'TASK_ID', got " +
                       std::to_string(parts.size()) + " fields";
        return line;
    }
    if (parts.size() == 2)
        line.run_id = std::string(parts[0]);
    line.task_id = std::string(parts.back());
    return line;
}

std::vector<batch_line> read_batch_input(std::istream& in) {
    std::vector<batch_line> lines;
    std::map<std::pair<std::string, std::string>, std::size_t> seen;
    std::string text;
    while (std::getline(in, text)) {
        auto line = parse_batch_line(text, lines.size() + 1);
        if (line.what == batch_line::kind::task) {
            auto [it, fresh] = seen.emplace(std::pair(line.run_id, line.task_id), line.number);
            if (!fresh) {
                line.what = batch_line::kind::duplicate;
                line.duplicate_of = it->second;
            }
        }
        lines.push_back(std::move(line));
    }
    return lines;
}

} // namespace tallyfy_cli
