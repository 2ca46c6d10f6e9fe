// SPDX-License-Identifier: BSL-1.0
#include "values.hpp"

#include <boost/json/parse.hpp>

#include <tallyfy/api_error.hpp>

#include <algorithm>
#include <array>
#include <cctype>
#include <charconv>
#include <cmath>
#include <fstream>
#include <iostream>
#include <iterator>

namespace tallyfy_cli {

namespace {

[[noreturn]] void bad(std::string_view option, std::string_view text, std::string_view expected) {
    throw usage_error("bad value '" + std::string(text) + "' for --" + std::string(option) +
                      " (expected " + std::string(expected) + ")");
}

std::string_view trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t'))
        s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t'))
        s.remove_suffix(1);
    return s;
}

// Looks `text` up among an enum's values by their API spelling.
template <class Enum, std::size_t N>
Enum parse_enum(std::string_view option, std::string_view text, const std::array<Enum, N>& all) {
    std::string expected;
    for (Enum e : all) {
        if (tallyfy::to_string(e) == text)
            return e;
        expected += (expected.empty() ? "" : ", ") + std::string(tallyfy::to_string(e));
    }
    bad(option, text, "one of " + expected);
}

} // namespace

std::int64_t parse_int(std::string_view option, std::string_view text, std::int64_t min,
                       std::int64_t max) {
    std::int64_t value = 0;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec != std::errc() || end != text.data() + text.size() || value < min || value > max)
        bad(option, text,
            "an integer in [" + std::to_string(min) + ", " + std::to_string(max) + "]");
    return value;
}

double parse_seconds(std::string_view option, std::string_view text) {
    double value = 0;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec != std::errc() || end != text.data() + text.size() || !std::isfinite(value) ||
        value <= 0 || value > 86'400)
        bad(option, text, "seconds, greater than 0");
    return value;
}

bool parse_bool(std::string_view option, std::string_view text) {
    if (text == "true" || text == "1" || text == "yes")
        return true;
    if (text == "false" || text == "0" || text == "no")
        return false;
    bad(option, text, "true or false");
}

std::vector<std::string> split_list(std::string_view text) {
    std::vector<std::string> out;
    while (!text.empty()) {
        auto comma = text.find(',');
        auto part = trim(text.substr(0, comma));
        if (!part.empty())
            out.emplace_back(part);
        if (comma == std::string_view::npos)
            break;
        text.remove_prefix(comma + 1);
    }
    return out;
}

std::vector<std::int64_t> parse_int_list(std::string_view option, std::string_view text) {
    std::vector<std::int64_t> out;
    for (const auto& part : split_list(text))
        out.push_back(parse_int(option, part, 0, INT64_MAX));
    return out;
}

tallyfy::task_includes parse_task_includes(std::string_view text) {
    tallyfy::task_includes with;
    for (const auto& name : split_list(text)) {
        if (name == "run")
            with.run = true;
        else if (name == "step")
            with.step = true;
        else if (name == "form_fields")
            with.form_fields = true;
        else if (name == "tags")
            with.tags = true;
        else if (name == "threads")
            with.threads = true;
        else if (name == "summary")
            with.summary = true;
        else if (name == "ko_form_fields")
            with.ko_form_fields = true;
        else
            with.extra.push_back(name);
    }
    return with;
}

tallyfy::run_includes parse_run_includes(std::string_view text) {
    tallyfy::run_includes with;
    for (const auto& name : split_list(text)) {
        if (name == "checklist")
            with.checklist = true;
        else if (name == "tasks")
            with.tasks = true;
        else if (name == "tags")
            with.tags = true;
        else if (name == "form_fields")
            with.form_fields = true;
        else if (name == "ko_form_fields")
            with.ko_form_fields = true;
        else if (name == "next_task")
            with.next_task = true;
        else if (name == "assets")
            with.assets = true;
        else
            with.extra.push_back(name);
    }
    return with;
}

tallyfy::checklist_includes parse_checklist_includes(std::string_view text) {
    tallyfy::checklist_includes with;
    for (const auto& name : split_list(text)) {
        if (name == "steps")
            with.steps = true;
        else if (name == "prerun")
            with.prerun = true;
        else if (name == "automated_actions")
            with.automated_actions = true;
        else if (name == "tags")
            with.tags = true;
        else
            with.extra.push_back(name);
    }
    return with;
}

namespace {

constexpr std::array run_task_statuses{
    tallyfy::run_task_status::complete,       tallyfy::run_task_status::active,
    tallyfy::run_task_status::active_visible, tallyfy::run_task_status::incomplete,
    tallyfy::run_task_status::inprogress,     tallyfy::run_task_status::not_started,
    tallyfy::run_task_status::hasproblem,     tallyfy::run_task_status::overdue,
    tallyfy::run_task_status::due_soon};
constexpr std::array org_task_statuses{
    tallyfy::org_task_status::active,     tallyfy::org_task_status::complete,
    tallyfy::org_task_status::incomplete, tallyfy::org_task_status::inprogress,
    tallyfy::org_task_status::overdue,    tallyfy::org_task_status::due_soon,
    tallyfy::org_task_status::hasproblem};
constexpr std::array run_statuses{
    tallyfy::run_status_filter::active,     tallyfy::run_status_filter::problem,
    tallyfy::run_status_filter::delayed,    tallyfy::run_status_filter::complete,
    tallyfy::run_status_filter::archived,   tallyfy::run_status_filter::starred,
    tallyfy::run_status_filter::improvement};
constexpr std::array run_task_sorts{
    tallyfy::run_task_sort::position, tallyfy::run_task_sort::deadline,
    tallyfy::run_task_sort::position_desc, tallyfy::run_task_sort::deadline_desc};

// The CLI's words for --archived (the API sends `true` for "include").
constexpr std::array<std::pair<std::string_view, tallyfy::archived_filter>, 2> archived_words{
    {{"include", tallyfy::archived_filter::include}, {"only", tallyfy::archived_filter::only}}};

template <class Enum, std::size_t N>
std::vector<std::string> names_of(const std::array<Enum, N>& all) {
    std::vector<std::string> out;
    for (Enum e : all)
        out.emplace_back(tallyfy::to_string(e));
    return out;
}

} // namespace

tallyfy::run_task_status parse_run_task_status(std::string_view option, std::string_view text) {
    return parse_enum(option, text, run_task_statuses);
}

tallyfy::org_task_status parse_org_task_status(std::string_view option, std::string_view text) {
    return parse_enum(option, text, org_task_statuses);
}

tallyfy::run_status_filter parse_run_status(std::string_view option, std::string_view text) {
    return parse_enum(option, text, run_statuses);
}

tallyfy::archived_filter parse_archived(std::string_view option, std::string_view text) {
    for (const auto& [word, value] : archived_words)
        if (word == text)
            return value;
    bad(option, text, "one of " + join_names(archived_names()));
}

tallyfy::run_task_sort parse_run_task_sort(std::string_view option, std::string_view text) {
    return parse_enum(option, text, run_task_sorts);
}

std::vector<std::string> run_task_status_names() {
    return names_of(run_task_statuses);
}
std::vector<std::string> org_task_status_names() {
    return names_of(org_task_statuses);
}
std::vector<std::string> run_status_names() {
    return names_of(run_statuses);
}
std::vector<std::string> run_task_sort_names() {
    return names_of(run_task_sorts);
}
std::vector<std::string> archived_names() {
    std::vector<std::string> out;
    for (const auto& word : archived_words)
        out.emplace_back(word.first);
    return out;
}

std::string join_names(const std::vector<std::string>& names) {
    std::string out;
    for (const auto& n : names)
        out += (out.empty() ? "" : ", ") + n;
    return out;
}

std::optional<std::int64_t> int_option(const parsed_args& args, std::string_view name,
                                       std::int64_t min, std::int64_t max) {
    auto text = args.get(name);
    if (!text)
        return std::nullopt;
    return parse_int(name, *text, min, max);
}

std::string string_option(const parsed_args& args, std::string_view name) {
    return args.get(name).value_or("");
}

tallyfy::paging_options paging_options_from(const parsed_args& args) {
    tallyfy::paging_options p;
    p.max_items = static_cast<std::size_t>(int_option(args, "limit", 0, INT64_MAX).value_or(0));
    p.per_page = int_option(args, "per-page", 1, 100).value_or(100);
    p.max_pages = int_option(args, "max-pages", 1, INT64_MAX).value_or(p.max_pages);
    return p;
}

const std::string& checked_id(std::string_view what, const std::string& id) {
    const bool ok =
        !id.empty() && id.size() <= 256 && std::all_of(id.begin(), id.end(), [](unsigned char c) {
            return std::isalnum(c) != 0 || c == '-' || c == '_';
        });
    if (!ok)
        throw usage_error("bad " + std::string(what) + " '" + tallyfy::printable(id, 80) +
                          "' (letters, digits, '-' and '_')");
    return id;
}

boost::json::object read_body(const std::string& path) {
    std::ifstream file;
    std::istream* in = &std::cin;
    if (path != "-") {
        file.open(path);
        if (!file)
            throw usage_error("cannot read --body file " + path);
        in = &file;
    }
    std::string text{std::istreambuf_iterator<char>(*in), std::istreambuf_iterator<char>()};
    boost::system::error_code ec;
    boost::json::value body = boost::json::parse(text, ec);
    if (ec || !body.is_object())
        throw usage_error("--body " + path + " is not a JSON object");
    return std::move(body.as_object());
}

} // namespace tallyfy_cli
