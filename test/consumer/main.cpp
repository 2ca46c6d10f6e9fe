// Built against the installed package only: proves find_package(tallyfy) and linking work.
#include <tallyfy/error.hpp>
#include <tallyfy/sandbox/server.hpp>

#include <cstdio>

int main() {
    tallyfy::sandbox::server sandbox;
    boost::system::error_code ec = tallyfy::error::not_found;
    bool ok = sandbox.base_url().starts_with("https://127.0.0.1:") && !sandbox.ca_pem().empty() &&
              ec.category().name() == std::string_view("tallyfy");
    std::printf("consumer: sandbox at %s, error category %s: %s\n", sandbox.base_url().c_str(),
                ec.category().name(), ok ? "ok" : "FAILED");
    return ok ? 0 : 1;
}
