// SPDX-License-Identifier: BSL-1.0
#include "output.hpp"

#include <boost/json/serialize.hpp>

#include <cstdio>
#include <string>

namespace tallyfy_cli {

namespace {

void print_line(std::string line) {
    line += '\n';
    std::fwrite(line.data(), 1, line.size(), stdout);
    std::fflush(stdout);
}

} // namespace

void print_json_line(const boost::json::value& value) {
    print_line(boost::json::serialize(value));
}

void print_json_line(const boost::json::object& object) {
    print_line(boost::json::serialize(object));
}

void print_diagnostic(std::string_view message) {
    std::fprintf(stderr, "tallyfy: %.*s\n", static_cast<int>(message.size()), message.data());
    std::fflush(stderr);
}

void print_error(const tallyfy::api_error& error) {
    print_diagnostic(tallyfy::api_error::describe(error.details()));
}

} // namespace tallyfy_cli
