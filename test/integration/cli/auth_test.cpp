// SPDX-License-Identifier: BSL-1.0
// auth login | status | logout through the real binary against a sandbox, each test with its own
// XDG_CONFIG_HOME: a piped token verified and stored 0600, a refused one storing nothing, the
// precedence flag > environment > profile, logout of one profile, a malformed or too open
// credentials file, and no credential at all (exit 3, never a sandbox).
#include "cli_process.hpp"

#include <tallyfy/sandbox/server.hpp>

#include <boost/json.hpp>
#include <boost/test/unit_test.hpp>

#include <fcntl.h>
#include <poll.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <termios.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

namespace fs = std::filesystem;
namespace json = boost::json;
using tallyfy::test::cli_result;
using tallyfy::test::run_cli;

namespace {

bool has(const std::string& text, const std::string& part) {
    return text.find(part) != std::string::npos;
}

unsigned mode_of(const fs::path& p) {
    struct stat st {};
    BOOST_TEST_REQUIRE(::stat(p.c_str(), &st) == 0, p);
    return static_cast<unsigned>(st.st_mode & 07777);
}

json::object object_of(const std::string& text) {
    boost::system::error_code ec;
    json::value v = json::parse(text, ec);
    BOOST_TEST_REQUIRE((!ec && v.is_object()), "not a JSON object: " << text);
    return v.as_object();
}

std::string field(const json::object& o, std::string_view key) {
    auto* v = o.if_contains(key);
    return v && v->is_string() ? std::string(v->as_string()) : std::string();
}

struct auth_fixture {
    tallyfy::sandbox::server sandbox;
    fs::path dir;    // this test's files
    fs::path config; // its XDG_CONFIG_HOME
    fs::path file;   // the credentials file in it
    std::string ca_file;

    auth_fixture() {
        static int counter = 0;
        dir = fs::temp_directory_path() /
              ("tallyfy-auth-test-" + std::to_string(::getpid()) + "-" + std::to_string(++counter));
        fs::create_directories(dir);
        config = dir / "config";
        file = config / "tallyfy" / "credentials";
        ca_file = (dir / "ca.pem").string();
        std::ofstream(ca_file) << sandbox.ca_pem();
    }
    ~auth_fixture() { fs::remove_all(dir); }

    /// The tool with this test's XDG_CONFIG_HOME and CA file, plus `env`; never the token in
    /// what it prints.
    cli_result cli(const std::vector<std::string>& args, const std::string& input = "",
                   std::vector<std::string> env = {}) const {
        env.push_back("XDG_CONFIG_HOME=" + config.string());
        env.push_back("TALLYFY_CA_FILE=" + ca_file);
        auto r = run_cli(TALLYFY_CLI_PATH, args, input, env);
        BOOST_TEST(!has(r.out, sandbox.token()), r.out);
        BOOST_TEST(!has(r.err, sandbox.token()), r.err);
        return r;
    }

    cli_result login(const std::string& profile, const std::string& token) const {
        return cli({"auth", "login", "--profile", profile, "--base-url", sandbox.base_url(),
                    "--org", sandbox.org_id()},
                   token + "\n");
    }

    /// A credentials file written by hand (mode 0600 unless told).
    void write_file(const std::string& text,
                    fs::perms mode = fs::perms::owner_read | fs::perms::owner_write) const {
        fs::create_directories(file.parent_path());
        std::ofstream(file) << text;
        fs::permissions(file, mode);
    }

    std::string profile_text(const std::string& name, const std::string& token,
                             const std::string& org = "") const {
        return "[" + name + "]\ntoken = " + token + "\nbase_url = " + sandbox.base_url() +
               "\norg = " + (org.empty() ? sandbox.org_id() : org) + "\n";
    }
};

// What `fd` gives within `wait` (less when it closes or fails first), until `until` shows in it.
std::string read_until(int fd, const std::string& until, std::chrono::milliseconds wait) {
    std::string got;
    const auto deadline = std::chrono::steady_clock::now() + wait;
    while (!has(got, until)) {
        auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
            deadline - std::chrono::steady_clock::now());
        if (left.count() <= 0)
            break;
        pollfd p{fd, POLLIN, 0};
        if (::poll(&p, 1, static_cast<int>(left.count())) <= 0)
            break;
        char buffer[512];
        auto n = ::read(fd, buffer, sizeof buffer);
        if (n <= 0)
            break; // EIO once the child has closed the terminal
        got.append(buffer, static_cast<std::size_t>(n));
    }
    return got;
}

} // namespace

BOOST_FIXTURE_TEST_SUITE(auth, auth_fixture)

// At a terminal (a pseudo-terminal here): the prompt on it, the token typed never echoed back,
// the echo restored afterwards.
BOOST_AUTO_TEST_CASE(at_a_terminal_the_token_is_typed_without_echo) {
    int master = ::posix_openpt(O_RDWR | O_NOCTTY | O_CLOEXEC);
    BOOST_TEST_REQUIRE(master >= 0);
    BOOST_TEST_REQUIRE(::grantpt(master) == 0);
    BOOST_TEST_REQUIRE(::unlockpt(master) == 0);
    const std::string terminal = ::ptsname(master);
    int keep =
        ::open(terminal.c_str(), O_RDWR | O_NOCTTY | O_CLOEXEC); // to read its modes afterwards
    BOOST_TEST_REQUIRE(keep >= 0);

    std::vector<std::string> env{"XDG_CONFIG_HOME=" + config.string(), "TALLYFY_CA_FILE=" + ca_file,
                                 "HOME=" + dir.string(), "PATH=/usr/bin:/bin"};
    std::vector<std::string> args{TALLYFY_CLI_PATH,   "auth",  "login",         "--base-url",
                                  sandbox.base_url(), "--org", sandbox.org_id()};
    std::vector<char*> argv, envp;
    for (auto& a : args)
        argv.push_back(a.data());
    argv.push_back(nullptr);
    for (auto& e : env)
        envp.push_back(e.data());
    envp.push_back(nullptr);
    const std::string out_file = (dir / "out").string();

    pid_t pid = ::fork();
    BOOST_TEST_REQUIRE(pid >= 0);
    if (pid == 0) { // only async-signal-safe calls from here on
        ::setsid();
        int tty = ::open(terminal.c_str(), O_RDWR); // becomes the controlling terminal
        int out = ::open(out_file.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
        if (tty < 0 || out < 0)
            ::_exit(126);
        ::dup2(tty, 0);
        ::dup2(out, 1);
        ::dup2(tty, 2);
        ::execve(argv[0], argv.data(), envp.data());
        ::_exit(127);
    }
    const auto prompt = read_until(master, "(not shown): ", std::chrono::seconds(30));
    BOOST_TEST(has(prompt, "Tallyfy API token"), prompt);
    const std::string typed = sandbox.token() + "\n";
    BOOST_TEST_REQUIRE(::write(master, typed.data(), typed.size()) ==
                       static_cast<ssize_t>(typed.size()));
    const auto rest = read_until(master, "stored in", std::chrono::seconds(30));
    int status = 0;
    ::waitpid(pid, &status, 0);
    BOOST_TEST(WIFEXITED(status));
    BOOST_TEST(WEXITSTATUS(status) == 0, prompt + rest);
    BOOST_TEST(!has(prompt + rest, sandbox.token())); // never echoed
    BOOST_TEST(has(rest, "logged in as"), rest);
    termios modes{};
    BOOST_TEST_REQUIRE(::tcgetattr(keep, &modes) == 0);
    BOOST_TEST((modes.c_lflag & ECHO) != 0u); // restored
    BOOST_TEST(has(tallyfy::test::slurp(file), "token = " + sandbox.token()));
    ::close(keep);
    ::close(master);
}

BOOST_AUTO_TEST_CASE(login_with_a_piped_token_verifies_and_stores_it_0600) {
    auto r = login("ci", sandbox.token());
    BOOST_TEST_REQUIRE(r.exit_code == 0, r.err);
    BOOST_TEST(r.out.empty(), r.out);
    BOOST_TEST(has(r.err, "logged in as"), r.err);
    BOOST_TEST(has(r.err, "profile 'ci'"), r.err);
    BOOST_TEST(mode_of(file) == 0600u);
    BOOST_TEST(mode_of(file.parent_path()) == 0700u);
    const auto text = tallyfy::test::slurp(file);
    BOOST_TEST(has(text, "[ci]\ntoken = " + sandbox.token() + "\n"), text);
    BOOST_TEST(has(text, "base_url = " + sandbox.base_url()), text);
    BOOST_TEST(has(text, "org = " + sandbox.org_id()), text);
    // No temporary file left beside it (only the lock file).
    for (const auto& entry : fs::directory_iterator(file.parent_path()))
        BOOST_TEST((entry.path() == file || entry.path().filename() == ".credentials.lock"),
                   entry.path());

    // A command with nothing but the profile: its token, base URL and organisation.
    auto runs = cli({"--profile", "ci", "runs", "list"});
    BOOST_TEST(runs.exit_code == 0, runs.err);
    auto by_env = cli({"runs", "list"}, "", {"TALLYFY_PROFILE=ci"});
    BOOST_TEST(by_env.exit_code == 0, by_env.err);

    // status: where each comes from, the user, never the token.
    auto status = cli({"auth", "status", "--profile", "ci"});
    BOOST_TEST_REQUIRE(status.exit_code == 0, status.err);
    auto o = object_of(status.out);
    BOOST_TEST(field(o, "profile") == "ci");
    BOOST_TEST(field(o, "token_source") == "profile");
    BOOST_TEST(field(o, "base_url_source") == "profile");
    BOOST_TEST(field(o, "org_source") == "profile");
    BOOST_TEST(field(o, "org") == sandbox.org_id());
    BOOST_TEST(!field(o, "org_name").empty());
    BOOST_TEST(field(o, "credentials_file") == file.string());
    BOOST_TEST(!field(o.at("user").as_object(), "email").empty());
    const auto shown = field(o, "token");
    BOOST_TEST((shown == "[redacted]" ||
                (shown.size() == 7 && sandbox.token().ends_with(shown.substr(3)))),
               shown);
}

BOOST_AUTO_TEST_CASE(a_refused_token_stores_nothing) {
    auto r = login("default", "wrong-token-0123456789abcdef");
    BOOST_TEST(r.exit_code == 3, r.err);
    BOOST_TEST(has(r.err, "unauthorized"), r.err);
    BOOST_TEST(!has(r.err, "wrong-token-0123456789abcdef"), r.err);
    BOOST_TEST(!fs::exists(file));

    // Over a stored profile: it is kept as it was.
    BOOST_TEST_REQUIRE(login("default", sandbox.token()).exit_code == 0);
    const auto before = tallyfy::test::slurp(file);
    BOOST_TEST(login("default", "wrong-token-0123456789abcdef").exit_code == 3);
    BOOST_TEST(tallyfy::test::slurp(file) == before);

    // Nothing on stdin, or a token with a blank inside: exit 2, nothing sent.
    BOOST_TEST(login("other", "").exit_code == 2);
    BOOST_TEST(login("other", "two words").exit_code == 2);
    // --token is not how login takes it (the process list would show it).
    auto flag = cli({"auth", "login", "--token", "x"}, sandbox.token() + "\n");
    BOOST_TEST(flag.exit_code == 2, flag.err);
    BOOST_TEST(tallyfy::test::slurp(file) == before);
}

BOOST_AUTO_TEST_CASE(flag_wins_over_environment_which_wins_over_profile) {
    const std::string good = sandbox.token();
    const std::string bad_env = "env-token-is-wrong-0123456789";
    write_file(profile_text("default", "profile-token-is-wrong-0123456789"));
    const std::vector<std::string> env_bad{"TALLYFY_ACCESS_TOKEN=" + bad_env};

    // The flag's token (the only valid one) over the environment's and the profile's.
    auto flag = cli({"auth", "status", "--token", good}, "", env_bad);
    BOOST_TEST_REQUIRE(flag.exit_code == 0, flag.err);
    BOOST_TEST(field(object_of(flag.out), "token_source") == "--token");
    BOOST_TEST(field(object_of(flag.out), "base_url_source") == "profile");

    // The environment's (valid) over the profile's.
    auto env = cli({"auth", "status"}, "", {"TALLYFY_ACCESS_TOKEN=" + good});
    BOOST_TEST_REQUIRE(env.exit_code == 0, env.err);
    BOOST_TEST(field(object_of(env.out), "token_source") == "TALLYFY_ACCESS_TOKEN");
    auto official = cli({"runs", "list"}, "", {"TALLYFY_API_TOKEN=" + good});
    BOOST_TEST(official.exit_code == 0, official.err);

    // With the profile's token valid, the environment's invalid one still wins: refused.
    write_file(profile_text("default", good));
    auto refused = cli({"auth", "status"}, "", env_bad);
    BOOST_TEST(refused.exit_code == 3, refused.err);
    BOOST_TEST(has(refused.err, "TALLYFY_ACCESS_TOKEN was refused"), refused.err);
    BOOST_TEST(!has(refused.err, bad_env), refused.err);
    BOOST_TEST(cli({"runs", "list"}, "", env_bad).exit_code == 3);
    BOOST_TEST(cli({"runs", "list"}).exit_code == 0);

    // The organisation: flag over environment over profile.
    write_file(profile_text("default", good, "org-of-the-profile"));
    auto org_env = cli({"auth", "status"}, "", {"TALLYFY_ORG_ID=" + sandbox.org_id()});
    BOOST_TEST_REQUIRE(org_env.exit_code == 0, org_env.err);
    BOOST_TEST(field(object_of(org_env.out), "org_source") == "TALLYFY_ORG_ID");
    BOOST_TEST(field(object_of(org_env.out), "org") == sandbox.org_id());
    auto org_flag = cli({"auth", "status", "--org", "org-of-the-flag"}, "",
                        {"TALLYFY_ORG_ID=" + sandbox.org_id()});
    BOOST_TEST(org_flag.exit_code == 0, org_flag.err);
    BOOST_TEST(field(object_of(org_flag.out), "org") == "org-of-the-flag");

    // The base URL: the environment's wins over the profile's, and the profile's token is never
    // sent to another base URL than its own (a flag naming its own puts it back).
    write_file(profile_text("default", good));
    const std::vector<std::string> elsewhere{"TALLYFY_BASE_URL=https://127.0.0.1:1/api"};
    auto other = cli({"runs", "list"}, "", elsewhere);
    BOOST_TEST(other.exit_code == 3, other.err);
    BOOST_TEST(has(other.err, "holds a token for " + sandbox.base_url()), other.err);
    auto back = cli({"--base-url", sandbox.base_url(), "runs", "list"}, "", elsewhere);
    BOOST_TEST(back.exit_code == 0, back.err);
}

BOOST_AUTO_TEST_CASE(logout_removes_only_its_profile) {
    BOOST_TEST_REQUIRE(login("default", sandbox.token()).exit_code == 0);
    BOOST_TEST_REQUIRE(login("ci", sandbox.token()).exit_code == 0);
    auto out = cli({"auth", "logout", "--profile", "ci"});
    BOOST_TEST(out.exit_code == 0, out.err);
    const auto text = tallyfy::test::slurp(file);
    BOOST_TEST(!has(text, "[ci]"), text);
    BOOST_TEST(has(text, "[default]"), text);
    BOOST_TEST(mode_of(file) == 0600u);

    auto gone = cli({"auth", "status", "--profile", "ci"});
    BOOST_TEST(gone.exit_code == 3, gone.err);
    BOOST_TEST(has(gone.err, "auth login --profile ci"), gone.err);
    BOOST_TEST(cli({"auth", "status"}).exit_code == 0);

    auto again = cli({"auth", "logout"}, "", {"TALLYFY_PROFILE=ci"}); // idempotent
    BOOST_TEST(again.exit_code == 0, again.err);
    BOOST_TEST(has(again.err, "nothing to do"), again.err);
    BOOST_TEST(tallyfy::test::slurp(file) == text);

    BOOST_TEST(cli({"auth", "logout"}).exit_code == 0);
    BOOST_TEST(cli({"runs", "list"}).exit_code == 3);
}

BOOST_AUTO_TEST_CASE(no_credential_exits_3_with_a_hint) {
    for (const auto& args : std::vector<std::vector<std::string>>{
             {"runs", "list"}, {"--base-url", sandbox.base_url(), "task", "get", "t1"}}) {
        auto r = cli(args);
        BOOST_TEST(r.exit_code == 3, r.err);
        BOOST_TEST(r.out.empty());
        BOOST_TEST(has(r.err, "auth login"), r.err);
        BOOST_TEST(has(r.err, "--sandbox"), r.err);
        BOOST_TEST(!has(r.err, "using an embedded sandbox"), r.err);
    }
    auto status = cli({"auth", "status"});
    BOOST_TEST(status.exit_code == 3, status.err);
    BOOST_TEST(has(status.err, "no profile 'default' in " + file.string()), status.err);
}

BOOST_AUTO_TEST_CASE(a_malformed_file_names_its_line_and_unknown_keys_are_kept) {
    const std::string secret = "secret-on-a-bad-line-0123456789";
    write_file("# comment\n[default]\ntoken " + secret + "\n");
    auto bad = cli({"runs", "list"});
    BOOST_TEST(bad.exit_code == 2, bad.err);
    BOOST_TEST(has(bad.err, file.string() + ":3:"), bad.err);
    BOOST_TEST(!has(bad.err, secret), bad.err); // the line's text is never shown
    BOOST_TEST(cli({"auth", "login"}, sandbox.token() + "\n").exit_code == 2);
    write_file("[default]\norg = 1\n[default]\n");
    auto twice = cli({"auth", "status"});
    BOOST_TEST(twice.exit_code == 2, twice.err);
    BOOST_TEST(has(twice.err, ":3: profile 'default' again (first at line 1)"), twice.err);

    // Unknown keys: ignored when read, kept when the file is rewritten.
    write_file(profile_text("default", sandbox.token()) + "colour = blue\n");
    BOOST_TEST(cli({"runs", "list"}).exit_code == 0);
    BOOST_TEST_REQUIRE(login("ci", sandbox.token()).exit_code == 0);
    BOOST_TEST(has(tallyfy::test::slurp(file), "colour = blue"));
}

BOOST_AUTO_TEST_CASE(a_file_others_can_read_is_used_with_a_warning) {
    write_file(profile_text("default", sandbox.token()),
               fs::perms::owner_read | fs::perms::owner_write | fs::perms::group_read |
                   fs::perms::others_read);
    auto r = cli({"runs", "list"});
    BOOST_TEST(r.exit_code == 0, r.err);
    BOOST_TEST(has(r.err, "has mode 0644"), r.err);
    BOOST_TEST(has(r.err, "chmod 600"), r.err);
    // The next login rewrites it 0600.
    BOOST_TEST_REQUIRE(login("ci", sandbox.token()).exit_code == 0);
    BOOST_TEST(mode_of(file) == 0600u);
    BOOST_TEST(!has(cli({"runs", "list"}).err, "has mode"));
}

// Whether /proc/locks shows process `pid` waiting for a lock ("N: -> FLOCK ... PID ...").
bool waits_for_a_lock(pid_t pid) {
    std::ifstream locks("/proc/locks");
    const std::string owner = " " + std::to_string(pid) + " ";
    for (std::string line; std::getline(locks, line);)
        if (has(line, "->") && has(line, owner))
            return true;
    return false;
}

// An update of the file waits for the lock another update holds (so neither loses the other's
// profile): login verifies, then blocks until the lock is released, then stores.
BOOST_AUTO_TEST_CASE(an_update_waits_for_the_lock_of_another) {
    BOOST_TEST_REQUIRE(login("default", sandbox.token()).exit_code == 0);
    const auto before = tallyfy::test::slurp(file);
    int lock = ::open((file.parent_path() / ".credentials.lock").c_str(), O_RDWR | O_CLOEXEC);
    BOOST_TEST_REQUIRE(lock >= 0);
    BOOST_TEST_REQUIRE(::flock(lock, LOCK_EX) == 0);
    bool waited = false;
    std::string while_held;
    std::vector<std::string> env{"XDG_CONFIG_HOME=" + config.string(),
                                 "TALLYFY_CA_FILE=" + ca_file};
    auto r = run_cli(
        TALLYFY_CLI_PATH,
        {"auth", "login", "--profile", "ci", "--base-url", sandbox.base_url(), "--org",
         sandbox.org_id()},
        sandbox.token() + "\n", env, [&](pid_t pid, const fs::path&) {
            const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
            while (!(waited = waits_for_a_lock(pid)) && std::chrono::steady_clock::now() < deadline)
                ::usleep(2000);
            while_held = tallyfy::test::slurp(file);
            ::close(lock); // releases it
        });
    BOOST_TEST(waited);
    BOOST_TEST(while_held == before); // nothing written while another held the lock
    BOOST_TEST(r.exit_code == 0, r.err);
    const auto after = tallyfy::test::slurp(file);
    BOOST_TEST(has(after, "[default]"));
    BOOST_TEST(has(after, "[ci]"));
}

BOOST_AUTO_TEST_SUITE_END()
