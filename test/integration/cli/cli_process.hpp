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

/// What execve needs to run `binary` with `args` and the environment `env` plus the parent's PATH
/// and HOME, built before fork (the child may only make async-signal-safe calls then).
class exec_image {
public:
    exec_image(const std::string& binary, const std::vector<std::string>& args,
               std::vector<std::string> env)
        : args_{binary}
        , env_(std::move(env)) {
        args_.insert(args_.end(), args.begin(), args.end());
        for (const char* keep : {"PATH", "HOME"})
            if (const char* v = std::getenv(keep))
                env_.push_back(std::string(keep) + "=" + v);
        for (auto& a : args_) // the strings are complete: their buffers no longer move
            argv_.push_back(a.data());
        argv_.push_back(nullptr);
        for (auto& e : env_)
            envp_.push_back(e.data());
        envp_.push_back(nullptr);
    }
    exec_image(const exec_image&) = delete;
    exec_image& operator=(const exec_image&) = delete;

    /// In the child: replaces it with the tool, or exits 127.
    [[noreturn]] void exec() const {
        ::execve(argv_[0], argv_.data(), envp_.data());
        ::_exit(127);
    }

private:
    std::vector<std::string> args_;
    std::vector<std::string> env_;
    std::vector<char*> argv_;
    std::vector<char*> envp_;
};

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
    const exec_image image(binary, args, std::move(envs));

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
        image.exec();
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
