// SPDX-License-Identifier: BSL-1.0
// Runs the `tallyfy` executable as a child process: arguments, stdin text and an explicit
// environment in; exit code, stdout and stderr out.
#pragma once

#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

namespace tallyfy::test {

struct cli_result {
    int exit_code = -1;
    std::string out;
    std::string err;

    std::vector<std::string> lines() const {
        std::vector<std::string> v;
        std::istringstream in(out);
        for (std::string l; std::getline(in, l);)
            v.push_back(l);
        return v;
    }
};

inline std::string slurp(const std::filesystem::path& p) {
    std::ifstream in(p);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

/// `env` replaces the environment entirely (only PATH and HOME are kept from the parent), so that
/// TALLYFY_* variables of the machine running the tests cannot leak in; unless `env` sets
/// XDG_CONFIG_HOME, it is an empty directory of this run, so that no credentials file of the
/// machine's user is read either. `during`, when given, is
/// called with the child's pid and the path of its stdout while it runs (to signal it).
inline cli_result
run_cli(const std::string& binary, const std::vector<std::string>& args,
        const std::string& stdin_text = "", const std::vector<std::string>& env = {},
        const std::function<void(pid_t, const std::filesystem::path&)>& during = {}) {
    static int counter = 0;
    auto dir = std::filesystem::temp_directory_path() /
               ("tallyfy-cli-test-" + std::to_string(::getpid()) + "-" + std::to_string(++counter));
    std::filesystem::create_directories(dir);
    std::ofstream(dir / "in") << stdin_text;
    auto in = (dir / "in").string(), out = (dir / "out").string(), err = (dir / "err").string();

    std::vector<std::string> envs = env;
    if (std::none_of(env.begin(), env.end(),
                     [](const std::string& e) { return e.rfind("XDG_CONFIG_HOME=", 0) == 0; }))
        envs.push_back("XDG_CONFIG_HOME=" + (dir / "config").string());
    for (const char* keep : {"PATH", "HOME"})
        if (const char* v = std::getenv(keep))
            envs.push_back(std::string(keep) + "=" + v);
    std::vector<char*> argv{const_cast<char*>(binary.c_str())};
    for (const auto& a : args)
        argv.push_back(const_cast<char*>(a.c_str()));
    argv.push_back(nullptr);
    std::vector<char*> envp;
    for (const auto& e : envs)
        envp.push_back(const_cast<char*>(e.c_str()));
    envp.push_back(nullptr);

    pid_t pid = ::fork();
    if (pid < 0)
        throw std::runtime_error("fork failed");
    if (pid == 0) { // only async-signal-safe calls from here on
        int fin = ::open(in.c_str(), O_RDONLY);
        int fout = ::open(out.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
        int ferr = ::open(err.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
        ::dup2(fin, 0);
        ::dup2(fout, 1);
        ::dup2(ferr, 2);
        ::execve(argv[0], argv.data(), envp.data());
        ::_exit(127);
    }
    if (during)
        during(pid, out);
    int status = 0;
    ::waitpid(pid, &status, 0);
    cli_result r;
    r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    r.out = slurp(out);
    r.err = slurp(err);
    std::filesystem::remove_all(dir);
    return r;
}

} // namespace tallyfy::test
