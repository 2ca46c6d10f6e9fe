// SPDX-License-Identifier: BSL-1.0
#include "sandbox_options.hpp"

#include <algorithm>
#include <fstream>
#include <sstream>

namespace tallyfy::tools {

namespace {

namespace sbx = tallyfy::sandbox;
using setter = void (*)(sandbox_settings&, std::string_view option, std::string_view value);

// One sandbox option: how it reads, and what it sets.
struct sandbox_option_row {
    front_option option;
    setter set;
};

[[noreturn]] void refuse(std::string_view option, std::string_view takes) {
    throw std::invalid_argument("--" + std::string(option) + " takes " + std::string(takes));
}

std::string read_file(std::string_view option, std::string_view name) {
    std::ifstream in{std::string(name)};
    std::ostringstream text;
    text << in.rdbuf();
    if (!in || text.str().empty())
        throw std::invalid_argument("--" + std::string(option) + ": cannot read " +
                                    std::string(name));
    return text.str();
}

const std::vector<sandbox_option_row>& rows() {
    static const std::vector<sandbox_option_row> table = {
        {{"port", "N", "listen on port N (default: an ephemeral port)"},
         [](sandbox_settings& s, std::string_view o, std::string_view v) {
             s.server.port = option_number<std::uint16_t>(o, v);
         }},
        {{"http", "", "plain HTTP instead of HTTPS"},
         [](sandbox_settings& s, std::string_view, std::string_view) { s.server.https = false; }},
        {{"ca-out", "FILE", "write the CA certificate (PEM) to FILE (default: a file in $TMPDIR)"},
         [](sandbox_settings& s, std::string_view, std::string_view v) { s.ca_out = v; }},
        {{"client-ca", "FILE",
          "require a client certificate issued by a CA in FILE (PEM): mutual TLS"},
         [](sandbox_settings& s, std::string_view o, std::string_view v) {
             s.server.client_ca_pem = read_file(o, v);
         }},
        {{"seed", "N", "seed of the generated organisation data (default 1)"},
         [](sandbox_settings& s, std::string_view o, std::string_view v) {
             s.server.api.seed = option_number<std::uint64_t>(o, v);
         }},
        {{"data", "FILE", "load organisation data from a JSON file instead"},
         [](sandbox_settings& s, std::string_view, std::string_view v) {
             s.server.api.data_file = v;
         }},
        {{"token", "T", "accept bearer token T (repeatable; default: one derived from the seed)",
          true},
         [](sandbox_settings& s, std::string_view, std::string_view v) {
             s.server.api.tokens.emplace_back(v);
         }},
        {{"threads", "N", "serving threads (default 1)"},
         [](sandbox_settings& s, std::string_view o, std::string_view v) {
             s.server.threads = option_number<unsigned>(o, v);
         }},
        {{"rate-limit", "N",
          "429 past N requests per minute per token (0: off; \"tallyfy\" = 600)"},
         [](sandbox_settings& s, std::string_view o, std::string_view v) {
             s.server.api.limit.per_minute = v == "tallyfy"
                                                 ? sbx::rate_limit::tallyfy_default().per_minute
                                                 : option_number<std::uint32_t>(o, v);
         }},
        {{"rate-window", "S", "the rate limit's window in seconds (default 60)"},
         [](sandbox_settings& s, std::string_view o, std::string_view v) {
             const auto seconds = option_number<std::uint32_t>(o, v);
             if (seconds == 0)
                 refuse(o, "a number of seconds above 0");
             s.server.api.limit.window = std::chrono::seconds(seconds);
         }},
        {{"rate-limit-mode", "M",
          "\"fixed\" windows as the API's Laravel throttle (default) or \"sliding\""},
         [](sandbox_settings& s, std::string_view o, std::string_view v) {
             if (v == "fixed")
                 s.server.api.limit.kind = sbx::rate_window_kind::fixed;
             else if (v == "sliding")
                 s.server.api.limit.kind = sbx::rate_window_kind::sliding;
             else
                 refuse(o, "fixed or sliding");
         }},
        {{"guest-invites-per-hour", "N",
          "429 past N guests created per hour, as the API (default 30; 0: off)"},
         [](sandbox_settings& s, std::string_view o, std::string_view v) {
             s.server.api.caps.guest_invites = option_number<std::uint32_t>(o, v);
         }},
        {{"comments-per-hour", "N",
          "429 past N comments posted per hour, as the API (default 120; 0: off)"},
         [](sandbox_settings& s, std::string_view o, std::string_view v) {
             s.server.api.caps.comments = option_number<std::uint32_t>(o, v);
         }},
        {{"webhook", "URL",
          "post process.launched, task.completed, process.completed to URL (http://)"},
         [](sandbox_settings& s, std::string_view o, std::string_view v) {
             if (!v.starts_with("http://"))
                 refuse(o, "an http:// URL (the sandbox posts plain HTTP)");
             s.server.api.webhook_url = v;
         }},
        {{"recomplete", "MODE",
          "completing a completed task: \"ok\" (200 unchanged, default) or \"error\" (422)"},
         [](sandbox_settings& s, std::string_view o, std::string_view v) {
             if (v == "ok")
                 s.server.api.recomplete = sbx::recomplete_mode::ok_unchanged;
             else if (v == "error")
                 s.server.api.recomplete = sbx::recomplete_mode::validation_error;
             else
                 refuse(o, "ok or error");
         }},
        {{"validation-shape", "S", "422 bodies: \"tallyfy\" (default) or \"laravel\""},
         [](sandbox_settings& s, std::string_view o, std::string_view v) {
             if (v == "tallyfy")
                 s.server.api.validation = sbx::validation_shape::tallyfy;
             else if (v == "laravel")
                 s.server.api.validation = sbx::validation_shape::laravel;
             else
                 refuse(o, "tallyfy or laravel");
         }},
        {{"fault", "SPEC",
          "inject faults, e.g. status_after,status=503,path=*/completed-tasks,count=1\n"
          "(repeatable; see tallyfy::sandbox::parse_fault_rule)",
          true},
         [](sandbox_settings& s, std::string_view o, std::string_view v) {
             try {
                 s.faults.push_back(sbx::parse_fault_rule(v));
             } catch (const std::exception& e) {
                 throw std::invalid_argument("--" + std::string(o) + ": " + e.what());
             }
         }},
        {{"fault-seed", "N", "seed of random fault choices"},
         [](sandbox_settings& s, std::string_view o, std::string_view v) {
             s.server.fault_seed = option_number<std::uint64_t>(o, v);
         }},
        {{"no-record", "", "do not keep a log of requests (for load tests)"},
         [](sandbox_settings& s, std::string_view, std::string_view) {
             s.server.record_requests = false;
         }},
    };
    return table;
}

const sandbox_option_row& row(std::string_view name) {
    const auto& all = rows();
    auto it = std::find_if(all.begin(), all.end(),
                           [&](const sandbox_option_row& r) { return r.option.name == name; });
    if (it == all.end())
        throw std::out_of_range("no sandbox option --" + std::string(name));
    return *it;
}

} // namespace

const std::vector<front_option>& sandbox_options() {
    static const std::vector<front_option> all = [] {
        std::vector<front_option> out;
        for (const auto& r : rows())
            out.push_back(r.option);
        return out;
    }();
    return all;
}

std::vector<front_option> sandbox_options(std::initializer_list<std::string_view> names) {
    std::vector<front_option> out;
    for (auto name : names)
        out.push_back(row(name).option);
    return out;
}

void apply_sandbox_option(sandbox_settings& settings, std::string_view name,
                          std::string_view value) {
    row(name).set(settings, name, value);
}

bool parse_command_line(
    int argc, const char* const* argv, const std::vector<front_option>& options,
    const std::function<void(const front_option&, std::string_view value)>& on_option) {
    for (int i = 1; i < argc; ++i) {
        const std::string_view arg = argv[i];
        if (arg == "--help" || arg == "-h")
            return true;
        auto it = std::find_if(options.begin(), options.end(), [&](const front_option& o) {
            return arg.starts_with("--") && arg.substr(2) == o.name;
        });
        if (it == options.end())
            throw std::invalid_argument("unknown option " + std::string(arg));
        std::string_view value;
        if (!it->value_name.empty()) {
            if (i + 1 >= argc)
                throw std::invalid_argument("missing value for " + std::string(arg));
            value = argv[++i];
        }
        on_option(*it, value);
    }
    return false;
}

std::string usage_lines(const std::vector<front_option>& options) {
    constexpr std::size_t column = 24; // where the help starts
    std::string out;
    for (const auto& o : options) {
        std::string head = "  --" + std::string(o.name);
        if (!o.value_name.empty())
            head += " " + std::string(o.value_name);
        out += head;
        // A long head gets its help on the next line.
        if (head.size() + 1 > column)
            out += "\n" + std::string(column, ' ');
        else
            out += std::string(column - head.size(), ' ');
        std::string_view help = o.help;
        for (std::size_t nl; (nl = help.find('\n')) != std::string_view::npos;) {
            out += std::string(help.substr(0, nl)) + "\n" + std::string(column, ' ');
            help.remove_prefix(nl + 1);
        }
        out += std::string(help) + "\n";
    }
    return out;
}

} // namespace tallyfy::tools
