// SPDX-License-Identifier: BSL-1.0
#include "child_process.hpp"

#include <sys/wait.h>
#include <unistd.h>

#include <stdexcept>

namespace tallyfy::bench {

std::string self_path() {
    char self[4096];
    auto len = readlink("/proc/self/exe", self, sizeof self - 1);
    if (len <= 0)
        throw std::runtime_error("cannot find /proc/self/exe");
    self[len] = 0;
    return self;
}

std::string run_child(const std::vector<std::string>& args, const std::string& what) {
    int out[2];
    if (pipe(out) != 0)
        throw std::runtime_error("pipe failed");
    std::vector<std::string> copy = args;
    std::vector<char*> argv;
    for (auto& a : copy)
        argv.push_back(a.data());
    argv.push_back(nullptr);
    const pid_t pid = fork();
    if (pid < 0)
        throw std::runtime_error("fork failed");
    if (pid == 0) {
        dup2(out[1], 1);
        close(out[0]);
        close(out[1]);
        execv(argv[0], argv.data());
        _exit(127);
    }
    close(out[1]);
    std::string text;
    char buf[4096];
    for (ssize_t k; (k = read(out[0], buf, sizeof buf)) > 0;)
        text.append(buf, static_cast<std::size_t>(k));
    close(out[0]);
    int status = 0;
    waitpid(pid, &status, 0);
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
        throw std::runtime_error(what + " failed: " + text);
    return text;
}

} // namespace tallyfy::bench
