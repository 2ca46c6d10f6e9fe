// SPDX-License-Identifier: BSL-1.0
// tallyfy-canned-responder [--port N] [--cpu N] [--pages N] [--per-page N] [--ca-out FILE]
// Prints one JSON line (base_url, org_id, run_id, token, ca_file, pages) and serves until
// SIGINT/SIGTERM. Any bearer token is accepted; `token` is only a suggestion.
// With --write-site DIR [--site-url URL] it writes its bodies and certificates for another server
// to serve (bench/nginx), prints the ids (org_id, run_id, task_id, pages) and exits.
#include "canned_responder.hpp"
#include "sandbox_front.hpp"

#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>

#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <pthread.h>
#include <string>
#include <unistd.h>

int main(int argc, char** argv) {
    tallyfy::bench::responder_options options;
    std::string ca_out;
    std::string site;     // --write-site DIR: write the bodies and certificates, print, exit
    std::string site_url; // the base URL the written pages' links name
    for (int i = 1; i < argc; ++i) {
        std::string a = argv[i];
        auto next = [&]() -> std::string {
            if (i + 1 >= argc) {
                std::fprintf(stderr, "%s needs a value\n", a.c_str());
                std::exit(2);
            }
            return argv[++i];
        };
        if (a == "--port")
            options.port = static_cast<unsigned short>(std::stoul(next()));
        else if (a == "--cpu")
            options.cpu = std::stoi(next());
        else if (a == "--pages")
            options.total_pages = std::stoul(next());
        else if (a == "--per-page")
            options.per_page = std::stoul(next());
        else if (a == "--ca-out")
            ca_out = next();
        else if (a == "--write-site")
            site = next();
        else if (a == "--site-url")
            site_url = next();
        else {
            std::fprintf(stderr,
                         "usage: tallyfy-canned-responder [--port N] [--cpu N] [--pages N] "
                         "[--per-page N] [--ca-out FILE] [--write-site DIR --site-url URL]\n");
            return a == "--help" || a == "-h" ? 0 : 2;
        }
    }
    const auto stop = tallyfy::tools::block_stop_signals(); // before the responder's thread

    tallyfy::bench::canned_responder responder(options);
    if (!site.empty()) {
        // For bench/nginx: another server answers with these bodies under these certificates.
        responder.write_site(site, site_url.empty() ? responder.base_url() : site_url);
        boost::json::object ids{{"org_id", responder.org_id()},
                                {"run_id", responder.run_id()},
                                {"task_id", responder.task_id()},
                                {"pages", responder.total_pages()}};
        std::printf("%s\n", boost::json::serialize(ids).c_str());
        return 0;
    }
    const bool temporary_ca = ca_out.empty();
    if (temporary_ca)
        ca_out = tallyfy::tools::default_ca_file("tallyfy-canned-responder");
    {
        std::ofstream f(ca_out, std::ios::binary | std::ios::trunc);
        f << responder.ca_pem();
        if (!f) {
            std::fprintf(stderr, "cannot write %s\n", ca_out.c_str());
            return 1;
        }
    }
    boost::json::object hello{{"base_url", responder.base_url()}, {"org_id", responder.org_id()},
                              {"run_id", responder.run_id()},     {"task_id", responder.task_id()},
                              {"token", "bench-token"},           {"ca_file", ca_out},
                              {"pages", responder.total_pages()}};
    std::printf("%s\n", boost::json::serialize(hello).c_str());
    std::fflush(stdout);
    tallyfy::tools::wait_for_stop(stop);
    if (temporary_ca)
        std::remove(ca_out.c_str());
    return 0;
}
