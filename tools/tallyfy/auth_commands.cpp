// SPDX-License-Identifier: BSL-1.0
// auth login | status | logout: a token verified with GET /me and stored in a profile of the
// credentials file (profile_store.hpp), where it comes from, and forgetting it.
#include "command.hpp"
#include "exit_codes.hpp"
#include "output.hpp"
#include "profile_store.hpp"
#include "secret_input.hpp"

#include <tallyfy/client.hpp>

#include <boost/json/object.hpp>

#include <cstdlib>
#include <string>

namespace asio = boost::asio;
namespace json = boost::json;

namespace tallyfy_cli {

namespace {

const char* from_environment(const char* name) {
    return std::getenv(name);
}

// The token as status shows it: its last 4 characters when it is long enough that they give
// nothing away (at least 24), else nothing.
std::string redacted(const std::string& token) {
    if (token.size() < 24)
        return "[redacted]";
    return "..." + token.substr(token.size() - 4);
}

// A token goes into an HTTP header and a line of the credentials file.
void check_token(const std::string& token) {
    if (token.size() > 4096)
        throw usage_error("the token is longer than 4096 characters");
    for (unsigned char c : token)
        if (c <= 0x20 || c >= 0x7f)
            throw usage_error("the token holds a blank, control or non-ASCII character");
}

std::string user_name(const tallyfy::user& u) {
    std::string name = u.first_name;
    if (!u.last_name.empty())
        name += (name.empty() ? "" : " ") + u.last_name;
    if (!u.email.empty())
        name += (name.empty() ? "" : " ") + ("<" + u.email + ">");
    return name + " (user " + std::to_string(u.id) + ")";
}

json::object user_object(const tallyfy::user& u) {
    return {
        {"id", u.id}, {"email", u.email}, {"first_name", u.first_name}, {"last_name", u.last_name}};
}

// The environment's token would win over the one stored: say so.
void note_environment_token(const settings& s) {
    if (s.sources.token.rfind("TALLYFY_", 0) == 0)
        print_diagnostic("note: " + s.sources.token +
                         " is set: it takes precedence over the stored profile");
}

struct login_plan {
    std::filesystem::path file;
    std::string profile_name;
    profile stored;
};

asio::awaitable<int> verify_and_store(session& s, login_plan plan) {
    tallyfy::user me;
    try {
        me = co_await s.api().get_me();
    } catch (const tallyfy::api_error&) { // its exit code (401: 3)
        print_diagnostic("the token was not accepted: nothing stored");
        throw;
    }
    if (plan.stored.org.empty()) { // the user's only organisation, when there is exactly one
        tallyfy::paging_options paging;
        paging.max_items = 2;
        paging.prefetch = false;
        auto orgs = s.api().list_my_organizations(paging);
        std::vector<tallyfy::organization> found;
        while (auto o = co_await orgs.next())
            found.push_back(std::move(*o));
        if (found.size() == 1) {
            plan.stored.org = found.front().id;
            print_diagnostic("organisation: " + found.front().name + " (" + found.front().id +
                             "), the user's only one");
        }
    }
    store_profile(plan.file, plan.profile_name, plan.stored);
    print_diagnostic("logged in as " + user_name(me) + " at " + plan.stored.base_url +
                     "; profile '" + plan.profile_name + "' stored in " + plan.file.string());
    co_return exit_ok;
}

int login(const parsed_args& args) {
    if (args.has("token"))
        throw usage_error("auth login reads the token from stdin (typed without echo, or "
                          "piped), never from --token");
    if (args.has("sandbox"))
        throw usage_error("auth login stores a credential for an API; --sandbox needs none");
    settings s = resolve_settings(args, from_environment);
    if (s.credentials_file.empty())
        throw usage_error("nowhere to store a credential: neither XDG_CONFIG_HOME nor HOME is "
                          "set");
    login_plan plan{.file = s.credentials_file, .profile_name = s.profile, .stored = {}};
    std::string token = read_secret_line("Tallyfy API token (not shown): ");
    check_token(token);
    plan.stored.token = token;
    plan.stored.base_url = s.client.base_url;
    plan.stored.org = s.client.org_id;
    note_environment_token(s);
    s.client.access_token = std::move(token);
    s.needs_org = false;
    session verifying(std::move(s));
    return verifying.run([&] { return verify_and_store(verifying, plan); });
}

asio::awaitable<int> show_status(session& s, settings resolved) {
    const std::string origin =
        resolved.sources.token == "profile"
            ? "profile '" + resolved.profile + "' in " + resolved.credentials_file.string()
            : resolved.sources.token;
    tallyfy::user me;
    try {
        me = co_await s.api().get_me();
    } catch (const tallyfy::api_error&) {
        print_diagnostic("the token from " + origin + " was refused:");
        throw;
    }
    json::object out{{"profile", resolved.profile},
                     {"credentials_file", resolved.credentials_file.string()},
                     {"token", redacted(resolved.client.access_token)},
                     {"token_source", resolved.sources.token},
                     {"base_url", resolved.client.base_url},
                     {"base_url_source", resolved.sources.base_url},
                     {"org", resolved.client.org_id},
                     {"org_source", resolved.sources.org},
                     {"user", user_object(me)}};
    if (!resolved.client.org_id.empty()) { // its name, when the user belongs to it
        tallyfy::paging_options paging;
        paging.max_items = 1000;
        auto orgs = s.api().list_my_organizations(paging);
        while (auto o = co_await orgs.next())
            if (o->id == resolved.client.org_id) {
                out["org_name"] = o->name;
                break;
            }
        if (!out.contains("org_name"))
            print_diagnostic("warning: the user is not a member of organisation " +
                             resolved.client.org_id);
    }
    print_json_line(out);
    note_environment_token(resolved);
    co_return exit_ok;
}

int status(const parsed_args& args) {
    if (args.has("sandbox"))
        throw usage_error("auth status describes a configured credential; --sandbox has none");
    settings s = resolve_settings(args, from_environment);
    if (s.client.access_token.empty()) {
        print_diagnostic(no_credential_message(s));
        return exit_unauthorized;
    }
    s.needs_org = false;
    session checking(s);
    return checking.run([&] { return show_status(checking, s); });
}

int logout(const parsed_args& args) {
    if (args.has("token") || args.has("sandbox"))
        throw usage_error("auth logout forgets a stored profile; it takes no --token or "
                          "--sandbox");
    const char* named = std::getenv("TALLYFY_PROFILE");
    const std::string name = args.get("profile").value_or(named && *named ? named : "default");
    if (!valid_profile_name(name))
        throw usage_error("--profile: 1 to 64 letters, digits, '_', '-' or '.' (not first)");
    const auto file = credentials_path(from_environment);
    if (file.empty())
        throw usage_error("no credentials file: neither XDG_CONFIG_HOME nor HOME is set");
    if (remove_profile(file, name, print_diagnostic))
        print_diagnostic("profile '" + name + "' removed from " + file.string());
    else
        print_diagnostic("profile '" + name + "' was not stored: nothing to do");
    for (const char* variable : {"TALLYFY_ACCESS_TOKEN", "TALLYFY_API_TOKEN"})
        if (const char* v = std::getenv(variable); v && *v)
            print_diagnostic(std::string("note: ") + variable + " is still set in the environment");
    return exit_ok;
}

} // namespace

std::vector<command> auth_commands() {
    return {
        {.name = "auth login",
         .arguments = "",
         .help = R"(Stores a token in a profile, once GET /me accepts it. At a terminal the token is
typed without echo; otherwise it is the first line of stdin (echo "$T" | tallyfy auth login).

The global --profile names the profile stored (default 'default'; the others are kept), the
global --base-url is stored with the token, which is sent to no other base URL, and the global
--org is stored with it (without one, the user's only organisation). The credentials file is $XDG_CONFIG_HOME/tallyfy/credentials (else ~/.config/tallyfy/),
mode 0600 in a 0700 directory, rewritten atomically. A refused token stores nothing (exit 3).
Flags and the environment win over a profile: see the README's Credentials.)",
         .run_standalone = login},
        {.name = "auth status",
         .arguments = "",
         .help =
             R"(Shows the credential in use, checked with GET /me. One JSON object: the profile,
where the token, base URL and organisation come from (token_source, base_url_source,
org_source: --token, TALLYFY_ACCESS_TOKEN, TALLYFY_API_TOKEN, profile, default...), the user
and the organisation's name; the token only as its last 4 characters (none of a short one).
Exit 3 when there is no token or it is refused.)",
         .run_standalone = status},
        {.name = "auth logout",
         .arguments = "",
         .help = R"(Forgets a stored profile (--profile, default 'default'); the others are kept.
Nothing to forget is no error. The environment and flags are not touched.)",
         .run_standalone = logout},
    };
}

} // namespace tallyfy_cli
