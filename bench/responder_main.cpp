// SPDX-License-Identifier: BSL-1.0
// tallyfy-canned-responder [--port N] [--cpu N] [--pages N] [--per-page N] [--ca-out FILE]
// Prints one JSON line (base_url, org_id, run_id, token, ca_file, pages) and serves until
// SIGINT/SIGTERM. Any bearer token is accepted; `token` is only a suggestion.
// With --write-site DIR [--site-url URL] it writes its bodies and certificates for another server
// to serve (bench/nginx), prints the ids (org_id, run_id, task_id, pages) and exits.
// --port and --ca-out are the sandbox's options (tools/common/sandbox_options.hpp).
#include "canned_responder.hpp"
#include "sandbox_front.hpp"
#include "sandbox_options.hpp"

#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>

#include <cstdio>
#include <fstream>
#include <stdexcept>
#include <string>

int main(int argc, char** argv) {
    namespace tools = tallyfy::tools;
    tallyfy::bench::responder_options options;
    tools::sandbox_settings shared;
    std::string site;     // --write-site DIR: write the bodies and certificates, print, exit
    std::string site_url; // the base URL the written pages' links name
    auto accepted = tools::sandbox_options({"port", "ca-out"});
    const std::vector<tools::front_option> own = {
        {"cpu", "N", "pin the responder thread to CPU N"},
        {"pages", "N", "pages of the task list (default 1000)"},
        {"per-page", "N", "tasks per page (default 100)"},
        {"write-site", "DIR", "write the bodies and certificates to DIR, print the ids, exit"},
        {"site-url", "URL", "the base URL the written pages' links name"},
    };
    accepted.insert(accepted.end(), own.begin(), own.end());
    const auto usage = "usage: tallyfy-canned-responder [options]\n" + tools::usage_lines(accepted);
    try {
        const bool help = tools::parse_command_line(
            argc, argv, accepted, [&](const tools::front_option& o, std::string_view v) {
                if (o.name == "cpu")
                    options.cpu = tools::option_number<int>(o.name, v);
                else if (o.name == "pages")
                    options.total_pages = tools::option_number<std::size_t>(o.name, v);
                else if (o.name == "per-page")
                    options.per_page = tools::option_number<std::size_t>(o.name, v);
                else if (o.name == "write-site")
                    site = v;
                else if (o.name == "site-url")
                    site_url = v;
                else
                    tools::apply_sandbox_option(shared, o.name, v);
            });
        if (help) {
            std::printf("%s", usage.c_str());
            return 0;
        }
    } catch (const std::exception& e) {
        std::fprintf(stderr, "tallyfy-canned-responder: %s\n%s", e.what(), usage.c_str());
        return 2;
    }
    options.port = shared.server.port;
    std::string ca_out = shared.ca_out;
    const auto stop = tools::block_stop_signals(); // before the responder's thread

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
        ca_out = tools::default_ca_file("tallyfy-canned-responder");
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
    tools::wait_for_stop(stop);
    if (temporary_ca)
        std::remove(ca_out.c_str());
    return 0;
}
