// SPDX-License-Identifier: BSL-1.0
// The `tallyfy` executable against an embedded sandbox over TLS (--ca-file): every command, its
// output and exit code, each error class, malformed batch input, and a batch under injected
// faults that completes every task exactly once.
#define BOOST_TEST_MODULE cli
#include "cli_process.hpp"
#include "sandbox/certificates.hpp"
#include "support/tls_test_server.hpp"

#include <tallyfy/client.hpp>
#include <tallyfy/sandbox/server.hpp>
#include <tallyfy/version.hpp>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/use_future.hpp>
#include <boost/asio/write.hpp>
#include <boost/json.hpp>
#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <future>
#include <set>
#include <thread>

#include <csignal>
#include <fcntl.h>
#include <filesystem>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

namespace asio = boost::asio;
namespace json = boost::json;
namespace sbx = tallyfy::sandbox;
using tallyfy::test::cli_result;

namespace {

json::object parse_object(const std::string& text) {
    boost::system::error_code ec;
    json::value v = json::parse(text, ec);
    BOOST_TEST_REQUIRE(!ec, "not JSON: " << text);
    BOOST_TEST_REQUIRE(v.is_object(), "not an object: " << text);
    return v.as_object();
}

std::string str(const json::object& o, std::string_view key) {
    auto* v = o.if_contains(key);
    return v && v->is_string() ? std::string(v->as_string()) : std::string();
}

struct cli_fixture {
    sbx::server sandbox;
    std::string ca_file;

    cli_fixture() {
        ca_file = (std::filesystem::temp_directory_path() /
                   ("tallyfy-cli-ca-" + std::to_string(::getpid()) + ".pem"))
                      .string();
        std::ofstream(ca_file) << sandbox.ca_pem();
    }
    ~cli_fixture() { std::filesystem::remove(ca_file); }

    std::vector<std::string> connection() const {
        return {"--base-url", sandbox.base_url(), "--token",   sandbox.token(),
                "--org",      sandbox.org_id(),   "--ca-file", ca_file};
    }

    /// The tool, configured by flags, with `args` after the connection flags.
    cli_result cli(std::vector<std::string> args, const std::string& input = "") const {
        auto all = connection();
        all.insert(all.end(), args.begin(), args.end());
        auto r = tallyfy::test::run_cli(TALLYFY_CLI_PATH, all, input);
        BOOST_TEST(r.out.find(sandbox.token()) == std::string::npos);
        BOOST_TEST(r.err.find(sandbox.token()) == std::string::npos);
        return r;
    }

    std::string checklist(std::string_view title) const {
        for (const auto& c : sandbox.checklists())
            if (c.at("title").as_string() == title)
                return std::string(c.at("id").as_string());
        throw std::runtime_error("no checklist");
    }

    /// Launches `title`, its required kick-off fields filled by label.
    json::object launch(std::string_view title) {
        std::vector<std::string> args{"run",    "launch",  "--template", checklist(title),
                                      "--name", "cli test"};
        for (const auto& c : sandbox.checklists())
            if (c.at("title").as_string() == title)
                for (const auto& f : c.at("prerun").as_array())
                    if (f.at("required").as_bool())
                        args.insert(args.end(), {"--field", std::string(f.at("label").as_string()) +
                                                                "=filled"});
        auto r = cli(std::move(args));
        BOOST_TEST_REQUIRE(r.exit_code == 0, r.err);
        return parse_object(r.out);
    }

    std::vector<json::object> run_tasks(const std::string& run_id) {
        auto r = cli({"run", "tasks", run_id});
        BOOST_TEST_REQUIRE(r.exit_code == 0, r.err);
        std::vector<json::object> tasks;
        for (const auto& line : r.lines())
            tasks.push_back(parse_object(line));
        return tasks;
    }

    // A standalone task, made with the SDK (the tool has no `task create`).
    std::string standalone_task(const std::string& title) {
        asio::io_context io;
        tallyfy::client_options o;
        o.base_url = sandbox.base_url();
        o.access_token = sandbox.token();
        o.org_id = sandbox.org_id();
        o.transport.tls.extra_ca_pem = sandbox.ca_pem();
        tallyfy::client api(io.get_executor(), o);
        tallyfy::create_task_request request{.title = title, .deadline = "2030-01-01 12:00:00"};
        auto f = api.create_task(std::move(request), asio::use_future);
        io.run();
        return f.get().id;
    }
};

} // namespace

BOOST_AUTO_TEST_SUITE(usage)

BOOST_AUTO_TEST_CASE(help_for_the_tool_and_every_command) {
    auto r = tallyfy::test::run_cli(TALLYFY_CLI_PATH, {"--help"});
    BOOST_TEST(r.exit_code == 0);
    BOOST_TEST(r.out.find("usage: tallyfy") != std::string::npos);
    for (std::string name : {"task complete",
                             "task update",
                             "task comment",
                             "task comments",
                             "task problem",
                             "task resolve",
                             "task reopen",
                             "task get",
                             "run get",
                             "run launch",
                             "run update",
                             "run archive",
                             "run activate",
                             "run delete",
                             "run tasks",
                             "run fields",
                             "tasks list",
                             "runs list",
                             "batch complete",
                             "demo",
                             "sandbox",
                             "template list",
                             "template get",
                             "template kickoff",
                             "template steps",
                             "template fields",
                             "template create",
                             "template update",
                             "template archive",
                             "template delete",
                             "template clone",
                             "template publish",
                             "template step",
                             "template step-update",
                             "template field-add",
                             "template field-update",
                             "template field-delete",
                             "template kickoff-delete",
                             "task archive",
                             "task restore",
                             "task delete",
                             "task clone",
                             "run export",
                             "run complete-kickoff",
                             "run reopen-kickoff",
                             "file upload",
                             "file download",
                             "file delete",
                             "file archive",
                             "file asset",
                             "run comment",
                             "run problem",
                             "run resolve",
                             "template comment",
                             "template problem",
                             "template resolve",
                             "guests list",
                             "guests get",
                             "guests create",
                             "guests update",
                             "me",
                             "orgs list",
                             "users list",
                             "users get",
                             "users invite",
                             "users role",
                             "users disable",
                             "users enable",
                             "tags list",
                             "tags create",
                             "tags update",
                             "tags delete",
                             "groups list",
                             "groups get",
                             "groups create",
                             "groups update",
                             "groups delete",
                             "folders list",
                             "folders create",
                             "folders delete",
                             "automations list",
                             "automations create",
                             "automations update",
                             "automations delete",
                             "tags add",
                             "tags remove",
                             "folders add",
                             "folders remove",
                             "webhooks listen",
                             "search"}) {
        std::vector<std::string> args;
        std::istringstream words(name);
        for (std::string w; words >> w;)
            args.push_back(w);
        args.push_back("--help");
        auto h = tallyfy::test::run_cli(TALLYFY_CLI_PATH, args);
        BOOST_TEST(h.exit_code == 0, name);
        BOOST_TEST(h.out.find("usage: tallyfy " + name) != std::string::npos, name);
    }
}

BOOST_FIXTURE_TEST_CASE(mistakes_exit_2_without_any_request, cli_fixture) {
    std::vector<std::vector<std::string>> mistakes{
        {},
        {"frobnicate"},
        {"task"},
        {"task", "complete"},
        {"task", "complete", "a", "b"},
        {"task", "complete", "x", "--approve", "--reject"},
        {"task", "complete", "x", "--approve=false"}, // a flag takes no value
        {"task", "get", "x", "--run", "a", "--run", "b"},
        {"tasks", "list", "--archived", "true"}, // the CLI's words: include, only
        {"task", "get", "x", "--bogus"},
        {"run", "tasks", "r", "--limit", "many"},
        {"run", "tasks", "r", "--status", "finished"},
        {"run", "launch"},
        {"run", "launch", "--template", "t", "--prerun", "novalue"},
        {"--timeout", "0", "task", "get", "x"},
        {"--max-attempts", "-1", "task", "get", "x"},
        {"--base-url", "http://example.com/api", "--token", "t", "task", "get", "x"},
        {"task", "get", "x\ny"}, // refused by the SDK before any I/O
    };
    for (const auto& args : mistakes) {
        auto r =
            mistakes.front() == args ? tallyfy::test::run_cli(TALLYFY_CLI_PATH, args) : cli(args);
        BOOST_TEST(r.exit_code == 2, "args: " << args.size() << " " << r.err);
        BOOST_TEST(r.out.empty());
        BOOST_TEST(!r.err.empty());
    }
    BOOST_TEST(sandbox.recorder().requests().empty());
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_FIXTURE_TEST_SUITE(commands, cli_fixture)

BOOST_AUTO_TEST_CASE(run_launch_get_and_tasks) {
    auto run = launch("Quick Checklist");
    std::string run_id = str(run, "id");
    BOOST_TEST(str(run, "name") == "cli test");
    BOOST_TEST(str(run, "checklist_id") == checklist("Quick Checklist"));

    auto got = cli({"run", "get", run_id, "--with", "tasks,next_task"});
    BOOST_TEST(got.exit_code == 0);
    BOOST_TEST(got.lines().size() == 1u);
    auto object = parse_object(got.out);
    BOOST_TEST(str(object, "id") == run_id);
    BOOST_TEST(object.contains("tasks"));

    auto tasks = run_tasks(run_id);
    BOOST_TEST_REQUIRE(tasks.size() == 2u);
    BOOST_TEST(tasks[0].at("position").to_number<int>() == 1);
    BOOST_TEST(str(tasks[1], "title") == "Second thing");

    BOOST_TEST(cli({"run", "tasks", run_id, "--limit", "1"}).lines().size() == 1u);
    BOOST_TEST(cli({"run", "tasks", run_id, "--per-page", "1"}).lines().size() == 2u);
    BOOST_TEST(cli({"run", "tasks", run_id, "--status", "complete"}).lines().empty());
    auto desc = cli({"run", "tasks", run_id, "--sort", "-position", "--with", "step"});
    BOOST_TEST_REQUIRE(desc.lines().size() == 2u);
    BOOST_TEST(str(parse_object(desc.lines()[0]), "title") == "Second thing");

    // Kick-off values from flags and from a body file; a bad one is a validation error (7).
    std::string onboarding = checklist("Client Onboarding");
    auto body_file = std::filesystem::temp_directory_path() / "tallyfy-cli-body.json";
    std::ofstream(body_file) << R"({"checklist_id":")" << onboarding
                             << R"(","name":"from a file","tags":[]})";
    auto from_file = cli({"run", "launch", "--body", body_file.string(), "--summary", "s",
                          "--field", "Client name=Acme"});
    BOOST_TEST(from_file.exit_code == 0, from_file.err);
    BOOST_TEST(str(parse_object(from_file.out), "name") == "from a file");
    BOOST_TEST(str(parse_object(from_file.out), "summary") == "s");
    std::filesystem::remove(body_file);

    // Kick-off fields by label, typed by kind (a dropdown by option text); a label that names
    // no field is refused before the launch (the API would drop it silently).
    auto typed = cli({"run", "launch", "--template", onboarding, "--field", "Client name=Acme",
                      "--prerun", "region=apac"});
    BOOST_TEST_REQUIRE(typed.exit_code == 0, typed.err);
    const auto prerun = parse_object(typed.out).at("prerun").as_object();
    BOOST_TEST(prerun.size() == 2u);
    bool dropdown = false;
    for (const auto& [id, value] : prerun)
        dropdown = dropdown || (value.is_object() && value.at("text") == "APAC");
    BOOST_TEST(dropdown);
    const auto runs_before = sandbox.run_count();
    auto dropped = cli({"run", "launch", "--template", onboarding, "--field", "Client=Acme"});
    BOOST_TEST(dropped.exit_code == 2);
    BOOST_TEST(dropped.err.find("no form field 'Client'") != std::string::npos, dropped.err);
    BOOST_TEST(sandbox.run_count() == runs_before);
    // The required "Client name" left out: the API's 422, a validation error (7).
    auto unfilled = cli({"run", "launch", "--template", onboarding});
    BOOST_TEST(unfilled.exit_code == 7, unfilled.err);
    BOOST_TEST(unfilled.err.find("Client name field is required") != std::string::npos);
    BOOST_TEST(sandbox.run_count() == runs_before);

    auto unknown = cli({"run", "launch", "--template", "0123456789abcdef0123456789abcdef"});
    BOOST_TEST(unknown.exit_code == 5, unknown.err);
}

BOOST_AUTO_TEST_CASE(task_complete_reopen_get) {
    auto run = launch("Quick Checklist");
    std::string run_id = str(run, "id");
    auto tasks = run_tasks(run_id);
    std::string first = str(tasks[0], "id");

    auto done = cli({"task", "complete", first, "--run", run_id});
    BOOST_TEST_REQUIRE(done.exit_code == 0, done.err);
    BOOST_TEST(str(parse_object(done.out), "status") == "completed");
    auto got = cli({"task", "get", first, "--run", run_id, "--with", "summary,form_fields"});
    BOOST_TEST(str(parse_object(got.out), "status") == "completed");

    auto reopened = cli({"task", "reopen", first, "--run", run_id});
    BOOST_TEST(reopened.exit_code == 0, reopened.err);
    BOOST_TEST(str(parse_object(reopened.out), "status") != "completed");
    // Reopening a task that is not completed: 422 -> 7, one line on stderr, nothing on stdout.
    auto again = cli({"task", "reopen", first, "--run", run_id});
    BOOST_TEST(again.exit_code == 7);
    BOOST_TEST(again.out.empty());
    BOOST_TEST(again.err.find("validation_failed (HTTP 422)") != std::string::npos, again.err);
    BOOST_TEST(again.err.find("request_id=") != std::string::npos);
    BOOST_TEST(std::count(again.err.begin(), again.err.end(), '\n') == 1);

    // Standalone tasks: no --run.
    std::string one_off = standalone_task("one-off from the test");
    auto standalone = cli({"task", "complete", one_off});
    BOOST_TEST(standalone.exit_code == 0, standalone.err);
    BOOST_TEST(str(parse_object(cli({"task", "get", one_off}).out), "status") == "completed");
}

BOOST_AUTO_TEST_CASE(task_update_and_complete_with_form_fields) {
    auto run = launch("Client Onboarding");
    std::string run_id = str(run, "id");
    auto tasks = run_tasks(run_id);
    std::string first = str(tasks[0], "id");
    const auto users = tasks[0].at("owners").at("users");

    // A guest added: the users are kept (the task is read first), the title changed.
    auto updated = cli({"task", "update", first, "--run", run_id, "--title", "Check the papers",
                        "--owner-guests", "guest@example.com"});
    BOOST_TEST_REQUIRE(updated.exit_code == 0, updated.err);
    auto task = parse_object(updated.out);
    BOOST_TEST(str(task, "title") == "Check the papers");
    BOOST_TEST(task.at("owners").at("users") == users);
    BOOST_TEST(task.at("owners").at("guests") == json::array{"guest@example.com"});
    // --replace-owners: the users not given are removed.
    auto replaced = cli({"task", "update", first, "--run", run_id, "--owner-guests",
                         "guest@example.com", "--replace-owners"});
    BOOST_TEST_REQUIRE(replaced.exit_code == 0, replaced.err);
    BOOST_TEST(parse_object(replaced.out).at("owners").at("users").as_array().empty());

    // A field by label, any case; an unknown label or a value no option fits: exit 2, naming it.
    auto unknown = cli({"task", "complete", first, "--run", run_id, "--field", "Budget=1"});
    BOOST_TEST(unknown.exit_code == 2);
    BOOST_TEST(unknown.err.find("no form field 'Budget'") != std::string::npos, unknown.err);
    BOOST_TEST(unknown.err.find("'Account number'") != std::string::npos, unknown.err);
    BOOST_TEST(sandbox.completion_calls(first) == 0u);
    auto done = cli({"task", "complete", first, "--run", run_id, "--field", "account number=ACME-7",
                     "--field", "Reviewer notes=fine"});
    BOOST_TEST_REQUIRE(done.exit_code == 0, done.err);
    BOOST_TEST(str(parse_object(done.out), "status") == "completed");
    auto got =
        parse_object(cli({"task", "get", first, "--run", run_id, "--with", "form_fields"}).out);
    BOOST_TEST(got.at("form_fields").at("data").at(0).at("value") == "ACME-7");

    // --body is sent as given and takes no other option; a hostile id never reaches a path.
    auto mixed =
        cli({"task", "update", first, "--run", run_id, "--body", "-", "--title", "x"}, "{}");
    BOOST_TEST(mixed.exit_code == 2);
    auto hostile = cli({"task", "update", "../../me", "--body", "-"}, "{}");
    BOOST_TEST(hostile.exit_code == 2);
    BOOST_TEST(hostile.err.find("bad task id") != std::string::npos, hostile.err);
}

BOOST_AUTO_TEST_CASE(run_update_archive_activate_delete) {
    auto run = launch("Quick Checklist");
    std::string run_id = str(run, "id");
    auto renamed = cli({"run", "update", run_id, "--name", "Renamed", "--users", "", "--star"});
    BOOST_TEST_REQUIRE(renamed.exit_code == 0, renamed.err);
    auto r = parse_object(renamed.out);
    BOOST_TEST(str(r, "name") == "Renamed");
    BOOST_TEST(r.at("starred") == true);
    BOOST_TEST(r.at("users").as_array().empty());
    BOOST_TEST(str(parse_object(cli({"run", "archive", run_id}).out), "status") == "archived");
    BOOST_TEST(str(parse_object(cli({"run", "activate", run_id}).out), "status") == "active");
    // A delete for good: refused without --yes when stdin is not a terminal (no request), 7 for
    // a run that is not archived, then gone.
    const auto before = sandbox.recorder().requests().size();
    auto unconfirmed = cli({"run", "delete", run_id});
    BOOST_TEST(unconfirmed.exit_code == 2);
    BOOST_TEST(unconfirmed.err.find("--yes") != std::string::npos, unconfirmed.err);
    BOOST_TEST(sandbox.recorder().requests().size() == before);
    BOOST_TEST(cli({"run", "delete", run_id, "--yes"}).exit_code == 7);
    BOOST_TEST(cli({"run", "archive", run_id}).exit_code == 0);
    auto deleted = cli({"run", "delete", run_id, "--yes"});
    BOOST_TEST_REQUIRE(deleted.exit_code == 0, deleted.err);
    BOOST_TEST(parse_object(deleted.out).at("deleted") == true);
    BOOST_TEST(cli({"run", "get", run_id}).exit_code == 5);
}

BOOST_AUTO_TEST_CASE(task_comments_problems_and_resolutions) {
    auto run = launch("Quick Checklist");
    std::string run_id = str(run, "id");
    std::string task = str(run_tasks(run_id)[0], "id");
    auto posted = cli({"task", "comment", task, "Hello", "--state", "open"});
    BOOST_TEST_REQUIRE(posted.exit_code == 0, posted.err);
    BOOST_TEST(str(parse_object(posted.out), "state") == "open");
    auto problem = cli({"task", "problem", task, "Broken"});
    BOOST_TEST_REQUIRE(problem.exit_code == 0, problem.err);
    std::string problem_id = str(parse_object(problem.out), "id");
    auto resolved = cli({"task", "resolve", task, problem_id, "Mended"});
    BOOST_TEST_REQUIRE(resolved.exit_code == 0, resolved.err);
    BOOST_TEST(str(parse_object(resolved.out), "label") == "resolve");
    auto listed = cli({"task", "comments", task, "--run", run_id});
    BOOST_TEST_REQUIRE(listed.exit_code == 0, listed.err);
    BOOST_TEST_REQUIRE(listed.lines().size() == 3u);
    BOOST_TEST(str(parse_object(listed.lines()[0]), "content") == "Hello");
    BOOST_TEST(cli({"task", "comment", task, "x", "--label", "shout"}).exit_code == 7);
}

BOOST_AUTO_TEST_CASE(comments_on_runs_templates_and_bot_comments) {
    auto run = launch("Quick Checklist");
    const std::string run_id = str(run, "id");
    const std::string template_id = checklist("Quick Checklist");
    auto posted = cli({"run", "comment", run_id, "On the run", "--state", "open"});
    BOOST_TEST_REQUIRE(posted.exit_code == 0, posted.err);
    BOOST_TEST(str(parse_object(posted.out), "content") == "On the run");
    const auto sent = sandbox.recorder().requests().back();
    BOOST_TEST(sent.target.ends_with("/runs/" + run_id + "/comment"));
    BOOST_TEST(parse_object(sent.body) ==
               (json::object{{"content", "On the run"}, {"state", "open"}}));
    auto threads = parse_object(cli({"run", "get", run_id, "--with", "threads"}).out);
    BOOST_TEST(threads.at("threads").at("data").as_array().size() == 1u);

    auto problem = cli({"template", "problem", template_id, "Unclear"});
    BOOST_TEST_REQUIRE(problem.exit_code == 0, problem.err);
    BOOST_TEST(sandbox.recorder().requests().back().target.ends_with("/checklists/" + template_id +
                                                                     "/problem"));
    const std::string problem_id = str(parse_object(problem.out), "id");
    // The template's problem is not the run's.
    BOOST_TEST(cli({"run", "resolve", run_id, problem_id, "x"}).exit_code == 7);
    auto resolved = cli({"template", "resolve", template_id, problem_id, "Clear now"});
    BOOST_TEST_REQUIRE(resolved.exit_code == 0, resolved.err);
    BOOST_TEST(str(parse_object(resolved.out), "label") == "resolve");
    BOOST_TEST(cli({"template", "comment", template_id, "Thanks"}).exit_code == 0);
    BOOST_TEST(cli({"run", "problem", run_id, "Stuck"}).exit_code == 0);
    BOOST_TEST(
        sandbox.recorder().requests().back().target.ends_with("/runs/" + run_id + "/problem"));

    const std::string task = str(run_tasks(run_id)[0], "id");
    auto bot = cli({"task", "comment", task, "Beep", "--bot"});
    BOOST_TEST_REQUIRE(bot.exit_code == 0, bot.err);
    BOOST_TEST(
        sandbox.recorder().requests().back().target.ends_with("/tasks/" + task + "/bot-comment"));
    BOOST_TEST(parse_object(bot.out).at("is_bot") == true);
    // Refused before any request: --bot with a label, a hostile id, no such run (404: 5).
    const auto before = sandbox.recorder().requests().size();
    BOOST_TEST(cli({"task", "comment", task, "x", "--bot", "--label", "advice"}).exit_code == 2);
    BOOST_TEST(cli({"run", "comment", "..", "x"}).exit_code == 2);
    BOOST_TEST(sandbox.recorder().requests().size() == before);
    BOOST_TEST(cli({"run", "comment", std::string(32, 'f'), "x"}).exit_code == 5);
}

BOOST_AUTO_TEST_CASE(file_download_delete_archive) {
    auto r = launch("Client Onboarding");
    const std::string run_id = str(r, "id");
    const auto path = std::filesystem::temp_directory_path() /
                      ("tallyfy-cli-dl-" + std::to_string(::getpid()) + ".pdf");
    const char raw[] = "%PDF-1.7\r\n\0\xff--\r\nbytes";
    const std::string bytes(raw, sizeof raw - 1);
    std::ofstream(path, std::ios::binary) << bytes;
    auto uploaded =
        cli({"file", "upload", path.string(), "--run", run_id, "--field", "Welcome pack"});
    BOOST_TEST_REQUIRE(uploaded.exit_code == 0, uploaded.err);
    const std::string id = str(parse_object(uploaded.out), "id");
    std::filesystem::remove(path);

    // To a file (0600), then to stdout (a pipe here), byte for byte.
    const auto out = path.string() + ".out";
    auto saved = cli({"file", "download", id, "--out", out});
    BOOST_TEST_REQUIRE(saved.exit_code == 0, saved.err);
    const auto report = parse_object(saved.out);
    BOOST_TEST(report.at("bytes").to_number<std::size_t>() == bytes.size());
    BOOST_TEST(str(report, "content_type") == "application/pdf");
    {
        std::ifstream in(out, std::ios::binary);
        const std::string written{std::istreambuf_iterator<char>(in),
                                  std::istreambuf_iterator<char>()};
        BOOST_TEST((written == bytes));
    }
    BOOST_TEST(((std::filesystem::status(out).permissions() & std::filesystem::perms::all) ==
                (std::filesystem::perms::owner_read | std::filesystem::perms::owner_write)));
    std::filesystem::remove(out);
    auto piped = cli({"file", "download", id, "--attachment"});
    BOOST_TEST_REQUIRE(piped.exit_code == 0, piped.err);
    BOOST_TEST((piped.out == bytes));
    BOOST_TEST(sandbox.recorder().requests().back().target.ends_with("/file/" + id + "/dl"));

    // The asset's record, typed.
    auto meta = cli({"file", "asset", id});
    BOOST_TEST_REQUIRE(meta.exit_code == 0, meta.err);
    BOOST_TEST(str(parse_object(meta.out), "filename") == path.filename().string());
    BOOST_TEST(sandbox.recorder().requests().back().target.ends_with("/assets/" + id));

    // Archive keeps the file; delete asks for --yes, then removes it (404 after).
    auto archived = cli({"file", "archive", id});
    BOOST_TEST_REQUIRE(archived.exit_code == 0, archived.err);
    BOOST_TEST(parse_object(archived.out).at("archived") == true);
    BOOST_TEST(sandbox.recorder().requests().back().method == "DELETE");
    BOOST_TEST(sandbox.recorder().requests().back().target.ends_with("/assets/" + id));
    const auto before = sandbox.recorder().requests().size();
    auto unconfirmed = cli({"file", "delete", id});
    BOOST_TEST(unconfirmed.exit_code == 2);
    BOOST_TEST(unconfirmed.err.find("--yes") != std::string::npos, unconfirmed.err);
    BOOST_TEST(cli({"file", "download", ".."}).exit_code == 2);
    BOOST_TEST(sandbox.recorder().requests().size() == before);
    auto deleted = cli({"file", "delete", id, "--yes"});
    BOOST_TEST_REQUIRE(deleted.exit_code == 0, deleted.err);
    BOOST_TEST(parse_object(deleted.out).at("deleted") == true);
    BOOST_TEST(cli({"file", "download", id}).exit_code == 5);
    BOOST_TEST(cli({"file", "delete", id, "--yes"}).exit_code == 5);
}

BOOST_AUTO_TEST_CASE(template_commands) {
    const std::string onboarding = checklist("Client Onboarding");
    // Kick-off fields, one per line, by which `run launch --field` names them.
    auto kickoff = cli({"template", "kickoff", onboarding});
    BOOST_TEST_REQUIRE(kickoff.exit_code == 0, kickoff.err);
    BOOST_TEST_REQUIRE(kickoff.lines().size() == 8u);
    BOOST_TEST(str(parse_object(kickoff.lines()[0]), "label") == "Client name");
    auto steps = cli({"blueprint", "steps", onboarding}); // the official CLI's word
    BOOST_TEST_REQUIRE(steps.exit_code == 0, steps.err);
    BOOST_TEST(steps.lines().size() == 4u);
    BOOST_TEST(cli({"template", "fields", onboarding}).lines().size() == 3u);
    auto got = cli({"checklist", "get", onboarding});
    BOOST_TEST(parse_object(got.out).at("steps").at("data").as_array().size() == 4u);
    BOOST_TEST(cli({"template", "list"}).lines().size() == sandbox.checklists().size());

    // Create (a draft), update keeping title and access, publish, clone.
    auto created = cli({"template", "create", "--title", "From the CLI", "--groups", "g1"});
    BOOST_TEST_REQUIRE(created.exit_code == 0, created.err);
    const auto made = parse_object(created.out);
    const std::string id = str(made, "id");
    BOOST_TEST(str(made, "status") == "draft");
    auto updated = cli({"template", "update", id, "--summary", "kept"});
    BOOST_TEST_REQUIRE(updated.exit_code == 0, updated.err);
    BOOST_TEST(str(parse_object(updated.out), "title") == "From the CLI");
    BOOST_TEST(parse_object(updated.out).at("groups") == json::array{"g1"});
    auto published = cli({"template", "publish", id});
    BOOST_TEST(str(parse_object(published.out), "status") == "published");
    auto cloned = cli({"template", "clone", id, "--title", "Copy"});
    BOOST_TEST(str(parse_object(cloned.out), "title") == "Copy");
    BOOST_TEST(cli({"template", "create"}).exit_code == 2); // no title

    // Delete for good: --yes needed off a terminal, archived first (else the API's 422).
    BOOST_TEST(cli({"template", "delete", id}).exit_code == 2);
    BOOST_TEST(cli({"template", "delete", id, "--yes"}).exit_code == 7);
    BOOST_TEST(cli({"template", "archive", id}).exit_code == 0);
    BOOST_TEST(cli({"process", "launch", "--template", id}).exit_code == 7);
    BOOST_TEST(cli({"template", "delete", id, "--yes"}).exit_code == 0);
    BOOST_TEST(cli({"template", "get", id}).exit_code == 5);
}

BOOST_AUTO_TEST_CASE(template_step_and_field_editing) {
    const std::string onboarding = checklist("Client Onboarding");
    const std::string step_id =
        str(parse_object(cli({"template", "steps", onboarding}).lines()[0]), "id");
    auto step = cli({"template", "step", onboarding, step_id});
    BOOST_TEST_REQUIRE(step.exit_code == 0, step.err);
    BOOST_TEST(str(parse_object(step.out), "id") == step_id);
    auto renamed = cli({"template", "step-update", onboarding, step_id, "--title", "Renamed"});
    BOOST_TEST_REQUIRE(renamed.exit_code == 0, renamed.err);
    BOOST_TEST(str(parse_object(renamed.out), "title") == "Renamed");
    BOOST_TEST(parse_object(sandbox.recorder().requests().back().body) ==
               (json::object{{"title", "Renamed"}}));

    auto added = cli({"template", "field-add", onboarding, step_id, "--label", "Size", "--type",
                      "radio", "--required", "--options", "S,M,L"});
    BOOST_TEST_REQUIRE(added.exit_code == 0, added.err);
    const auto field = parse_object(added.out);
    const std::string field_id = str(field, "id");
    BOOST_TEST(str(field, "label") == "Size");
    BOOST_TEST(field.at("options").as_array().size() == 3u);
    BOOST_TEST(cli({"template", "fields", onboarding}).lines().size() == 4u);
    auto optional = cli({"template", "field-update", onboarding, step_id, field_id, "--optional"});
    BOOST_TEST_REQUIRE(optional.exit_code == 0, optional.err);
    BOOST_TEST(parse_object(optional.out).at("required") == false);
    BOOST_TEST(cli({"template", "field-add", onboarding, step_id}).exit_code == 2); // no label
    BOOST_TEST(
        cli({"template", "field-add", onboarding, step_id, "--label", "x", "--type", "checkbox"})
            .exit_code == 7);

    // Deletes ask for --yes off a terminal; a second delete is a 404.
    BOOST_TEST(cli({"template", "field-delete", onboarding, step_id, field_id}).exit_code == 2);
    auto deleted = cli({"template", "field-delete", onboarding, step_id, field_id, "--yes"});
    BOOST_TEST_REQUIRE(deleted.exit_code == 0, deleted.err);
    BOOST_TEST(parse_object(deleted.out).at("deleted") == true);
    BOOST_TEST(cli({"template", "fields", onboarding}).lines().size() == 3u);
    BOOST_TEST(
        cli({"template", "field-delete", onboarding, step_id, field_id, "--yes"}).exit_code == 5);
    const std::string notes =
        str(parse_object(cli({"template", "kickoff", onboarding}).lines()[1]), "id");
    BOOST_TEST(cli({"template", "kickoff-delete", onboarding, notes, "--yes"}).exit_code == 0);
    BOOST_TEST(cli({"template", "kickoff", onboarding}).lines().size() == 7u);
    BOOST_TEST(cli({"template", "kickoff-delete", onboarding, notes, "--yes"}).exit_code == 5);
}

BOOST_AUTO_TEST_CASE(one_off_task_lifecycle_mine_and_export) {
    const std::string task = standalone_task("CLI lifecycle");
    BOOST_TEST(parse_object(cli({"task", "archive", task}).out).at("archived") == true);
    BOOST_TEST(str(parse_object(cli({"task", "restore", task}).out), "id") == task);
    const auto copy = parse_object(cli({"task", "clone", task}).out);
    BOOST_TEST(str(copy, "title") == "CLI lifecycle");
    BOOST_TEST(cli({"task", "delete", task}).exit_code == 2); // --yes off a terminal
    BOOST_TEST(cli({"task", "delete", task, "--yes"}).exit_code == 0);
    BOOST_TEST(cli({"task", "get", task}).exit_code == 5);
    BOOST_TEST(cli({"tasks", "list", "--mine", "--user", "1"}).exit_code == 2);
    BOOST_TEST(cli({"tasks", "list", "--user", "1"}).exit_code == 5); // no such member
    BOOST_TEST(cli({"tasks", "list", "--user", "2", "--guest", "x"}).exit_code == 2);
    BOOST_TEST(cli({"tasks", "list", "--guest", "nobody@example.com"}).exit_code == 5); // an id

    // An export, pretty-printed, to a file only its owner can read.
    auto r = launch("Quick Checklist");
    const auto out = std::filesystem::temp_directory_path() / "tallyfy-cli-export.json";
    std::filesystem::remove(out);
    auto exported = cli({"process", "export", str(r, "id"), "--out", out.string()});
    BOOST_TEST_REQUIRE(exported.exit_code == 0, exported.err);
    BOOST_TEST(exported.out.empty());
    const auto mode = std::filesystem::status(out).permissions() & std::filesystem::perms::all;
    BOOST_TEST(static_cast<unsigned>(mode) == 0600u);
    std::ifstream file(out);
    const std::string text((std::istreambuf_iterator<char>(file)), {});
    BOOST_TEST(text.find("\n  \"data\": {") != std::string::npos);
    BOOST_TEST(str(json::parse(text).at("data").as_object(), "id") == str(r, "id"));
    std::filesystem::remove(out);
    auto reopened = cli({"run", "reopen-kickoff", str(r, "id")});
    BOOST_TEST(str(parse_object(reopened.out), "prerun_status") == "in-progress");
}

BOOST_AUTO_TEST_CASE(file_upload_attaches) {
    auto r = launch("Client Onboarding");
    const std::string run_id = str(r, "id");
    const auto path = std::filesystem::temp_directory_path() / "tallyfy-cli-welcome.pdf";
    std::ofstream(path, std::ios::binary) << "%PDF-1.7\r\n--\r\nbytes";
    auto uploaded =
        cli({"file", "upload", path.string(), "--run", run_id, "--field", "welcome pack"});
    BOOST_TEST_REQUIRE(uploaded.exit_code == 0, uploaded.err);
    const auto asset = parse_object(uploaded.out);
    BOOST_TEST(str(asset, "filename") == "tallyfy-cli-welcome.pdf");
    const std::string task = str(asset.at("attached_to").as_object(), "task_id");
    // A second upload is attached after the first.
    BOOST_TEST(cli({"file", "upload", path.string(), "--run", run_id, "--field", "Welcome pack"})
                   .exit_code == 0);
    auto got =
        parse_object(cli({"task", "get", task, "--run", run_id, "--with", "form_fields"}).out);
    bool found = false;
    for (const auto& f : got.at("form_fields").at("data").as_array())
        if (f.at("label") == "Welcome pack") {
            found = true;
            BOOST_TEST(f.at("value").as_array().size() == 2u);
            BOOST_TEST(f.at("value").at(0).at("id") == asset.at("id"));
        }
    BOOST_TEST(found);
    // Not a file field, no such field, no such file: usage errors (2), nothing uploaded.
    BOOST_TEST(cli({"file", "upload", path.string(), "--run", run_id, "--field", "Account number"})
                   .exit_code == 2);
    BOOST_TEST(
        cli({"file", "upload", path.string(), "--run", run_id, "--field", "Nope"}).exit_code == 2);
    BOOST_TEST(
        cli({"file", "upload", "/nonexistent/x.pdf", "--run", run_id, "--field", "Welcome pack"})
            .exit_code == 2);
    std::filesystem::remove(path);
}

BOOST_AUTO_TEST_CASE(guests_by_email) {
    auto created = cli({"guests", "create", "--email", "Ann.G@example.com", "--first-name", "Ann"});
    BOOST_TEST_REQUIRE(created.exit_code == 0, created.err);
    const std::string id = str(parse_object(created.out), "id");
    // The same person in another case is taken (the API's 422: 7); `guest` is the same group.
    BOOST_TEST(cli({"guest", "create", "--email", "ann.g@example.com"}).exit_code == 7);
    BOOST_TEST(cli({"guests", "create", "--first-name", "No email"}).exit_code == 2);
    auto got = parse_object(cli({"guests", "get", "ANN.G@EXAMPLE.COM"}).out);
    BOOST_TEST(str(got, "first_name") == "Ann");
    // An update changes what it names and keeps the rest.
    auto updated = cli({"guests", "update", "ann.g@example.com", "--last-name", "Gee"});
    BOOST_TEST_REQUIRE(updated.exit_code == 0, updated.err);
    BOOST_TEST(str(parse_object(updated.out), "last_name") == "Gee");
    BOOST_TEST(str(parse_object(updated.out), "first_name") == "Ann");
    BOOST_TEST(cli({"guests", "update", "ann.g@example.com"}).exit_code == 2);
    BOOST_TEST(cli({"guests", "get", "nobody@example.com"}).exit_code == 5);
    auto listed = cli({"guests", "list"});
    BOOST_TEST(listed.out.find("\"id\":\"" + id + "\"") != std::string::npos, listed.out);
    auto tasks = cli({"tasks", "list", "--guest", id});
    BOOST_TEST(tasks.exit_code == 0, tasks.err);
    BOOST_TEST(tasks.out.empty());
}

BOOST_AUTO_TEST_CASE(me_orgs_and_members) {
    auto me = cli({"me"});
    BOOST_TEST_REQUIRE(me.exit_code == 0, me.err);
    const auto my_id = parse_object(me.out).at("id").as_int64();
    auto orgs = cli({"org", "list"});
    BOOST_TEST(orgs.exit_code == 0, orgs.err);
    BOOST_TEST(std::count(orgs.out.begin(), orgs.out.end(), '\n') == 1);
    auto users = cli({"users", "list"});
    BOOST_TEST(std::count(users.out.begin(), users.out.end(), '\n') == 5);

    auto invited = cli({"user", "invite", "--email", "cli@example.com", "--first-name", "Cli",
                        "--last-name", "User", "--role", "standard"});
    BOOST_TEST_REQUIRE(invited.exit_code == 0, invited.err);
    const std::string id = std::to_string(parse_object(invited.out).at("id").as_int64());
    BOOST_TEST(cli({"users", "invite", "--email", "x@example.com"}).exit_code == 2);
    BOOST_TEST(str(parse_object(cli({"users", "role", id, "--role", "admin"}).out), "role") ==
               "admin");
    BOOST_TEST(cli({"users", "role", id}).exit_code == 2);
    BOOST_TEST(str(parse_object(cli({"users", "disable", id}).out), "status") == "disabled");
    auto disabled = cli({"users", "list", "--status", "disabled"});
    BOOST_TEST(std::count(disabled.out.begin(), disabled.out.end(), '\n') == 1, disabled.out);
    BOOST_TEST(str(parse_object(disabled.out), "email") == "cli@example.com");
    const auto matching = cli({"users", "list", "--q", "CLI@EXAMPLE"}).out;
    BOOST_TEST(std::count(matching.begin(), matching.end(), '\n') == 1, matching);
    BOOST_TEST(cli({"users", "list", "--status", "gone"}).exit_code == 2);
    BOOST_TEST(str(parse_object(cli({"users", "enable", id}).out), "status") == "active");
    BOOST_TEST(cli({"users", "disable", std::to_string(my_id)}).exit_code == 7);
    BOOST_TEST(cli({"users", "get", "0"}).exit_code == 2);
    BOOST_TEST(cli({"users", "get", "1"}).exit_code == 5);
}

BOOST_AUTO_TEST_CASE(verbose_and_debug_show_exchanges_redacted) {
    auto verbose = cli({"--verbose", "search", "private words"});
    BOOST_TEST_REQUIRE(verbose.exit_code == 0, verbose.err);
    // One line per exchange: method, URL (query values off the allow-list redacted), status.
    BOOST_TEST(verbose.err.find("tallyfy: GET " + sandbox.base_url() + "/organizations/" +
                                sandbox.org_id() + "/search?search=[redacted]") !=
                   std::string::npos,
               verbose.err);
    BOOST_TEST(verbose.err.find("-> 200 in ") != std::string::npos, verbose.err);
    BOOST_TEST(verbose.err.find("private") == std::string::npos, verbose.err);
    BOOST_TEST(verbose.err.find("Authorization") == std::string::npos, verbose.err);
    auto debug = cli({"--debug", "search", "private words"});
    BOOST_TEST_REQUIRE(debug.exit_code == 0, debug.err);
    BOOST_TEST(debug.err.find("tallyfy: > Authorization: [redacted]") != std::string::npos,
               debug.err);
    BOOST_TEST(debug.err.find("tallyfy: < Content-Type: application/json") != std::string::npos,
               debug.err);
    BOOST_TEST(debug.out == verbose.out); // stdout is untouched
}

BOOST_AUTO_TEST_CASE(search_hits_with_their_kind) {
    auto hits = cli({"search", "Purchase", "--on", "blueprint,process"});
    BOOST_TEST_REQUIRE(hits.exit_code == 0, hits.err);
    BOOST_TEST(std::count(hits.out.begin(), hits.out.end(), '\n') == 1, hits.out);
    BOOST_TEST(str(parse_object(hits.out), "kind") == "blueprint");
    BOOST_TEST(str(parse_object(hits.out), "title") == "Purchase Request");
    auto bad = cli({"search", "x", "--on", "tasks"});
    BOOST_TEST(bad.exit_code == 2);
    BOOST_TEST(bad.err.find("unknown kind 'tasks'") != std::string::npos, bad.err);
    BOOST_TEST(cli({"search"}).exit_code == 2);
}

BOOST_AUTO_TEST_CASE(tags_groups_folders) {
    auto tag = cli({"tags", "create", "CLI tag", "--color", "#00ff00"});
    BOOST_TEST_REQUIRE(tag.exit_code == 0, tag.err);
    const std::string tag_id = str(parse_object(tag.out), "id");
    BOOST_TEST(str(parse_object(cli({"tag", "update", tag_id, "--title", "Renamed"}).out),
                   "title") == "Renamed");
    BOOST_TEST(cli({"tags", "update", tag_id}).exit_code == 2);
    BOOST_TEST(cli({"tags", "delete", tag_id}).exit_code == 2); // --yes off a terminal
    BOOST_TEST(cli({"tags", "delete", tag_id, "--yes"}).exit_code == 0);
    BOOST_TEST(cli({"tags", "list"}).out.find(tag_id) == std::string::npos);

    auto group = cli({"groups", "create", "CLI group", "--guests", "a@example.com"});
    BOOST_TEST_REQUIRE(group.exit_code == 0, group.err);
    const std::string group_id = str(parse_object(group.out), "id");
    auto renamed = parse_object(cli({"group", "update", group_id, "--name", "Renamed"}).out);
    BOOST_TEST(renamed.at("guests").as_array().size() == 1u); // kept
    BOOST_TEST(cli({"groups", "delete", group_id, "--yes"}).exit_code == 0);
    BOOST_TEST(cli({"groups", "get", group_id}).exit_code == 5);

    auto folder = cli({"folders", "create", "CLI folder"});
    BOOST_TEST_REQUIRE(folder.exit_code == 0, folder.err);
    const std::string folder_id = str(parse_object(folder.out), "id");
    BOOST_TEST(cli({"folders", "list"}).out.find(folder_id) != std::string::npos);
    BOOST_TEST(cli({"folder", "delete", folder_id, "--yes"}).exit_code == 0);
    BOOST_TEST(cli({"folders", "delete", folder_id, "--yes"}).exit_code == 5);
}

BOOST_AUTO_TEST_CASE(tags_and_folders_on_runs) {
    const auto run_id = str(launch("Quick Checklist"), "id");
    auto tag_id = str(parse_object(cli({"tags", "create", "Linked"}).out), "id");
    auto link = cli({"tags", "add", tag_id, "--run", run_id});
    BOOST_TEST_REQUIRE(link.exit_code == 0, link.err);
    const auto link_id = std::to_string(parse_object(link.out).at("id").as_int64());
    BOOST_TEST(cli({"tags", "add", tag_id}).exit_code == 2); // neither --run nor --template
    BOOST_TEST(cli({"tags", "remove", link_id}).exit_code == 0);
    BOOST_TEST(cli({"tags", "remove", link_id}).exit_code == 5);

    auto folder = cli({"folders", "create", "Runs", "--type", "run"});
    BOOST_TEST_REQUIRE(folder.exit_code == 0, folder.err);
    const auto folder_id = str(parse_object(folder.out), "id");
    auto put = cli({"folders", "add", folder_id, "--run", run_id});
    BOOST_TEST_REQUIRE(put.exit_code == 0, put.err);
    BOOST_TEST(cli({"runs", "list", "--folder", folder_id}).out.find(run_id) != std::string::npos);
    const auto put_id = std::to_string(parse_object(put.out).at("id").as_int64());
    BOOST_TEST(cli({"folders", "remove", put_id}).exit_code == 0);
    BOOST_TEST(cli({"folders", "add", folder_id}).exit_code == 2);
}

BOOST_AUTO_TEST_CASE(webhooks_listen_prints_events) {
    namespace asio = boost::asio;
    const auto port = [] {
        asio::io_context io;
        asio::ip::tcp::acceptor probe(io, {asio::ip::make_address("127.0.0.1"), 0});
        return probe.local_endpoint().port();
    }();
    const std::string org = sandbox.org_id();
    auto listening = std::async(std::launch::async, [&] {
        return tallyfy::test::run_cli(TALLYFY_CLI_PATH,
                                      {"webhooks", "listen", "--port", std::to_string(port),
                                       "--path", "/s3cret", "--org", org, "--max-events", "1"});
    });
    // POSTs one event with the given organisation header; the listener's HTTP status.
    auto post = [&](const std::string& org_header,
                    const std::string& path = "/s3cret") -> unsigned {
        for (int attempt = 0; attempt < 500; ++attempt) {
            asio::io_context io;
            asio::ip::tcp::socket socket(io);
            boost::system::error_code ec;
            socket.connect({asio::ip::make_address("127.0.0.1"), port}, ec);
            if (ec) {
                std::this_thread::sleep_for(std::chrono::milliseconds(10));
                continue; // not listening yet
            }
            const std::string body =
                R"({"this_task":{"id":"t1","title":"Sign"},"process":{"id":"r1"}})";
            const std::string request = "POST " + path +
                                        " HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                                        "X-Tallyfy-orgID: " +
                                        org_header + "\r\nConnection: close\r\nContent-Length: " +
                                        std::to_string(body.size()) + "\r\n\r\n" + body;
            asio::write(socket, asio::buffer(request));
            std::string answer;
            asio::read(socket, asio::dynamic_buffer(answer), ec); // to the close
            return static_cast<unsigned>(std::stoul(answer.substr(9, 3)));
        }
        return 0u;
    };
    BOOST_TEST(post("someone-else") == 403u); // refused, not printed
    BOOST_TEST(post(org, "/guess") == 404u);  // not the secret path
    BOOST_TEST(post(org) == 200u);
    auto out = listening.get();
    BOOST_TEST(out.exit_code == 0, out.err);
    BOOST_TEST(std::count(out.out.begin(), out.out.end(), '\n') == 1, out.out);
    auto line = parse_object(out.out);
    BOOST_TEST(str(line, "event") == "task.completed");
    BOOST_TEST(str(line, "task_id") == "t1");
    BOOST_TEST(str(line, "run_id") == "r1");
    BOOST_TEST(str(line, "org_id") == org);
    BOOST_TEST(out.err.find("listening on http://127.0.0.1:" + std::to_string(port)) !=
                   std::string::npos,
               out.err);
}

BOOST_AUTO_TEST_CASE(automations_from_a_body_file) {
    const std::string id = checklist("Client Onboarding");
    const auto body = std::filesystem::temp_directory_path() / "tallyfy-cli-automation.json";
    std::ofstream(body) << R"({"automated_alias":"From CLI","conditions":[],"then_actions":[]})";
    auto made = cli({"automation", "create", id, "--body", body.string()});
    BOOST_TEST_REQUIRE(made.exit_code == 0, made.err);
    const std::string automation = str(parse_object(made.out), "id");
    BOOST_TEST(cli({"automations", "list", id}).out.find(automation) != std::string::npos);
    BOOST_TEST(cli({"automations", "create", id}).exit_code == 2); // no --body
    BOOST_TEST(cli({"automations", "update", id, automation, "--body", body.string()}).exit_code ==
               0);
    BOOST_TEST(cli({"automations", "delete", id, automation, "--yes"}).exit_code == 0);
    BOOST_TEST(cli({"automations", "delete", id, automation, "--yes"}).exit_code == 5);
    std::filesystem::remove(body);
}

BOOST_AUTO_TEST_CASE(approval_tasks_need_a_decision) {
    auto run = launch("Purchase Request");
    std::string run_id = str(run, "id");
    auto tasks = run_tasks(run_id);
    std::string approval = str(tasks[1], "id");
    BOOST_TEST(str(tasks[1], "task_type") == "approval");

    auto undecided = cli({"task", "complete", approval, "--run", run_id});
    BOOST_TEST(undecided.exit_code == 7, undecided.err);
    // Completing as a user who is not a member: 403 -> 3.
    auto stranger =
        cli({"task", "complete", approval, "--run", run_id, "--approve", "--as-user", "999999999"});
    BOOST_TEST(stranger.exit_code == 3, stranger.err);
    BOOST_TEST(stranger.err.find("forbidden (HTTP 403)") != std::string::npos, stranger.err);

    auto approved = cli({"task", "complete", approval, "--run", run_id, "--approve"});
    BOOST_TEST_REQUIRE(approved.exit_code == 0, approved.err);
    BOOST_TEST(parse_object(approved.out).at("is_approved").as_bool() == true);

    auto other = launch("Purchase Request");
    auto other_tasks = run_tasks(str(other, "id"));
    auto rejected =
        cli({"task", "complete", str(other_tasks[1], "id"), "--run", str(other, "id"), "--reject"});
    BOOST_TEST_REQUIRE(rejected.exit_code == 0, rejected.err);
    BOOST_TEST(parse_object(rejected.out).at("is_approved").as_bool() == false);
}

BOOST_AUTO_TEST_CASE(task_and_run_wait) {
    const std::string run_id = str(launch("Quick Checklist"), "id");
    auto tasks = run_tasks(run_id);
    const std::string first = str(tasks[0], "id"), second = str(tasks[1], "id");

    // Not completed in time: exit 124, the last status on stderr, nothing on stdout.
    auto late =
        cli({"task", "wait", first, "--run", run_id, "--timeout", "0.3", "--interval", "0.1"});
    BOOST_TEST(late.exit_code == 124, late.err);
    BOOST_TEST(late.out.empty());
    BOOST_TEST(late.err.find("timed out after 0.3 s waiting for task") != std::string::npos,
               late.err);
    BOOST_TEST(cli({"run", "wait", run_id, "--timeout", "0.2", "--interval", "0.1"}).exit_code ==
               124);
    BOOST_TEST(cli({"task", "wait", first, "--run", run_id, "--interval", "0.05"}).exit_code == 2);

    // Completed by another process while it waits: it has polled once before the completion.
    // Whether the task was read since the recorder held `from` requests.
    auto polled = [&](const std::string& task, std::size_t from) {
        auto all = sandbox.recorder().requests();
        for (std::size_t i = from; i < all.size(); ++i)
            if (all[i].method == "GET" && all[i].target.find("/tasks/" + task) != std::string::npos)
                return true;
        return false;
    };
    auto args = connection();
    for (const char* a : {"task", "wait", "--interval", "0.1", "--timeout", "60", "--run"})
        args.push_back(a);
    args.insert(args.end(), {run_id, first});
    auto from = sandbox.recorder().requests().size();
    auto waited = tallyfy::test::run_cli(
        TALLYFY_CLI_PATH, args, "", {}, [&](pid_t, const std::filesystem::path&) {
            for (int i = 0; i < 2000 && !polled(first, from); ++i)
                std::this_thread::sleep_for(std::chrono::milliseconds(5));
            BOOST_TEST(cli({"task", "complete", first, "--run", run_id}).exit_code == 0);
        });
    BOOST_TEST_REQUIRE(waited.exit_code == 0, waited.err);
    BOOST_TEST(waited.lines().size() == 1u);
    BOOST_TEST(str(parse_object(waited.out), "status") == "completed");
    BOOST_TEST(waited.err.find("waiting for task") != std::string::npos, waited.err);

    // Ctrl-C while waiting: 130.
    auto wait_second = connection();
    for (const char* a : {"task", "wait", "--interval", "0.1", "--run"})
        wait_second.push_back(a);
    wait_second.insert(wait_second.end(), {run_id, second});
    from = sandbox.recorder().requests().size();
    auto interrupted = tallyfy::test::run_cli(
        TALLYFY_CLI_PATH, wait_second, "", {}, [&](pid_t pid, const std::filesystem::path&) {
            for (int i = 0; i < 2000 && !polled(second, from); ++i)
                std::this_thread::sleep_for(std::chrono::milliseconds(5));
            ::kill(pid, SIGINT);
        });
    BOOST_TEST(interrupted.exit_code == 130, interrupted.err);
    BOOST_TEST(interrupted.out.empty());

    // Already complete: at once; the run once its last task is.
    BOOST_TEST(cli({"task", "complete", second, "--run", run_id}).exit_code == 0);
    auto run_done = cli({"run", "wait", run_id, "--timeout", "10"});
    BOOST_TEST_REQUIRE(run_done.exit_code == 0, run_done.err);
    BOOST_TEST(str(parse_object(run_done.out), "id") == run_id);
    BOOST_TEST(str(parse_object(run_done.out), "status") == "complete");

    // An approval task's decision is in the result; a rejection is a completion.
    const std::string purchase = str(launch("Purchase Request"), "id");
    const std::string approval = str(run_tasks(purchase)[1], "id");
    BOOST_TEST(cli({"task", "complete", approval, "--run", purchase, "--reject"}).exit_code == 0);
    auto decided = cli({"task", "wait", approval, "--run", purchase});
    BOOST_TEST_REQUIRE(decided.exit_code == 0, decided.err);
    BOOST_TEST(parse_object(decided.out).at("is_approved") == false);

    // Unknown ids: not found (5), at once.
    const std::string nobody = "0123456789abcdef0123456789abcdef";
    BOOST_TEST(cli({"task", "wait", nobody, "--run", run_id}).exit_code == 5);
    BOOST_TEST(cli({"run", "wait", nobody}).exit_code == 5);
}

BOOST_AUTO_TEST_CASE(dry_run_prints_the_write_and_sends_nothing) {
    const std::string run_id = str(launch("Quick Checklist"), "id");
    const std::string first = str(run_tasks(run_id)[0], "id");
    auto writes_since = [&](std::size_t from) {
        auto all = sandbox.recorder().requests();
        return std::count_if(all.begin() + static_cast<std::ptrdiff_t>(from), all.end(),
                             [](const auto& r) { return r.method != "GET"; });
    };

    auto before = sandbox.recorder().requests().size();
    auto dry = cli({"--dry-run", "task", "complete", first, "--run", run_id});
    BOOST_TEST_REQUIRE(dry.exit_code == 0, dry.err);
    BOOST_TEST_REQUIRE(dry.lines().size() == 1u, dry.out);
    auto shown = parse_object(dry.out);
    BOOST_TEST(shown.at("dry_run") == true);
    BOOST_TEST(str(shown, "method") == "POST");
    BOOST_TEST(str(shown, "url") == sandbox.base_url() + "/organizations/" + sandbox.org_id() +
                                        "/runs/" + run_id + "/completed-tasks");
    BOOST_TEST(str(shown.at("body").as_object(), "task_id") == first);
    BOOST_TEST(dry.out.find("Bearer") == std::string::npos);
    BOOST_TEST(writes_since(before) == 0);
    BOOST_TEST(sandbox.completion_calls(first) == 0u);

    before = sandbox.recorder().requests().size();
    const auto runs = sandbox.run_count();
    auto launch_dry = cli({"run", "launch", "--template", checklist("Quick Checklist"), "--name",
                           "not launched", "--dry-run"});
    BOOST_TEST_REQUIRE(launch_dry.exit_code == 0, launch_dry.err);
    auto launch_shown = parse_object(launch_dry.out);
    BOOST_TEST(str(launch_shown, "method") == "POST");
    BOOST_TEST(str(launch_shown, "url").ends_with("/runs"));
    BOOST_TEST(str(launch_shown.at("body").as_object(), "name") == "not launched");
    BOOST_TEST(writes_since(before) == 0);
    BOOST_TEST(sandbox.run_count() == runs);

    // A read just runs.
    auto read = cli({"--dry-run", "run", "get", run_id});
    BOOST_TEST_REQUIRE(read.exit_code == 0, read.err);
    BOOST_TEST(str(parse_object(read.out), "id") == run_id);
    BOOST_TEST(!parse_object(read.out).contains("dry_run"));
    // A batch has no single request to show.
    BOOST_TEST(cli({"--dry-run", "batch", "complete"}, run_id + " " + first + "\n").exit_code == 2);
    BOOST_TEST(tallyfy::test::run_cli(TALLYFY_CLI_PATH, {"--dry-run", "demo"}).exit_code == 2);
    BOOST_TEST(sandbox.completion_calls(first) == 0u);
}

BOOST_AUTO_TEST_CASE(org_lists_stream_ndjson) {
    for (int i = 0; i < 3; ++i)
        launch("Quick Checklist");
    auto runs = cli({"runs", "list", "--per-page", "2"});
    BOOST_TEST(runs.exit_code == 0, runs.err);
    BOOST_TEST(runs.lines().size() == 3u);
    for (const auto& line : runs.lines())
        BOOST_TEST(str(parse_object(line), "checklist_id") == checklist("Quick Checklist"));
    BOOST_TEST(cli({"runs", "list", "--limit", "2"}).lines().size() == 2u);
    BOOST_TEST(cli({"runs", "list", "--status", "complete"}).lines().empty());
    BOOST_TEST(cli({"runs", "list", "--template", checklist("Purchase Request")}).lines().empty());

    auto tasks = cli({"tasks", "list", "--per-page", "4"});
    BOOST_TEST(tasks.exit_code == 0, tasks.err);
    BOOST_TEST(tasks.lines().size() == 6u);
    BOOST_TEST(cli({"tasks", "list", "--limit", "5"}).lines().size() == 5u);

    // Items are written as pages arrive: page 2 stalls past the timeout, page 1 is out already.
    sbx::fault_rule stall_second_page{.method = "GET", .path = "*/tasks", .skip = 1, .count = 1};
    stall_second_page.choices.push_back(
        {.kind = sbx::fault_kind::stall, .delay = std::chrono::seconds(3)});
    sandbox.faults().add(std::move(stall_second_page));
    auto partial =
        cli({"--timeout", "0.5", "--max-attempts", "1", "tasks", "list", "--per-page", "2"});
    BOOST_TEST(partial.exit_code == 1, partial.err);
    BOOST_TEST(partial.lines().size() == 2u);
    BOOST_TEST(partial.err.find("timeout") != std::string::npos, partial.err);
}

BOOST_AUTO_TEST_CASE(error_classes_and_their_exit_codes) {
    // 404 -> 5
    auto missing = cli({"task", "get", "0123456789abcdef0123456789abcdef"});
    BOOST_TEST(missing.exit_code == 5);
    BOOST_TEST(missing.err.find("not_found (HTTP 404)") != std::string::npos, missing.err);
    BOOST_TEST(cli({"run", "get", "0123456789abcdef0123456789abcdef"}).exit_code == 5);

    // 401 -> 3; the wrong token is not printed either.
    auto all = connection();
    all[3] = "not-the-token-0123456789";
    all.insert(all.end(), {"runs", "list"});
    auto unauthorized = tallyfy::test::run_cli(TALLYFY_CLI_PATH, all);
    BOOST_TEST(unauthorized.exit_code == 3);
    BOOST_TEST(unauthorized.err.find("unauthorized (HTTP 401)") != std::string::npos);
    BOOST_TEST(unauthorized.err.find("not-the-token") == std::string::npos);

    // 429 past the retry policy's patience -> 6
    sbx::fault slow_down{.kind = sbx::fault_kind::rate_limited,
                         .retry_after = std::chrono::seconds(120)};
    sandbox.faults().add("GET", "*", slow_down, 1);
    auto limited = cli({"runs", "list"});
    BOOST_TEST(limited.exit_code == 6, limited.err);
    BOOST_TEST(limited.err.find("rate_limited (HTTP 429)") != std::string::npos, limited.err);

    // 500 on a read is not retried -> 1
    sandbox.faults().add("GET", "*", {.kind = sbx::fault_kind::status_before, .status = 500}, 1);
    auto broken = cli({"runs", "list"});
    BOOST_TEST(broken.exit_code == 1);
    BOOST_TEST(broken.err.find("server_error (HTTP 500)") != std::string::npos, broken.err);

    // 503 is retried: with enough attempts the command succeeds.
    sandbox.faults().add("GET", "*", {.kind = sbx::fault_kind::status_before, .status = 503}, 2);
    BOOST_TEST(cli({"--max-attempts", "3", "runs", "list"}).exit_code == 0);

    // TLS: without the sandbox's CA the certificate is not trusted -> 1
    auto untrusted = tallyfy::test::run_cli(TALLYFY_CLI_PATH, {"--base-url", sandbox.base_url(),
                                                               "--token", sandbox.token(), "--org",
                                                               sandbox.org_id(), "runs", "list"});
    BOOST_TEST(untrusted.exit_code == 1);
    BOOST_TEST(untrusted.err.find("tls_failed") != std::string::npos, untrusted.err);

    // A timeout: a stalled answer beyond --timeout -> 1
    sandbox.faults().add("GET", "*",
                         {.kind = sbx::fault_kind::stall, .delay = std::chrono::seconds(5)}, 1);
    auto stalled = cli({"--timeout", "0.5", "--max-attempts", "1", "runs", "list"});
    BOOST_TEST(stalled.exit_code == 1, stalled.err);
    BOOST_TEST(stalled.err.find("timeout") != std::string::npos, stalled.err);
}

BOOST_AUTO_TEST_CASE(a_tls_failure_prints_its_cause) {
    // A server whose certificate expired (its CA trusted): the message names the verify error and
    // the certificate's subject, not just tls_failed.
    sbx::certificate_spec ca_spec;
    ca_spec.common_name = "cli test CA";
    ca_spec.ca = true;
    auto ca = sbx::issue_certificate(ca_spec);
    sbx::certificate_spec spec;
    spec.common_name = "expired.test";
    spec.not_before = std::chrono::hours(-48);
    spec.not_after = std::chrono::hours(-24);
    auto leaf = sbx::issue_certificate(spec, &ca);
    tallyfy::test::tls_test_server expired([&](asio::ssl::context& ctx) {
        ctx.use_certificate_chain(asio::buffer(leaf.cert_pem));
        ctx.use_private_key(asio::buffer(leaf.key_pem), asio::ssl::context::pem);
    });
    auto ca_path = std::filesystem::temp_directory_path() /
                   ("tallyfy-cli-expired-ca-" + std::to_string(::getpid()) + ".pem");
    std::ofstream(ca_path) << ca.cert_pem;
    auto r = tallyfy::test::run_cli(
        TALLYFY_CLI_PATH, {"--base-url", expired.url(), "--token", sandbox.token(), "--org",
                           sandbox.org_id(), "--ca-file", ca_path.string(), "runs", "list"});
    std::filesystem::remove(ca_path);
    BOOST_TEST(r.exit_code == 1, r.exit_code << ": " << r.err << r.out);
    BOOST_TEST(r.err.find("tls_failed") != std::string::npos, r.err);
    BOOST_TEST(r.err.find("certificate has expired") != std::string::npos, r.err);
    BOOST_TEST(r.err.find("subject CN=expired.test") != std::string::npos, r.err);
    BOOST_TEST(expired.accepted == 1); // not retried
}

BOOST_AUTO_TEST_CASE(client_certificates_from_flags_and_the_environment) {
    // A sandbox requiring a client certificate; the key encrypted, its passphrase in the
    // environment only (never printed, even when it is wrong).
    sbx::certificate_spec ca_spec;
    ca_spec.common_name = "cli client CA";
    ca_spec.ca = true;
    auto ca = sbx::issue_certificate(ca_spec);
    sbx::certificate_spec leaf_spec;
    leaf_spec.common_name = "cli client";
    leaf_spec.client = true;
    leaf_spec.key_passphrase = "cli-pass-SECRET-31";
    auto leaf = sbx::issue_certificate(leaf_spec, &ca);
    sbx::server_options so;
    so.client_ca_pem = ca.cert_pem;
    sbx::server strict(so);
    auto dir =
        std::filesystem::temp_directory_path() / ("tallyfy-cli-mtls-" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir);
    std::ofstream(dir / "server-ca.pem") << strict.ca_pem();
    std::ofstream(dir / "client.pem") << leaf.cert_pem;
    std::ofstream(dir / "client.key") << leaf.key_pem;
    std::vector<std::string> args{
        "--base-url", strict.base_url(), "--token",   strict.token(),
        "--org",      strict.org_id(),   "--ca-file", (dir / "server-ca.pem").string()};
    auto with_cert = args;
    with_cert.insert(with_cert.end(),
                     {"--client-cert", (dir / "client.pem").string(), "--client-key",
                      (dir / "client.key").string(), "runs", "list"});
    auto ok = tallyfy::test::run_cli(TALLYFY_CLI_PATH, with_cert, "",
                                     {"TALLYFY_CLIENT_KEY_PASSPHRASE=cli-pass-SECRET-31"});
    BOOST_TEST(ok.exit_code == 0, ok.err);

    auto wrong = tallyfy::test::run_cli(TALLYFY_CLI_PATH, with_cert, "",
                                        {"TALLYFY_CLIENT_KEY_PASSPHRASE=cli-pass-WRONG-31"});
    BOOST_TEST(wrong.exit_code == 2, wrong.err);
    BOOST_TEST(wrong.err.find("wrong passphrase") != std::string::npos, wrong.err);
    BOOST_TEST(wrong.err.find("cli-pass") == std::string::npos, wrong.err);

    auto without = args;
    without.insert(without.end(), {"runs", "list"});
    auto refused = tallyfy::test::run_cli(TALLYFY_CLI_PATH, without);
    BOOST_TEST(refused.exit_code == 1, refused.err);
    BOOST_TEST(refused.err.find("requires a client certificate") != std::string::npos, refused.err);
    std::filesystem::remove_all(dir);
}

BOOST_AUTO_TEST_CASE(environment_fallbacks_and_flag_precedence) {
    std::vector<std::string> env{
        "TALLYFY_BASE_URL=" + sandbox.base_url(), "TALLYFY_ACCESS_TOKEN=" + sandbox.token(),
        "TALLYFY_ORG_ID=" + sandbox.org_id(), "TALLYFY_CA_FILE=" + ca_file};
    auto from_env = tallyfy::test::run_cli(TALLYFY_CLI_PATH, {"runs", "list"}, "", env);
    BOOST_TEST(from_env.exit_code == 0, from_env.err);
    BOOST_TEST(from_env.err.find("sandbox") == std::string::npos);

    env[1] = "TALLYFY_ACCESS_TOKEN=wrong-token";
    BOOST_TEST(tallyfy::test::run_cli(TALLYFY_CLI_PATH, {"runs", "list"}, "", env).exit_code == 3);
    auto flag_wins = tallyfy::test::run_cli(TALLYFY_CLI_PATH,
                                            {"runs", "list", "--token", sandbox.token()}, "", env);
    BOOST_TEST(flag_wins.exit_code == 0, flag_wins.err);
}

BOOST_AUTO_TEST_CASE(https_proxy_and_no_proxy_are_honoured) {
    // A proxy that is down proves the calls go to it; its password never shows.
    std::vector<std::string> env{"TALLYFY_BASE_URL=" + sandbox.base_url(),
                                 "TALLYFY_ACCESS_TOKEN=" + sandbox.token(),
                                 "TALLYFY_ORG_ID=" + sandbox.org_id(), "TALLYFY_CA_FILE=" + ca_file,
                                 "HTTPS_PROXY=http://user:pw-CLI-77a1@127.0.0.1:1"};
    const auto before = sandbox.recorder().request_count();
    auto proxied =
        tallyfy::test::run_cli(TALLYFY_CLI_PATH, {"--max-attempts", "1", "runs", "list"}, "", env);
    BOOST_TEST(proxied.exit_code == 1, proxied.err);
    BOOST_TEST(proxied.err.find("proxy 127.0.0.1:1: Connection refused") != std::string::npos,
               proxied.err);
    BOOST_TEST(proxied.err.find("pw-CLI-77a1") == std::string::npos, proxied.err);
    BOOST_TEST(sandbox.recorder().request_count() == before);

    env.push_back("NO_PROXY=localhost,127.0.0.0/8");
    auto bypassed = tallyfy::test::run_cli(TALLYFY_CLI_PATH, {"runs", "list"}, "", env);
    BOOST_TEST(bypassed.exit_code == 0, bypassed.err);
}

BOOST_AUTO_TEST_CASE(no_credential_is_an_error_never_a_silent_sandbox) {
    auto r = tallyfy::test::run_cli(TALLYFY_CLI_PATH, {"runs", "list"});
    BOOST_TEST(r.exit_code == 3, r.err);
    BOOST_TEST(r.out.empty());
    BOOST_TEST(r.err.find("no API token") != std::string::npos, r.err);
    BOOST_TEST(r.err.find("--sandbox") != std::string::npos, r.err); // the hint
    BOOST_TEST(r.err.find("using an embedded sandbox") == std::string::npos, r.err);

    // The official CLI's variable works too.
    std::vector<std::string> env{
        "TALLYFY_BASE_URL=" + sandbox.base_url(), "TALLYFY_API_TOKEN=" + sandbox.token(),
        "TALLYFY_ORG_ID=" + sandbox.org_id(), "TALLYFY_CA_FILE=" + ca_file};
    auto official = tallyfy::test::run_cli(TALLYFY_CLI_PATH, {"runs", "list"}, "", env);
    BOOST_TEST(official.exit_code == 0, official.err);

    auto version = tallyfy::test::run_cli(TALLYFY_CLI_PATH, {"--version"});
    BOOST_TEST(version.exit_code == 0);
    BOOST_TEST(version.out == "tallyfy " TALLYFY_VERSION_STRING "\n");

    // --sandbox wins over a configured API.
    const auto before = sandbox.recorder().request_count();
    auto forced = cli({"--sandbox", "tasks", "list"});
    BOOST_TEST(forced.exit_code == 0, forced.err);
    BOOST_TEST(forced.err.find("embedded sandbox") != std::string::npos);
    BOOST_TEST(sandbox.recorder().request_count() == before);

    auto demo = tallyfy::test::run_cli(TALLYFY_CLI_PATH, {"demo"});
    BOOST_TEST(demo.exit_code == 0, demo.err);
    BOOST_TEST(demo.out.find("run status complete, progress 4/4") != std::string::npos);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_FIXTURE_TEST_SUITE(batch, cli_fixture)

namespace {

// Checks the one-result-per-item invariant (each `key`, "line" or "row", reported once, and
// `count` of them) and returns the results by that number.
std::map<std::size_t, json::object> results_by(const cli_result& r, const char* key,
                                               std::size_t count) {
    std::map<std::size_t, json::object> by;
    for (const auto& line : r.lines()) {
        auto o = parse_object(line);
        auto n = static_cast<std::size_t>(o.at(key).to_number<std::int64_t>());
        BOOST_TEST(by.count(n) == 0u, key << " " << n << " reported twice");
        by[n] = o;
    }
    BOOST_TEST(r.lines().size() == count);
    BOOST_TEST(by.size() == count);
    if (!by.empty()) {
        BOOST_TEST(by.begin()->first == 1u);
        BOOST_TEST(by.rbegin()->first == count);
    }
    return by;
}

std::map<std::size_t, json::object> results_by_line(const cli_result& r, std::size_t lines) {
    return results_by(r, "line", lines);
}

} // namespace

BOOST_AUTO_TEST_CASE(a_journal_resumes_without_completing_twice) {
    // Six tasks: two done by an earlier run of the journal, two in flight when it ended (one of
    // which the server had completed), two never started.
    std::vector<std::pair<std::string, std::string>> tasks;
    for (int i = 0; i < 3; ++i) {
        const auto run_id = str(launch("Quick Checklist"), "id");
        for (const auto& t : run_tasks(run_id))
            tasks.emplace_back(run_id, str(t, "id"));
    }
    BOOST_TEST_REQUIRE(tasks.size() == 6u);
    for (int i : {0, 1, 2}) // what the interrupted run completed
        BOOST_TEST_REQUIRE(
            cli({"task", "complete", tasks[i].second, "--run", tasks[i].first}).exit_code == 0);
    const auto journal =
        std::filesystem::temp_directory_path() / ("tallyfy-journal-" + std::to_string(::getpid()));
    {
        std::ofstream j(journal);
        auto record = [&](int i, const char* event) {
            j << json::serialize(json::object{{"task", tasks[i].first + " " + tasks[i].second},
                                              {"event", event}})
              << "\n";
        };
        record(0, "started"), record(0, "done"), record(1, "started"), record(1, "done");
        record(2, "started"), record(3, "started");
        j << "{\"task\":\"torn"; // the process died mid-write
    }
    std::string input;
    for (const auto& [run_id, task_id] : tasks)
        input += run_id + " " + task_id + "\n";
    auto r = cli({"batch", "complete", "--journal", journal.string()}, input);
    BOOST_TEST(r.exit_code == 0, r.err);
    auto by_line = results_by_line(r, 6);
    BOOST_TEST(str(by_line[1], "journal") == "done earlier");
    BOOST_TEST(str(by_line[2], "journal") == "done earlier");
    BOOST_TEST(str(by_line[3], "journal") == "completed by the interrupted run");
    for (std::size_t line = 1; line <= 6; ++line)
        BOOST_TEST(by_line[line].at("ok").as_bool(), line);
    for (const auto& [run_id, task_id] : tasks) // each exactly once, whoever did it
        BOOST_TEST(sandbox.completion_calls(task_id) == 1u, task_id);

    // Again: everything is done, nothing is sent.
    const auto sent = sandbox.recorder().requests().size();
    auto again = cli({"batch", "complete", "--journal", journal.string()}, input);
    BOOST_TEST(again.exit_code == 0, again.err);
    for (const auto& [line, result] : results_by_line(again, 6))
        BOOST_TEST(str(result, "journal") == "done earlier", line);
    BOOST_TEST(sandbox.recorder().requests().size() == sent);
    std::filesystem::remove(journal);

    // A file that is not a journal is refused before anything is sent.
    std::ofstream(journal) << "not json\nnot json either\n";
    BOOST_TEST(cli({"batch", "complete", "--journal", journal.string()}, input).exit_code == 2);
    std::filesystem::remove(journal);
}

BOOST_AUTO_TEST_CASE(ctrl_c_finishes_in_flight_then_resumes) {
    std::vector<std::pair<std::string, std::string>> tasks;
    for (int i = 0; i < 5; ++i) {
        const auto run_id = str(launch("Quick Checklist"), "id");
        for (const auto& t : run_tasks(run_id))
            tasks.emplace_back(run_id, str(t, "id"));
    }
    std::string input;
    for (const auto& [run_id, task_id] : tasks)
        input += run_id + " " + task_id + "\n";
    // Each completion takes 300 ms: two at a time, ten take 1.5 s; interrupted after the first.
    sandbox.faults().add(
        "POST", "*/completed-tasks",
        {.kind = sbx::fault_kind::latency, .delay = std::chrono::milliseconds(300)}, 1000);
    const auto journal = std::filesystem::temp_directory_path() /
                         ("tallyfy-journal-int-" + std::to_string(::getpid()));
    auto args = connection();
    for (const char* a : {"--concurrency", "2", "batch", "complete", "--journal"})
        args.push_back(a);
    args.push_back(journal.string());
    auto r = tallyfy::test::run_cli(
        TALLYFY_CLI_PATH, args, input, {}, [](pid_t pid, const std::filesystem::path& out) {
            for (int i = 0; i < 1000 && tallyfy::test::slurp(out).empty(); ++i)
                std::this_thread::sleep_for(std::chrono::milliseconds(5));
            ::kill(pid, SIGINT);
        });
    BOOST_TEST(r.exit_code == 130, r.err);
    BOOST_TEST(r.err.find("interrupted") != std::string::npos, r.err);
    BOOST_TEST(r.err.find("tallyfy: batch: 10 lines") != std::string::npos, r.err); // the summary
    std::size_t completed = 0, cancelled = 0;
    for (const auto& [line, result] : results_by_line(r, 10)) {
        if (result.at("ok").as_bool())
            ++completed;
        else if (str(result, "error") == "not_attempted")
            ++cancelled;
    }
    BOOST_TEST(completed >= 1u);
    BOOST_TEST(cancelled >= 1u); // stopped before the end
    BOOST_TEST(completed + cancelled == 10u);

    auto resumed = cli({"batch", "complete", "--journal", journal.string()}, input);
    BOOST_TEST(resumed.exit_code == 0, resumed.err);
    std::size_t earlier = 0;
    for (const auto& [line, result] : results_by_line(resumed, 10)) {
        BOOST_TEST(result.at("ok").as_bool(), line);
        earlier += result.contains("journal") ? 1 : 0;
    }
    BOOST_TEST(earlier == completed);
    for (const auto& [run_id, task_id] : tasks)
        BOOST_TEST(sandbox.completion_calls(task_id) == 1u, task_id);
    std::filesystem::remove(journal);
}

BOOST_AUTO_TEST_CASE(malformed_input_does_not_stop_the_batch) {
    auto run = launch("Quick Checklist");
    std::string run_id = str(run, "id");
    auto tasks = run_tasks(run_id);
    std::string one_off = standalone_task("batch one-off");
    std::string input = run_id + " " + str(tasks[0], "id") + "\n"        // 1 ok
                        + "too many fields here\n"                       // 2 malformed
                        + "\n"                                           // 3 blank
                        + "# a comment\n"                                // 4 blank
                        + one_off + "\n"                                 // 5 ok (standalone)
                        + run_id + " 0123456789abcdef0123456789abcdef\n" // 6 not found
                        + run_id + "\t" + str(tasks[0], "id") + "\r\n"   // 7 duplicate of 1
                        + run_id + " ../etc\n"                           // 8 stays one path segment
                        + run_id + " " + str(tasks[1], "id");            // 9 ok, no final newline
    auto r = cli({"batch", "complete", "--input", "-"}, input);
    auto by_line = results_by_line(r, 9);
    BOOST_TEST(r.exit_code == 9, r.err); // some lines done, some failed: partial
    BOOST_TEST(by_line[1].at("ok").as_bool());
    BOOST_TEST(by_line[1].at("attempts").to_number<int>() == 1);
    BOOST_TEST(by_line[1].at("status").to_number<int>() == 200);
    BOOST_TEST(str(by_line[2], "error") == "malformed_line");
    BOOST_TEST(str(by_line[3], "skipped") == "blank");
    BOOST_TEST(str(by_line[4], "skipped") == "blank");
    BOOST_TEST(by_line[5].at("ok").as_bool());
    BOOST_TEST(str(by_line[6], "error") == "not_found");
    BOOST_TEST(by_line[6].at("status").to_number<int>() == 404);
    BOOST_TEST(str(by_line[7], "error") == "duplicate");
    BOOST_TEST(by_line[7].at("duplicate_of").to_number<int>() == 1);
    BOOST_TEST(str(by_line[8], "error") == "not_found");
    BOOST_TEST(by_line[9].at("ok").as_bool());
    BOOST_TEST(r.err.find("3 done, 3 failed, 3 skipped") != std::string::npos, r.err);
    BOOST_TEST(r.err.find("requests/s") != std::string::npos);
    BOOST_TEST(r.err.find('\r') == std::string::npos); // no progress bar: stderr is a file
    BOOST_TEST(sandbox.completion_calls(str(tasks[0], "id")) == 1u);

    // Every line failed, with one class of failure: its exit code; with a mix: 1.
    auto only_missing = cli({"batch", "complete"}, "0123456789abcdef0123456789abcdef\n");
    BOOST_TEST(only_missing.exit_code == 5);
    auto mixed =
        cli({"batch", "complete"}, "0123456789abcdef0123456789abcdef\nnot a line at all\n");
    BOOST_TEST(mixed.exit_code == 1, mixed.err);
    auto empty = cli({"batch", "complete"}, "");
    BOOST_TEST(empty.exit_code == 0);
    BOOST_TEST(empty.out.empty());
}

BOOST_AUTO_TEST_CASE(unauthorized_stops_sending_but_reports_every_line) {
    auto all = connection();
    all[3] = "wrong-token";
    all.insert(all.end(), {"batch", "complete", "--concurrency", "1"});
    std::string input;
    for (int i = 0; i < 5; ++i)
        input += "0123456789abcdef0123456789abcde" + std::to_string(i) + "\n";
    auto r = tallyfy::test::run_cli(TALLYFY_CLI_PATH, all, input);
    BOOST_TEST(r.exit_code == 3);
    auto by_line = results_by_line(r, 5);
    BOOST_TEST(str(by_line[1], "error") == "unauthorized");
    BOOST_TEST(str(by_line[5], "error") == "not_attempted");
    BOOST_TEST(sandbox.recorder().requests().size() == 1u);
}

BOOST_AUTO_TEST_CASE(under_injected_faults_every_task_is_completed_exactly_once) {
    std::vector<std::pair<std::string, std::string>> work; // (run, task)
    for (int i = 0; i < 12; ++i) {
        auto run = launch("Quick Checklist");
        for (const auto& t : run_tasks(str(run, "id")))
            work.emplace_back(str(run, "id"), str(t, "id"));
    }
    for (int i = 0; i < 6; ++i)
        work.emplace_back("", standalone_task("faulty one-off " + std::to_string(i)));
    std::string input;
    for (const auto& [run, task] : work)
        input += (run.empty() ? task : run + " " + task) + "\n";

    // A fifth of all requests fail: 503 before or after applying, or a dropped connection.
    sandbox.faults().add(sbx::parse_fault_rule(
        "status_before|status_after|close_before_response,status=503,probability=0.2"));
    auto r = cli({"--max-attempts", "10", "batch", "complete", "--concurrency", "8"}, input);
    BOOST_TEST(sandbox.faults().injected() > 0u);
    sandbox.faults().clear();

    auto by_line = results_by_line(r, work.size());
    BOOST_TEST(r.exit_code == 0, r.err);
    std::size_t retries = 0;
    for (auto& [n, o] : by_line) {
        BOOST_TEST(o.at("ok").as_bool(), "line " << n << ": " << json::serialize(o));
        BOOST_TEST(str(o, "task_id") == work[n - 1].second);
        retries += static_cast<std::size_t>(o.at("attempts").to_number<std::int64_t>() - 1);
    }
    BOOST_TEST(retries > 0u);
    for (const auto& [run, task] : work)
        BOOST_TEST(sandbox.completion_calls(task) == 1u, "task " << task);
    BOOST_TEST(r.err.find(std::to_string(work.size()) + " done, 0 failed") != std::string::npos,
               r.err);
}

// ---- batch launch ----

namespace {

std::map<std::size_t, json::object> results_by_row(const cli_result& r, std::size_t rows) {
    return results_by(r, "row", rows);
}

// How many runs of each name the sandbox holds.
std::map<std::string, std::size_t> runs_by_name(sbx::server& sandbox) {
    std::map<std::string, std::size_t> count;
    const json::object state = sandbox.state();
    for (const auto& r : state.at("runs").as_array())
        ++count[std::string(r.at("name").as_string())];
    return count;
}

std::filesystem::path temp_file(const std::string& name) {
    return std::filesystem::temp_directory_path() /
           ("tallyfy-" + name + "-" + std::to_string(::getpid()));
}

} // namespace

BOOST_AUTO_TEST_CASE(launch_types_kickoff_values_from_csv_columns) {
    const std::string onboarding = checklist("Client Onboarding");
    std::map<std::string, std::string> field_id; // label -> id
    for (const auto& c : sandbox.checklists())
        if (c.at("id").as_string() == onboarding)
            for (const auto& f : c.at("prerun").as_array())
                field_id[std::string(f.at("label").as_string())] = f.at("id").as_string();
    // A BOM, CRLF, a quoted comma, doubled quotes and a line break inside quotes; a dropdown
    // and a radio by option text (any case), a multi-select as a list, a date; a column by id.
    const std::string csv = "\xEF\xBB\xBFname,Client name,region,Priority,Services,Start date," +
                            field_id["Notes"] +
                            ",summary\r\n"
                            "Acme run,\"Acme, Inc.\",apac,High,\"Consulting,Training\",2030-01-15,"
                            "\"Said \"\"hi\"\"\r\nthen left\",first\r\n"
                            "\r\n" // an empty line is not a row
                            "Beta run,Beta,EMEA,low,Support,,,\r\n";
    const auto file = temp_file("launch.csv");
    std::ofstream(file, std::ios::binary) << csv;
    auto r = cli({"batch", "launch", "--template", onboarding, file.string()});
    std::filesystem::remove(file);
    BOOST_TEST_REQUIRE(r.exit_code == 0, r.err);
    auto by_row = results_by_row(r, 2);
    BOOST_TEST(by_row[1].at("line").to_number<int>() == 2);
    BOOST_TEST(by_row[2].at("line").to_number<int>() == 5); // after a quoted line break
    BOOST_TEST(r.err.find("2 rows: 2 launched, 0 failed") != std::string::npos, r.err);

    // Read back: each run with the values its row gave.
    auto read = [&](std::size_t row) {
        auto got = cli({"run", "get", str(by_row[row], "run_id")});
        BOOST_TEST_REQUIRE(got.exit_code == 0, got.err);
        return parse_object(got.out);
    };
    const auto acme = read(1);
    BOOST_TEST(str(acme, "name") == "Acme run");
    BOOST_TEST(str(acme, "summary") == "first");
    const auto& p = acme.at("prerun").as_object();
    BOOST_TEST(p.at(field_id["Client name"]) == "Acme, Inc.");
    BOOST_TEST(p.at(field_id["Region"]).at("text") == "APAC");
    BOOST_TEST(p.at(field_id["Priority"]) == "High");
    const auto& services = p.at(field_id["Services"]).as_array();
    BOOST_TEST_REQUIRE(services.size() == 2u);
    BOOST_TEST(services[0].at("text") == "Consulting");
    BOOST_TEST(services[1].at("text") == "Training");
    BOOST_TEST(p.contains(field_id["Start date"]));
    BOOST_TEST(p.at(field_id["Notes"]) == "Said \"hi\"\r\nthen left");
    const auto beta = read(2);
    BOOST_TEST(str(beta, "name") == "Beta run");
    const auto& q = beta.at("prerun").as_object();
    BOOST_TEST(q.at(field_id["Priority"]) == "Low");
    BOOST_TEST(q.at(field_id["Region"]).at("text") == "EMEA");
    BOOST_TEST(!q.contains(field_id["Notes"])); // an empty cell sends nothing

    // From stdin, the name from --name's placeholders.
    auto named = cli({"batch", "launch", "--template", onboarding, "--name",
                      "Onboarding {Client name} #{row}", "-"},
                     "Client name\nZed\n");
    BOOST_TEST_REQUIRE(named.exit_code == 0, named.err);
    BOOST_TEST(runs_by_name(sandbox)["Onboarding Zed #1"] == 1u);
}

BOOST_AUTO_TEST_CASE(launch_refuses_an_unknown_column_before_sending) {
    const std::string onboarding = checklist("Client Onboarding");
    const auto runs = sandbox.run_count();
    auto unknown = cli({"batch", "launch", "--template", onboarding, "-"},
                       "name,Client name,Regoin\na,b,EMEA\n");
    BOOST_TEST(unknown.exit_code == 2, unknown.err);
    BOOST_TEST(unknown.err.find("column 3 ('Regoin')") != std::string::npos, unknown.err);
    BOOST_TEST(unknown.out.empty());
    // A reserved header that is also a field's label is ambiguous; so is a repeated column.
    auto twice =
        cli({"batch", "launch", "--template", onboarding, "-"}, "Client name,client NAME\na,b\n");
    BOOST_TEST(twice.exit_code == 2, twice.err);
    BOOST_TEST(twice.err.find("column 2") != std::string::npos, twice.err);
    auto placeholder = cli({"batch", "launch", "--template", onboarding, "--name", "{Nope}", "-"},
                           "Client name\na\n");
    BOOST_TEST(placeholder.exit_code == 2, placeholder.err);
    auto nameless = cli({"batch", "launch", "--template", onboarding, "--journal",
                         temp_file("unused-journal").string(), "-"},
                        "Client name\na\n");
    BOOST_TEST(nameless.exit_code == 2, nameless.err);
    BOOST_TEST(sandbox.run_count() == runs);
    for (const auto& request : sandbox.recorder().requests())
        BOOST_TEST(request.method != "POST");
}

BOOST_AUTO_TEST_CASE(launch_partial_failure_exits_9_and_a_journal_never_relaunches) {
    const std::string onboarding = checklist("Client Onboarding");
    const std::string csv = "name,Client name,Region\n"
                            "good,Acme,EMEA\n"        // 1 launched
                            "bad option,Acme,Mars\n"  // 2 invalid_value, not sent
                            "short,Acme\n"            // 3 malformed_row
                            "stray,Ac\"me,EMEA\n"     // 4 malformed_row
                            "unfilled,,APAC\n"        // 5 the API's 422
                            "\"after\"x,Acme,EMEA\n"; // 6 malformed_row
    const auto runs = sandbox.run_count();
    const auto journal = temp_file("launch-journal-partial");
    std::filesystem::remove(journal);
    auto r =
        cli({"batch", "launch", "--template", onboarding, "--journal", journal.string(), "-"}, csv);
    BOOST_TEST(r.exit_code == 9, r.err);
    auto by_row = results_by_row(r, 6);
    BOOST_TEST(by_row[1].at("ok").as_bool());
    BOOST_TEST(str(by_row[2], "error") == "invalid_value");
    BOOST_TEST(str(by_row[2], "message").find("column 3 ('Region')") != std::string::npos);
    BOOST_TEST(str(by_row[3], "error") == "malformed_row");
    BOOST_TEST(str(by_row[4], "error") == "malformed_row");
    BOOST_TEST(str(by_row[5], "error") == "validation_failed");
    BOOST_TEST(by_row[5].at("status").to_number<int>() == 422);
    BOOST_TEST(str(by_row[6], "message").find("after the closing quote") != std::string::npos);
    BOOST_TEST(sandbox.run_count() == runs + 1);

    // Again with the journal: the launched row is not sent again; the failed one is looked up
    // (nothing found), sent, and fails the same way.
    auto again =
        cli({"batch", "launch", "--template", onboarding, "--journal", journal.string(), "-"}, csv);
    BOOST_TEST(again.exit_code == 9, again.err);
    auto by_row_again = results_by_row(again, 6);
    BOOST_TEST(str(by_row_again[1], "journal") == "done earlier");
    BOOST_TEST(str(by_row_again[1], "run_id") == str(by_row[1], "run_id"));
    BOOST_TEST(str(by_row_again[5], "error") == "validation_failed");
    BOOST_TEST(sandbox.run_count() == runs + 1);
    std::filesystem::remove(journal);

    // A quote never closed swallows the rest of the file: nothing is sent, exit 2, and the
    // message names the line (no row after it could be trusted).
    auto unclosed = cli({"batch", "launch", "--template", onboarding, "-"},
                        "name,Client name\nfirst,Acme\n\"never closed,Acme\nlast,Acme\n");
    BOOST_TEST(unclosed.exit_code == 2, unclosed.err);
    BOOST_TEST(unclosed.err.find("line 3 is never closed") != std::string::npos, unclosed.err);
    BOOST_TEST(sandbox.run_count() == runs + 1);

    // Every row failing with one class keeps its code: 422s give 7.
    auto all_422 =
        cli({"batch", "launch", "--template", onboarding, "-"}, "name,Region\na,EMEA\nb,APAC\n");
    BOOST_TEST(all_422.exit_code == 7, all_422.err);
}

namespace {

// `count` rows of distinct names for "Client Onboarding".
std::string onboarding_rows(const std::string& prefix, int count) {
    std::string csv = "name,Client name,Priority\n";
    for (int i = 1; i <= count; ++i)
        csv += prefix + " " + std::to_string(i) + ",Client " + std::to_string(i) + ",High\n";
    return csv;
}

// Each name of `csv` launched exactly once (and nothing else of that prefix).
void each_row_launched_once(sbx::server& sandbox, const std::string& prefix, int count) {
    auto by_name = runs_by_name(sandbox);
    std::size_t of_prefix = 0;
    for (const auto& [name, n] : by_name)
        of_prefix += name.rfind(prefix + " ", 0) == 0 ? n : 0;
    BOOST_TEST(of_prefix == static_cast<std::size_t>(count));
    for (int i = 1; i <= count; ++i)
        BOOST_TEST(by_name[prefix + " " + std::to_string(i)] == 1u, "row " << i);
}

} // namespace

BOOST_AUTO_TEST_CASE(launch_journal_keys_rows_by_content_not_position) {
    // A row deleted above others between two runs of a journal must not make the rows below it
    // new rows (they would be launched twice).
    const std::string onboarding = checklist("Client Onboarding");
    const auto journal = temp_file("launch-journal-shifted");
    std::filesystem::remove(journal);
    const std::string csv = onboarding_rows("Shifted", 4);
    auto first =
        cli({"batch", "launch", "--template", onboarding, "--journal", journal.string(), "-"}, csv);
    BOOST_TEST(first.exit_code == 0, first.err);
    const auto runs = sandbox.run_count();
    std::string without_first = csv;
    const auto row1 = without_first.find("Shifted 1,");
    without_first.erase(row1, without_first.find('\n', row1) + 1 - row1);
    auto again =
        cli({"batch", "launch", "--template", onboarding, "--journal", journal.string(), "-"},
            without_first);
    BOOST_TEST(again.exit_code == 0, again.err);
    BOOST_TEST(sandbox.run_count() == runs);
    for (const auto& [row, result] : results_by_row(again, 3))
        BOOST_TEST(str(result, "journal") == "done earlier", "row " << row);
    each_row_launched_once(sandbox, "Shifted", 4);
    std::filesystem::remove(journal);
}

BOOST_AUTO_TEST_CASE(launch_ctrl_c_finishes_in_flight_then_resumes_exactly_once) {
    const std::string onboarding = checklist("Client Onboarding");
    const std::string csv = onboarding_rows("sigint", 8);
    // Each launch takes 150 ms: two at a time, eight take 600 ms; interrupted after the first.
    sandbox.faults().add(
        "POST", "*/runs",
        {.kind = sbx::fault_kind::latency, .delay = std::chrono::milliseconds(150)}, 1000);
    const auto before = sandbox.run_count();
    const auto journal = temp_file("launch-journal-int");
    std::filesystem::remove(journal);
    auto args = connection();
    for (const char* a : {"--concurrency", "2", "batch", "launch", "--template"})
        args.push_back(a);
    args.insert(args.end(), {onboarding, "--journal", journal.string(), "-"});
    auto r = tallyfy::test::run_cli(
        TALLYFY_CLI_PATH, args, csv, {}, [](pid_t pid, const std::filesystem::path& out) {
            for (int i = 0; i < 1000 && tallyfy::test::slurp(out).empty(); ++i)
                std::this_thread::sleep_for(std::chrono::milliseconds(5));
            ::kill(pid, SIGINT);
        });
    BOOST_TEST(r.exit_code == 130, r.err);
    BOOST_TEST(r.err.find("interrupted") != std::string::npos, r.err);
    BOOST_TEST(r.err.find("tallyfy: batch: 8 rows") != std::string::npos, r.err);
    std::size_t launched = 0, cancelled = 0;
    for (const auto& [row, result] : results_by_row(r, 8)) {
        if (result.at("ok").as_bool())
            ++launched;
        else if (str(result, "error") == "not_attempted")
            ++cancelled;
    }
    BOOST_TEST(launched >= 1u);
    BOOST_TEST(cancelled >= 1u);
    BOOST_TEST(launched + cancelled == 8u);
    BOOST_TEST(sandbox.run_count() == before + launched); // those in flight were finished

    auto resumed =
        cli({"batch", "launch", "--template", onboarding, "--journal", journal.string(), "-"}, csv);
    BOOST_TEST(resumed.exit_code == 0, resumed.err);
    std::size_t earlier = 0;
    for (const auto& [row, result] : results_by_row(resumed, 8)) {
        BOOST_TEST(result.at("ok").as_bool(), row);
        earlier += str(result, "journal") == "done earlier" ? 1 : 0;
    }
    BOOST_TEST(earlier == launched);
    each_row_launched_once(sandbox, "sigint", 8);
    std::filesystem::remove(journal);
}

BOOST_AUTO_TEST_CASE(launch_stops_like_ctrl_c_when_its_reader_goes_away) {
    // `tallyfy batch launch ... | head -1`: the reader closes the pipe after one line. The batch
    // must not be killed by SIGPIPE with launches in flight and unjournaled: it stops starting
    // rows, finishes those in flight, and a resume launches each row exactly once.
    const std::string onboarding = checklist("Client Onboarding");
    const std::string csv = onboarding_rows("piped", 8);
    sandbox.faults().add(
        "POST", "*/runs",
        {.kind = sbx::fault_kind::latency, .delay = std::chrono::milliseconds(150)}, 1000);
    const auto journal = temp_file("launch-journal-pipe");
    std::filesystem::remove(journal);
    const auto input = temp_file("launch-pipe-input");
    const auto err = temp_file("launch-pipe-err");
    std::ofstream(input) << csv;
    auto args = connection();
    for (const char* a :
         {"--output", "ndjson", "--concurrency", "2", "batch", "launch", "--template"})
        args.push_back(a);
    args.insert(args.end(), {onboarding, "--journal", journal.string(), "-"});
    const tallyfy::test::exec_image image(
        TALLYFY_CLI_PATH, args, {"XDG_CONFIG_HOME=" + temp_file("launch-pipe-config").string()});
    int fds[2];
    BOOST_TEST_REQUIRE(::pipe(fds) == 0);
    const pid_t pid = ::fork();
    BOOST_TEST_REQUIRE(pid >= 0);
    if (pid == 0) { // async-signal-safe calls only
        ::dup2(::open(input.c_str(), O_RDONLY), 0);
        ::dup2(fds[1], 1);
        ::dup2(::open(err.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600), 2);
        ::close(fds[0]);
        image.exec();
    }
    ::close(fds[1]);
    char c = 0;
    while (::read(fds[0], &c, 1) == 1 && c != '\n') {
    }
    ::close(fds[0]); // as head does after its line
    int status = 0;
    ::waitpid(pid, &status, 0);
    const std::string errors = tallyfy::test::slurp(err);
    BOOST_TEST(WIFEXITED(status),
               "killed by signal " << (WIFSIGNALED(status) ? WTERMSIG(status) : 0));
    BOOST_TEST(WEXITSTATUS(status) == 130, errors);
    BOOST_TEST(errors.find("stdout was closed") != std::string::npos, errors);
    BOOST_TEST(errors.find("tallyfy: batch: 8 rows") != std::string::npos, errors);

    auto resumed =
        cli({"batch", "launch", "--template", onboarding, "--journal", journal.string(), "-"}, csv);
    BOOST_TEST(resumed.exit_code == 0, resumed.err);
    each_row_launched_once(sandbox, "piped", 8);
    for (const auto& f : {journal, input, err})
        std::filesystem::remove(f);
}

BOOST_AUTO_TEST_CASE(a_journal_in_use_by_another_batch_is_refused) {
    const auto journal = temp_file("launch-journal-locked");
    std::filesystem::remove(journal);
    const int fd = ::open(journal.c_str(), O_WRONLY | O_CREAT, 0600);
    BOOST_TEST_REQUIRE(fd >= 0);
    BOOST_TEST_REQUIRE(::flock(fd, LOCK_EX) == 0);
    const auto runs = sandbox.run_count();
    auto r = cli({"batch", "launch", "--template", checklist("Client Onboarding"), "--journal",
                  journal.string(), "-"},
                 onboarding_rows("locked", 2));
    ::close(fd);
    BOOST_TEST(r.exit_code == 2, r.err);
    BOOST_TEST(r.err.find("another batch is using it") != std::string::npos, r.err);
    BOOST_TEST(sandbox.run_count() == runs);
    struct stat st {};
    std::filesystem::remove(journal);
    auto fresh = cli({"batch", "launch", "--template", checklist("Client Onboarding"), "--journal",
                      journal.string(), "-"},
                     onboarding_rows("locked", 2));
    BOOST_TEST(fresh.exit_code == 0, fresh.err);
    BOOST_TEST_REQUIRE(::stat(journal.c_str(), &st) == 0);
    BOOST_TEST((st.st_mode & 0777) == 0600u);
    std::filesystem::remove(journal);
}

BOOST_AUTO_TEST_CASE(launch_killed_mid_flight_is_reconciled_from_its_journal) {
    // Killed outright (no summary, no "done" records) while launches are in flight: the server
    // still makes those runs. The next run finds them by name instead of launching them again.
    const std::string onboarding = checklist("Client Onboarding");
    launch("Client Onboarding"); // an earlier run of the template: the mark
    const std::string csv = onboarding_rows("killed", 6);
    const auto before = sandbox.run_count();
    // The first two launches are answered at once; the next ones are held 500 ms by the server,
    // which then makes their runs whatever became of the client.
    sbx::fault_rule held{.method = "POST", .path = "*/runs", .skip = 2};
    held.choices.push_back(
        {.kind = sbx::fault_kind::latency, .delay = std::chrono::milliseconds(500)});
    sandbox.faults().add(std::move(held));
    const auto journal = temp_file("launch-journal-kill");
    std::filesystem::remove(journal);
    auto args = connection();
    for (const char* a : {"--concurrency", "2", "batch", "launch", "--template"})
        args.push_back(a);
    args.insert(args.end(), {onboarding, "--journal", journal.string(), "-"});
    auto r = tallyfy::test::run_cli(
        TALLYFY_CLI_PATH, args, csv, {}, [this](pid_t pid, const std::filesystem::path& out) {
            auto lines = [&out] {
                const auto text = tallyfy::test::slurp(out);
                return std::count(text.begin(), text.end(), '\n');
            };
            for (int i = 0; i < 1000 && lines() < 2; ++i)
                std::this_thread::sleep_for(std::chrono::milliseconds(5));
            // Killed once the next two launches are held by the server.
            for (int i = 0; i < 1000 && sandbox.faults().injected(sbx::fault_kind::latency) < 2;
                 ++i)
                std::this_thread::sleep_for(std::chrono::milliseconds(2));
            ::kill(pid, SIGKILL);
        });
    BOOST_TEST(r.exit_code == 128 + SIGKILL);
    BOOST_TEST(r.lines().size() == 2u);
    for (int i = 0; i < 300 && sandbox.run_count() < before + 4; ++i)
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    BOOST_TEST_REQUIRE(sandbox.run_count() == before + 4); // the two held launches were made
    sandbox.faults().clear();

    auto resumed =
        cli({"batch", "launch", "--template", onboarding, "--journal", journal.string(), "-"}, csv);
    BOOST_TEST(resumed.exit_code == 0, resumed.err);
    std::size_t found = 0;
    for (const auto& [row, result] : results_by_row(resumed, 6)) {
        BOOST_TEST(result.at("ok").as_bool(), row);
        found += str(result, "journal") == "launched by the interrupted run" ? 1 : 0;
    }
    BOOST_TEST(found == 2u); // the two held launches, found by name, not launched again
    each_row_launched_once(sandbox, "killed", 6);

    // Once more: everything is done, no launch is sent.
    auto again =
        cli({"batch", "launch", "--template", onboarding, "--journal", journal.string(), "-"}, csv);
    BOOST_TEST(again.exit_code == 0, again.err);
    for (const auto& [row, result] : results_by_row(again, 6))
        BOOST_TEST(str(result, "journal") == "done earlier", row);
    each_row_launched_once(sandbox, "killed", 6);
    std::filesystem::remove(journal);
}

BOOST_AUTO_TEST_CASE(launch_looks_up_a_row_in_doubt_and_never_guesses) {
    // Three rows fail (the required field left empty), so the journal holds them started and not
    // done: a re-run must look for their runs first. Then runs of two of those names appear, as
    // if their launches had happened: one run of "single", two of "dup".
    const std::string onboarding = checklist("Client Onboarding");
    const std::string csv = "name,Client name\ndup,\nsingle,\nfresh,\n";
    const auto journal = temp_file("launch-journal-doubt");
    std::filesystem::remove(journal);
    auto args = std::vector<std::string>{"batch",     "launch",         "--template", onboarding,
                                         "--journal", journal.string(), "-"};
    auto first = cli(args, csv);
    BOOST_TEST(first.exit_code == 7, first.err);
    std::map<std::string, std::string> made;
    for (const char* name : {"dup", "single", "dup"}) {
        auto r = cli({"run", "launch", "--template", onboarding, "--name", name, "--field",
                      "Client name=Acme"});
        BOOST_TEST_REQUIRE(r.exit_code == 0, r.err);
        made[name] = str(parse_object(r.out), "id");
    }
    const auto runs = sandbox.run_count();

    auto again = cli(args, csv);
    BOOST_TEST(again.exit_code == 9, again.err);
    auto by_row = results_by_row(again, 3);
    BOOST_TEST(str(by_row[1], "error") == "outcome_unknown"); // two candidates: not launched
    BOOST_TEST(str(by_row[1], "message").find("could each be") != std::string::npos);
    BOOST_TEST(by_row[2].at("ok").as_bool());
    BOOST_TEST(str(by_row[2], "run_id") == made["single"]);
    BOOST_TEST(str(by_row[2], "journal") == "launched by the interrupted run");
    BOOST_TEST(str(by_row[3], "error") == "validation_failed"); // none found: sent again
    BOOST_TEST(sandbox.run_count() == runs);

    // The run found is the row's now: never claimed by another row, never looked up again.
    auto third = cli(args, csv);
    auto by_row_third = results_by_row(third, 3);
    BOOST_TEST(str(by_row_third[2], "journal") == "done earlier");
    BOOST_TEST(str(by_row_third[1], "error") == "outcome_unknown");
    BOOST_TEST(sandbox.run_count() == runs);
    std::filesystem::remove(journal);
}

BOOST_AUTO_TEST_SUITE_END()
