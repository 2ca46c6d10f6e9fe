// SPDX-License-Identifier: BSL-1.0
// The command framework through the real binary: --version and version, help [command words],
// "did you mean" for a mistyped command word and flag, every enumerated value the help lists is
// accepted, and the bash completion script sourced in bash.
#include "cli_process.hpp"

#include <tallyfy/sandbox/server.hpp>
#include <tallyfy/version.hpp>

#include <boost/test/unit_test.hpp>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

using tallyfy::test::run_cli;

namespace {

bool has(const std::string& text, const std::string& part) {
    return text.find(part) != std::string::npos;
}

// The values listed as "{a,b,c}" on the help line of `option`.
std::vector<std::string> listed_values(const std::string& help, const std::string& option) {
    std::istringstream lines(help);
    for (std::string line; std::getline(lines, line);) {
        auto at = line.find(option + " ");
        auto open = line.find('{');
        auto close = line.find('}');
        if (at == std::string::npos || open == std::string::npos || close < open)
            continue;
        std::vector<std::string> values;
        std::istringstream list(line.substr(open + 1, close - open - 1));
        for (std::string v; std::getline(list, v, ',');)
            values.push_back(v);
        return values;
    }
    return {};
}

// The tool against a sandbox over TLS, configured by flags.
struct sandbox_fixture {
    tallyfy::sandbox::server sandbox;
    std::string ca_file = (std::filesystem::temp_directory_path() /
                           ("tallyfy-framework-ca-" + std::to_string(::getpid()) + ".pem"))
                              .string();

    sandbox_fixture() { std::ofstream(ca_file) << sandbox.ca_pem(); }
    ~sandbox_fixture() { std::filesystem::remove(ca_file); }

    tallyfy::test::cli_result cli(const std::vector<std::string>& args) const {
        std::vector<std::string> all{"--base-url", sandbox.base_url(), "--token",   sandbox.token(),
                                     "--org",      sandbox.org_id(),   "--ca-file", ca_file};
        all.insert(all.end(), args.begin(), args.end());
        return run_cli(TALLYFY_CLI_PATH, all);
    }
};

// COMPREPLY after sourcing `tallyfy completion bash` and completing `line` (its last word is
// the one being completed), one word per line.
std::string complete_in_bash(const std::string& script, const std::string& line) {
    auto r = run_cli("/bin/bash", {"-c", "source " + script + "; COMP_WORDS=(" + line +
                                             "); COMP_CWORD=$((${#COMP_WORDS[@]} - 1)); "
                                             "_tallyfy; printf '%s\\n' \"${COMPREPLY[@]}\""});
    BOOST_TEST(r.exit_code == 0, r.err);
    return r.out;
}

} // namespace

BOOST_AUTO_TEST_SUITE(framework)

BOOST_AUTO_TEST_CASE(version_flag_and_command) {
    for (std::vector<std::string> args : {std::vector<std::string>{"--version"}, {"version"}}) {
        auto r = run_cli(TALLYFY_CLI_PATH, args);
        BOOST_TEST(r.exit_code == 0, r.err);
        BOOST_TEST(r.out == std::string("tallyfy ") + TALLYFY_VERSION_STRING + "\n");
    }
}

BOOST_AUTO_TEST_CASE(help_command_is_the_command_help) {
    auto help = run_cli(TALLYFY_CLI_PATH, {"help", "task", "complete"});
    auto flag = run_cli(TALLYFY_CLI_PATH, {"task", "complete", "--help"});
    BOOST_TEST(help.exit_code == 0, help.err);
    BOOST_TEST(help.out == flag.out);
    BOOST_TEST(has(help.out, "usage: tallyfy task complete"));
    BOOST_TEST(has(help.out, "--approve"));
    BOOST_TEST(has(help.out, "TASK_ID"));
    auto root = run_cli(TALLYFY_CLI_PATH, {"help"});
    BOOST_TEST(root.exit_code == 0);
    BOOST_TEST(has(root.out, "--token"));
    // An official alias names the same group.
    auto alias = run_cli(TALLYFY_CLI_PATH, {"help", "process", "launch"});
    BOOST_TEST(alias.exit_code == 0, alias.err);
    BOOST_TEST(has(alias.out, "--template"));
}

BOOST_AUTO_TEST_CASE(suggestions_for_a_mistyped_command_or_flag) {
    struct mistake {
        std::vector<std::string> args;
        std::string suggestion;
    };
    for (const auto& [args, suggestion] : std::vector<mistake>{
             {{"tsk"}, "did you mean 'task'?"},
             {{"task", "gte", "x"}, "did you mean 'task get'?"},
             {{"run", "tasks", "r", "--stauts", "active"}, "did you mean --status?"},
             {{"--sandbox", "tasks", "list", "--archvied", "only"}, "did you mean --archived?"},
             {{"task", "complete", "x", "--verbsoe"}, "did you mean --verbose?"},
             {{"run", "tasks", "r", "--status", "not_started"}, "did you mean 'not-started'?"},
             {{"tasks", "list", "--archived=inclde"}, "did you mean 'include'?"},
         }) {
        auto r = run_cli(TALLYFY_CLI_PATH, args);
        BOOST_TEST(r.exit_code == 2, args.front() << ": " << r.err);
        BOOST_TEST(r.out.empty());
        BOOST_TEST(has(r.err, suggestion), r.err);
        BOOST_TEST(has(r.err, "usage: tallyfy"), r.err);
    }
    // Nothing near: no guess.
    auto far = run_cli(TALLYFY_CLI_PATH, {"frobnicate"});
    BOOST_TEST(far.exit_code == 2);
    BOOST_TEST(!has(far.err, "did you mean"), far.err);
}

BOOST_FIXTURE_TEST_CASE(every_value_the_help_lists_is_accepted, sandbox_fixture) {
    struct enumerated {
        std::vector<std::string> command;
        std::string option;
    };
    for (const auto& [command, option] : std::vector<enumerated>{
             {{"run", "tasks", "r1"}, "--status"},
             {{"run", "tasks", "r1"}, "--sort"},
             {{"tasks", "list"}, "--status"},
             {{"tasks", "list"}, "--archived"},
             {{"runs", "list"}, "--status"},
             {{"users", "list"}, "--status"},
         }) {
        auto args = command;
        args.push_back("--help");
        const auto help = run_cli(TALLYFY_CLI_PATH, args).out;
        const auto values = listed_values(help, option);
        BOOST_TEST(values.size() >= 2, option << " in: " << help);
        for (const auto& value : values) {
            auto call = command;
            call.insert(call.end(), {option, value, "--limit", "1"});
            auto r = cli(call);
            // Parsed and sent: the run is unknown (5) or the list comes back (0), never 2.
            BOOST_TEST((r.exit_code == 0 || r.exit_code == 5),
                       option << " " << value << ": " << r.err);
        }
    }
    // The spellings the old help showed and the parser refused.
    BOOST_TEST(has(run_cli(TALLYFY_CLI_PATH, {"run", "tasks", "--help"}).out, "not-started"));
    BOOST_TEST(cli({"tasks", "list", "--archived", "include", "--limit", "1"}).exit_code == 0);
    auto refused = cli({"run", "tasks", "r1", "--status", "finished"});
    BOOST_TEST(refused.exit_code == 2);
    BOOST_TEST(has(refused.err, "finished"), refused.err);
}

BOOST_FIXTURE_TEST_CASE(global_options_anywhere_around_the_command_words, sandbox_fixture) {
    const std::vector<std::string> connection{
        "--base-url", sandbox.base_url(), "--token",   sandbox.token(),
        "--org",      sandbox.org_id(),   "--ca-file", ca_file};
    auto with_connection_at = [&](std::vector<std::string> args, std::size_t at) {
        args.insert(args.begin() + static_cast<std::ptrdiff_t>(at), connection.begin(),
                    connection.end());
        return run_cli(TALLYFY_CLI_PATH, args);
    };
    // Configured (the task is unknown: 5), not "no token" (3), wherever the flags stand.
    for (std::size_t at : {0, 1, 2, 3}) {
        auto r = with_connection_at({"task", "get", "t1"}, at);
        BOOST_TEST(r.exit_code == 5, "at " << at << ": " << r.err);
    }
}

BOOST_FIXTURE_TEST_CASE(run_tasks_takes_the_assignment_and_deadline_filters, sandbox_fixture) {
    auto r = cli({"run",
                  "tasks",
                  "r1",
                  "--guests",
                  "a@example.com",
                  "--groups",
                  "g1",
                  "--unassigned",
                  "true",
                  "--deadline-start",
                  "2026-01-01",
                  "--deadline-end",
                  "2026-12-31",
                  "--deadline-on",
                  "2026-06-01",
                  "--deadline-before",
                  "2026-07-01",
                  "--deadline-after",
                  "2026-05-01",
                  "--without-pagination"});
    BOOST_TEST(r.exit_code == 5, r.err); // parsed and sent: the run is unknown
    BOOST_TEST(cli({"run", "tasks", "r1", "--unassigned", "maybe"}).exit_code == 2);
}

BOOST_AUTO_TEST_CASE(bash_completion_sourced_in_bash) {
    auto script = (std::filesystem::temp_directory_path() /
                   ("tallyfy-completion-" + std::to_string(::getpid()) + ".bash"))
                      .string();
    auto generated = run_cli(TALLYFY_CLI_PATH, {"completion", "bash"});
    BOOST_TEST_REQUIRE(generated.exit_code == 0, generated.err);
    std::ofstream(script) << generated.out;

    const auto groups = complete_in_bash(script, "tallyfy ta");
    BOOST_TEST(groups == "task\ntags\ntasks\n", groups);
    BOOST_TEST(complete_in_bash(script, "tallyfy --org o1 task comp") == "complete\n");
    BOOST_TEST(complete_in_bash(script, "tallyfy process la") == "launch\n");
    const auto flags = complete_in_bash(script, "tallyfy task complete t1 --a");
    BOOST_TEST(flags == "--approve\n--as-user\n", flags);
    const auto values = complete_in_bash(script, "tallyfy run tasks r1 --status not");
    BOOST_TEST(values == "not-started\n", values);
    BOOST_TEST(complete_in_bash(script, "tallyfy completion f") == "fish\n");

    for (const char* shell : {"zsh", "fish"}) {
        auto other = run_cli(TALLYFY_CLI_PATH, {"completion", shell});
        BOOST_TEST(other.exit_code == 0);
        BOOST_TEST(has(other.out, "not-started"), shell);
    }
    BOOST_TEST(run_cli(TALLYFY_CLI_PATH, {"completion", "tcsh"}).exit_code == 2);
    std::filesystem::remove(script);
}

BOOST_AUTO_TEST_SUITE_END()
