// SPDX-License-Identifier: BSL-1.0
#include "confirm.hpp"

#include "output.hpp"

#include <tallyfy/api_error.hpp>

#include <unistd.h>

#include <cstdio>
#include <iostream>
#include <string>

namespace tallyfy_cli {

bool confirmed(const parsed_args& args, std::string_view command, std::string_view what) {
    if (args.has("yes"))
        return true;
    if (::isatty(STDIN_FILENO) == 0)
        throw usage_error(std::string(command) +
                          " deletes for good: pass --yes (stdin is not a terminal)");
    std::fprintf(stderr, "Delete %s for good? Type 'yes': ", std::string(what).c_str());
    std::string answer;
    std::getline(std::cin, answer);
    if (answer == "yes")
        return true;
    print_diagnostic("not deleted");
    return false;
}

} // namespace tallyfy_cli
