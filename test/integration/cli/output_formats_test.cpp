// SPDX-License-Identifier: BSL-1.0
// --output and --fields through the real binary against a sandbox: table and csv of a list and
// of a single result, field selection, a json array of one item, ndjson by default in a pipe; and
// under a pseudo-terminal: table by default, and a batch whose progress bar (stderr) and NDJSON
// lines (stdout) share the terminal without a line of output ever garbled by progress text.
#include "cli_process.hpp"
#include "table.hpp"

#include <tallyfy/client.hpp>
#include <tallyfy/sandbox/server.hpp>

#include <boost/asio/io_context.hpp>
#include <boost/asio/use_future.hpp>
#include <boost/json.hpp>
#include <boost/test/unit_test.hpp>

#include <pty.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <filesystem>
#include <fstream>
#include <future>
#include <sstream>
#include <string>
#include <vector>

namespace json = boost::json;
using tallyfy::test::cli_result;

namespace {

bool contains(const std::string& text, const std::string& part) {
    return text.find(part) != std::string::npos;
}

std::vector<std::string> lines_of(const std::string& text) {
    std::vector<std::string> v;
    std::istringstream in(text);
    for (std::string l; std::getline(in, l);)
        v.push_back(l);
    return v;
}

struct output_fixture {
    tallyfy::sandbox::server sandbox;
    std::string ca_file = (std::filesystem::temp_directory_path() /
                           ("tallyfy-output-ca-" + std::to_string(::getpid()) + ".pem"))
                              .string();

    output_fixture() { std::ofstream(ca_file) << sandbox.ca_pem(); }
    ~output_fixture() { std::filesystem::remove(ca_file); }

    std::vector<std::string> with_connection(const std::vector<std::string>& args) const {
        std::vector<std::string> all{"--base-url", sandbox.base_url(), "--token",   sandbox.token(),
                                     "--org",      sandbox.org_id(),   "--ca-file", ca_file};
        all.insert(all.end(), args.begin(), args.end());
        return all;
    }

    cli_result cli(const std::vector<std::string>& args,
                   const std::vector<std::string>& env = {}) const {
        auto r = tallyfy::test::run_cli(TALLYFY_CLI_PATH, with_connection(args), "", env);
        BOOST_TEST(!contains(r.out, sandbox.token()));
        return r;
    }

    std::string first_template_id() const {
        return std::string(sandbox.checklists().front().at("id").as_string());
    }

    // Standalone tasks, made with the SDK.
    std::vector<std::string> standalone_tasks(int n) const {
        boost::asio::io_context io;
        tallyfy::client_options o;
        o.base_url = sandbox.base_url();
        o.access_token = sandbox.token();
        o.org_id = sandbox.org_id();
        o.transport.tls.extra_ca_pem = sandbox.ca_pem();
        tallyfy::client api(io.get_executor(), o);
        std::vector<std::future<tallyfy::task>> made;
        for (int i = 0; i < n; ++i) {
            tallyfy::create_task_request request{.title = "pty task " + std::to_string(i),
                                                 .deadline = "2030-01-01 12:00:00"};
            made.push_back(api.create_task(std::move(request), boost::asio::use_future));
        }
        io.run();
        std::vector<std::string> ids;
        for (auto& f : made)
            ids.push_back(f.get().id);
        return ids;
    }
};

// The tool on a new pseudo-terminal (stdin, stdout and stderr all on it, `columns` wide): what
// the terminal received, and the exit code.
cli_result run_on_pty(const std::vector<std::string>& args, unsigned short columns) {
    const tallyfy::test::exec_image image(TALLYFY_CLI_PATH, args, {});

    struct winsize size {};
    size.ws_row = 40;
    size.ws_col = columns;
    int master = -1;
    const pid_t pid = ::forkpty(&master, nullptr, nullptr, &size);
    if (pid < 0)
        throw std::runtime_error("forkpty failed");
    if (pid == 0)
        image.exec();
    cli_result r;
    char buffer[4096];
    for (;;) {
        const ssize_t n = ::read(master, buffer, sizeof buffer);
        if (n > 0) {
            r.out.append(buffer, static_cast<std::size_t>(n));
            continue;
        }
        if (n < 0 && errno == EINTR)
            continue;
        break; // EIO: the child closed the terminal
    }
    ::close(master);
    int status = 0;
    ::waitpid(pid, &status, 0);
    r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    return r;
}

// What a person sees of `raw` terminal output, line by line: '\r' returns to the line's start,
// ESC[K erases to its end, other escape sequences are dropped, text overwrites.
std::vector<std::string> screen_lines(const std::string& raw) {
    std::vector<std::string> lines;
    std::string line;
    std::size_t col = 0;
    for (std::size_t i = 0; i < raw.size(); ++i) {
        const char c = raw[i];
        if (c == '\r') {
            col = 0;
        } else if (c == '\n') {
            lines.push_back(line);
            line.clear();
            col = 0;
        } else if (c == '\x1b' && i + 1 < raw.size() && raw[i + 1] == '[') {
            std::size_t end = i + 2;
            while (end < raw.size() && !(raw[end] >= '@' && raw[end] <= '~'))
                ++end;
            if (end < raw.size() && raw[end] == 'K')
                line.resize(std::min(line.size(), col));
            i = end;
        } else {
            if (col < line.size())
                line[col] = c;
            else
                line += c;
            ++col;
        }
    }
    if (!line.empty())
        lines.push_back(line);
    return lines;
}

} // namespace

BOOST_FIXTURE_TEST_SUITE(output_formats, output_fixture)

BOOST_AUTO_TEST_CASE(a_list_as_table_csv_json_and_ndjson) {
    const std::size_t templates = sandbox.checklists().size();
    BOOST_TEST_REQUIRE(templates >= 2u);

    // In a pipe, ndjson by default: a line per item.
    auto ndjson = cli({"template", "list"});
    BOOST_TEST(ndjson.exit_code == 0, ndjson.err);
    BOOST_TEST(lines_of(ndjson.out).size() == templates);
    for (const auto& line : lines_of(ndjson.out))
        BOOST_TEST(json::parse(line).is_object());

    // table: a header, then a row per item, default columns.
    auto table = cli({"--output", "table", "template", "list"});
    BOOST_TEST(table.exit_code == 0, table.err);
    auto rows = lines_of(table.out);
    BOOST_TEST_REQUIRE(rows.size() == templates + 1);
    BOOST_TEST(rows[0].rfind("id", 0) == 0u, rows[0]);
    BOOST_TEST(contains(rows[0], "title"), rows[0]);
    BOOST_TEST(contains(rows[0], "status"), rows[0]);
    BOOST_TEST(contains(table.out, first_template_id()));

    // COLUMNS narrows the table; cells cut with an ellipsis.
    auto narrow = cli({"--output", "table", "template", "list"}, {"COLUMNS=30"});
    for (const auto& line : lines_of(narrow.out))
        BOOST_TEST(tallyfy_cli::display_width(line) <= 30u, line);
    BOOST_TEST(contains(narrow.out, "\xe2\x80\xa6"));

    // csv (here from the environment): header + rows, the --fields chosen.
    auto csv = cli({"--fields", "id,title", "template", "list"}, {"TALLYFY_OUTPUT=csv"});
    BOOST_TEST(csv.exit_code == 0, csv.err);
    auto records = lines_of(csv.out);
    BOOST_TEST_REQUIRE(records.size() == templates + 1);
    BOOST_TEST(records[0] == "id,title");
    BOOST_TEST(records[1].rfind(first_template_id() + ",", 0) == 0u, records[1]);

    // json: an array, also of one item.
    auto one = cli({"--output", "json", "template", "list", "--limit", "1"});
    BOOST_TEST(one.exit_code == 0, one.err);
    auto array = json::parse(one.out);
    BOOST_TEST_REQUIRE(array.is_array());
    BOOST_TEST(array.as_array().size() == 1u);
    auto picked = cli({"--output", "json", "--fields", "id", "template", "list", "--limit", "1"});
    BOOST_TEST(json::serialize(json::parse(picked.out)) ==
               "[{\"id\":\"" + first_template_id() + "\"}]");

    // A bad value is refused before anything is sent, naming the accepted ones.
    auto bad = cli({"--output", "yaml", "template", "list"});
    BOOST_TEST(bad.exit_code == 2);
    const bool named =
        contains(bad.err, "json, ndjson, table, csv") || contains(bad.err, "json,ndjson,table,csv");
    BOOST_TEST(named, bad.err);
    auto bad_env = cli({"template", "list"}, {"TALLYFY_OUTPUT=xml"});
    BOOST_TEST(bad_env.exit_code == 2, bad_env.err);
}

BOOST_AUTO_TEST_CASE(a_single_result_as_table_csv_and_json) {
    const std::string id = first_template_id();
    auto table =
        cli({"--output", "table", "--fields", "id,title,nothing.here", "template", "get", id});
    BOOST_TEST(table.exit_code == 0, table.err);
    auto rows = lines_of(table.out);
    BOOST_TEST_REQUIRE(rows.size() == 3u, table.out);
    BOOST_TEST(rows[0].rfind("id", 0) == 0u);
    BOOST_TEST(contains(rows[0], id));
    BOOST_TEST(rows[1].rfind("title", 0) == 0u);
    BOOST_TEST(rows[2] == "nothing.here"); // missing: an empty value

    auto csv = cli({"--output", "csv", "--fields", "id,title", "template", "get", id});
    auto records = lines_of(csv.out);
    BOOST_TEST_REQUIRE(records.size() == 2u, csv.out);
    BOOST_TEST(records[0] == "id,title");
    BOOST_TEST(records[1].rfind(id + ",", 0) == 0u);

    auto whole = cli({"--output", "json", "template", "get", id});
    BOOST_TEST(json::parse(whole.out).is_object());
    BOOST_TEST(lines_of(whole.out).size() > 1u); // indented
    auto line = cli({"template", "get", id});
    BOOST_TEST(lines_of(line.out).size() == 1u); // ndjson in a pipe
}

BOOST_AUTO_TEST_CASE(table_is_the_default_on_a_terminal) {
    auto r = run_on_pty(with_connection({"template", "list"}), 60);
    BOOST_TEST(r.exit_code == 0, r.out);
    auto lines = screen_lines(r.out);
    BOOST_TEST_REQUIRE(lines.size() == sandbox.checklists().size() + 1, r.out);
    BOOST_TEST(lines[0].rfind("id", 0) == 0u, lines[0]);
    BOOST_TEST(!contains(r.out, "{\""));
    for (const auto& line : lines) // fitted to the terminal's width
        BOOST_TEST(tallyfy_cli::display_width(line) <= 60u, line);
    // --output still wins on a terminal.
    auto ndjson = run_on_pty(with_connection({"--output", "ndjson", "template", "list"}), 60);
    for (const auto& line : screen_lines(ndjson.out))
        BOOST_TEST(json::parse(line).is_object());
}

BOOST_AUTO_TEST_CASE(progress_never_garbles_output_on_a_shared_terminal) {
    const auto ids = standalone_tasks(40);
    const std::string input = (std::filesystem::temp_directory_path() /
                               ("tallyfy-pty-batch-" + std::to_string(::getpid()) + ".txt"))
                                  .string();
    {
        std::ofstream f(input);
        for (const auto& id : ids)
            f << id << "\n";
        f << "not a valid line with too many words\n";
    }
    auto r = run_on_pty(with_connection({"--output", "ndjson", "--concurrency", "4", "batch",
                                         "complete", "--input", input}),
                        100);
    std::filesystem::remove(input);
    BOOST_TEST(r.exit_code == 9, r.out); // 40 done, one malformed line
    // The progress bar was drawn between the lines of output...
    BOOST_TEST(contains(r.out, "] 1/41"), r.out);
    // ...and yet each line on the screen is a whole JSON line, or the summary (the bar is
    // cleared at the end).
    std::size_t results = 0;
    for (const auto& line : screen_lines(r.out)) {
        if (line.rfind("tallyfy: batch: ", 0) == 0)
            continue;
        boost::system::error_code ec;
        auto v = json::parse(line, ec);
        BOOST_TEST_REQUIRE(!ec, "garbled line: " << line);
        BOOST_TEST(v.as_object().contains("line"));
        ++results;
    }
    BOOST_TEST(results == ids.size() + 1);
    // In the raw bytes too: from its '{' to the end of its line, each line of output is JSON
    // (nothing drawn into it).
    for (auto raw : lines_of(r.out)) {
        const auto open = raw.find("{\"line\"");
        if (open == std::string::npos)
            continue;
        if (!raw.empty() && raw.back() == '\r')
            raw.pop_back();
        boost::system::error_code ec;
        json::parse(raw.substr(open), ec);
        BOOST_TEST(!ec, "progress inside a line: " << raw);
    }
}

BOOST_AUTO_TEST_CASE(help_and_completion_list_the_formats_the_parser_accepts) {
    auto help = tallyfy::test::run_cli(TALLYFY_CLI_PATH, {"--help"});
    BOOST_TEST(contains(help.out, "--output FORMAT:{json,ndjson,table,csv}"), help.out);
    for (std::string format : {"json", "ndjson", "table", "csv"})
        BOOST_TEST(cli({"--output", format, "me"}).exit_code == 0, format);

    const std::string script = (std::filesystem::temp_directory_path() /
                                ("tallyfy-output-completion-" + std::to_string(::getpid())))
                                   .string();
    std::ofstream(script) << tallyfy::test::run_cli(TALLYFY_CLI_PATH, {"completion", "bash"}).out;
    auto complete = [&](const std::string& line) {
        auto r = tallyfy::test::run_cli("/bin/bash",
                                        {"-c", "source " + script + "; COMP_WORDS=(" + line +
                                                   "); COMP_CWORD=$((${#COMP_WORDS[@]} - 1)); "
                                                   "_tallyfy; printf '%s\\n' \"${COMPREPLY[@]}\""});
        return r.out;
    };
    BOOST_TEST(complete("tallyfy --output ''") == "json\nndjson\ntable\ncsv\n");
    BOOST_TEST(complete("tallyfy task get t1 --output t") == "table\n");
    auto fish = tallyfy::test::run_cli(TALLYFY_CLI_PATH, {"completion", "fish"});
    BOOST_TEST(contains(fish.out, "-l output -x -a 'json ndjson table csv'"), fish.out);
    std::filesystem::remove(script);
}

BOOST_AUTO_TEST_SUITE_END()
