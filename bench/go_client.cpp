// SPDX-License-Identifier: BSL-1.0
#include "go_client.hpp"

#include "child_process.hpp"

#include <boost/json/parse.hpp>

#include <cstdio>
#include <unistd.h>

namespace tallyfy::bench {

std::string go_client_path(const environment& e) {
    static bool noted = false;
    std::string path = e.s.go_client;
    if (path.empty()) {
        const std::string self = self_path();
        path = self.substr(0, self.rfind('/') + 1) + "tallyfy-bench-go";
    }
    if (access(path.c_str(), X_OK) == 0)
        return path;
    if (!noted) {
        noted = true;
        std::fprintf(stderr,
                     "tallyfy-bench: no Go baseline (%s not found: install golang-go and build "
                     "the tallyfy-bench-go target)\n",
                     path.c_str());
    }
    return {};
}

metrics measure_go(const environment& e, const std::string& mode, std::size_t warm, std::size_t n,
                   std::size_t c) {
    std::vector<std::string> args{go_client_path(e),
                                  "-mode",
                                  mode,
                                  "-base-url",
                                  e.base_url,
                                  "-org",
                                  e.org,
                                  "-run",
                                  e.run,
                                  "-task",
                                  e.task,
                                  "-token",
                                  e.s.token,
                                  "-user-agent",
                                  e.raw.user_agent,
                                  "-client-header",
                                  e.raw.client_header,
                                  "-requests",
                                  std::to_string(n),
                                  "-warm",
                                  std::to_string(warm),
                                  "-concurrency",
                                  std::to_string(c),
                                  "-pages",
                                  std::to_string(e.s.pages),
                                  "-per-page",
                                  std::to_string(e.per_page)};
    if (!e.ca_file.empty()) {
        args.push_back("-ca-file");
        args.push_back(e.ca_file);
    }
    return from_json(boost::json::parse(run_child(args, "the Go baseline (" + mode + ")")));
}

} // namespace tallyfy::bench
