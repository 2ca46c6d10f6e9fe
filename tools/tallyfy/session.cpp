// SPDX-License-Identifier: BSL-1.0
#include "session.hpp"

#include "exit_codes.hpp"
#include "output.hpp"
#include "output_format.hpp"
#include "profile_store.hpp"
#include "values.hpp"

#include <boost/asio/co_spawn.hpp>

#include <algorithm>
#include <chrono>
#include <cmath>

namespace asio = boost::asio;

namespace tallyfy_cli {

const std::vector<option_spec>& global_option_specs() {
    static const std::vector<option_spec> specs{
        {.name = "base-url",
         .takes_value = true,
         .help = "API root (env TALLYFY_BASE_URL, default https://go.tallyfy.com/api)",
         .value_name = "URL"},
        {.name = "token",
         .takes_value = true,
         .help = "bearer token (env TALLYFY_ACCESS_TOKEN, else TALLYFY_API_TOKEN); prefer the "
                 "environment: flags are visible to other users in the process list",
         .value_name = "T"},
        {.name = "org",
         .takes_value = true,
         .help = "organisation id (env TALLYFY_ORG_ID)",
         .value_name = "ID"},
        {.name = "profile",
         .takes_value = true,
         .help = "the stored credential to use, from 'auth login --profile NAME' (env "
                 "TALLYFY_PROFILE, default 'default'); a flag or variable wins over it",
         .value_name = "NAME"},
        {.name = "ca-file",
         .takes_value = true,
         .help = "extra trusted CA certificates (env TALLYFY_CA_FILE)",
         .value_name = "PEM"},
        {.name = "timeout",
         .takes_value = true,
         .help = "per-request timeout in seconds (default 60)",
         .value_name = "S"},
        {.name = "max-attempts",
         .takes_value = true,
         .help = "attempts per call, retries included (default 5)",
         .value_name = "N"},
        {.name = "client-cert",
         .takes_value = true,
         .help = "client certificate for mutual TLS (env TALLYFY_CLIENT_CERT)",
         .value_name = "PEM"},
        {.name = "client-key",
         .takes_value = true,
         .help = "its private key (env TALLYFY_CLIENT_KEY); an encrypted key's passphrase only "
                 "from the environment: TALLYFY_CLIENT_KEY_PASSPHRASE",
         .value_name = "PEM"},
        {.name = "concurrency",
         .takes_value = true,
         .help = "connections in the pool and parallel requests of batches (default 16)",
         .value_name = "N"},
        {.name = "sandbox",
         .help = "run against an embedded sandbox (a local emulator: nothing reaches Tallyfy). "
                 "Never implied: without a token, commands exit 3"},
        {.name = "dry-run",
         .help = "print the first write a command would send (one JSON line: method, url, body; "
                 "never a header) instead of sending it, and exit 0; reads are sent as usual"},
        {.name = "verbose",
         .help = "one line per HTTP exchange on stderr (method, URL with query values redacted, "
                 "status, time, bytes), and each retry"},
        {.name = "output",
         .takes_value = true,
         .values = output_format_names(),
         .help = "the format of results on stdout (env TALLYFY_OUTPUT; default table on a "
                 "terminal, else ndjson): a list is always a list (json: an array), one result "
                 "always one object",
         .value_name = "FORMAT"},
        {.name = "fields",
         .takes_value = true,
         .help = "the fields to show, comma-separated; dotted paths reach into objects "
                 "(run.name); a missing field is empty (null in json)",
         .value_name = "A,B.C"},
        {.name = "debug",
         .help = "--verbose and the headers of each exchange (credentials and headers not on "
                 "the allow-list shown as [redacted]; bodies never)"},
    };
    return specs;
}

namespace {

std::string without_trailing_slash(std::string url) {
    while (url.size() > 1 && url.back() == '/')
        url.pop_back();
    return url;
}

} // namespace

settings resolve_settings(const parsed_args& args,
                          const std::function<const char*(const char*)>& getenv) {
    auto pick = [&](std::string_view flag, const char* env) -> std::optional<std::string> {
        if (auto v = args.get(flag))
            return v;
        if (const char* e = getenv(env); e && *e)
            return std::string(e);
        return std::nullopt;
    };
    // Like pick, naming where the value came from.
    auto pick_from = [&](std::string_view flag, const char* env,
                         std::string& source) -> std::optional<std::string> {
        if (auto v = args.get(flag)) {
            source = "--" + std::string(flag);
            return v;
        }
        if (const char* e = getenv(env); e && *e) {
            source = env;
            return std::string(e);
        }
        return std::nullopt;
    };
    settings s;
    s.profile = pick("profile", "TALLYFY_PROFILE").value_or("default");
    if (!valid_profile_name(s.profile))
        throw usage_error("--profile: 1 to 64 letters, digits, '_', '-' or '.' (not first)");
    s.sandbox_forced = args.has("sandbox");
    // Only on request: a cron job whose token went missing must fail, not "succeed" on an
    // emulator.
    s.use_sandbox = s.sandbox_forced;

    auto base_url = pick_from("base-url", "TALLYFY_BASE_URL", s.sources.base_url);
    auto token = pick_from("token", "TALLYFY_ACCESS_TOKEN", s.sources.token);
    if (!token) // the official CLI's name for it
        token = pick_from("token", "TALLYFY_API_TOKEN", s.sources.token);
    auto org = pick_from("org", "TALLYFY_ORG_ID", s.sources.org);
    s.credentials_file = credentials_path(getenv);
    if (!s.use_sandbox && (!token || !base_url || !org)) {
        profile_map stored;
        if (!s.credentials_file.empty())
            stored = read_profiles(s.credentials_file, print_diagnostic);
        auto found = stored.find(s.profile);
        if (found == stored.end()) {
            s.profile_note =
                s.credentials_file.empty()
                    ? "no credentials file (neither XDG_CONFIG_HOME nor HOME is set)"
                    : "no profile '" + s.profile + "' in " + s.credentials_file.string();
        } else {
            const profile& p = found->second;
            if (!base_url && !p.base_url.empty()) {
                base_url = p.base_url;
                s.sources.base_url = "profile";
            }
            if (!org && !p.org.empty()) {
                org = p.org;
                s.sources.org = "profile";
            }
            const std::string bound =
                p.base_url.empty() ? tallyfy::client_options{}.base_url : p.base_url;
            const std::string target = base_url ? *base_url : tallyfy::client_options{}.base_url;
            if (!token && !p.token.empty()) {
                if (without_trailing_slash(bound) == without_trailing_slash(target)) {
                    token = p.token;
                    s.sources.token = "profile";
                } else {
                    s.profile_note = "profile '" + s.profile + "' holds a token for " + bound +
                                     ", not for " + target + " (" + s.sources.base_url + ")";
                }
            } else if (!token) {
                s.profile_note = "profile '" + s.profile + "' in " + s.credentials_file.string() +
                                 " holds no token";
            }
        }
    }
    if (base_url)
        s.client.base_url = *base_url;
    else
        s.sources.base_url = "default";
    s.client.access_token = token.value_or("");
    s.client.org_id = org.value_or("");
    s.client.transport.tls.extra_ca_file = pick("ca-file", "TALLYFY_CA_FILE").value_or("");
    auto& tls = s.client.transport.tls;
    tls.client_certificate_file = pick("client-cert", "TALLYFY_CLIENT_CERT").value_or("");
    tls.client_key_file = pick("client-key", "TALLYFY_CLIENT_KEY").value_or("");
    if (const char* p = getenv("TALLYFY_CLIENT_KEY_PASSPHRASE"))
        tls.client_key_passphrase = p;
    // HTTPS_PROXY, ALL_PROXY, NO_PROXY, ... for the base URL settled on (never a flag: a
    // password in the process list would be visible to other users).
    tallyfy::apply_proxy_environment(s.client.transport, s.client.base_url, getenv);
    s.dry_run = args.has("dry-run");

    if (args.has("verbose") || args.has("debug")) {
        s.client.observe.level =
            args.has("debug") ? tallyfy::log_level::debug : tallyfy::log_level::info;
        s.client.observe.log = [](tallyfy::log_level, std::string_view line) {
            print_diagnostic(line);
        };
    }
    if (auto n = int_option(args, "max-attempts", 1, 100))
        s.client.retry.max_attempts = static_cast<unsigned>(*n);
    if (auto n = int_option(args, "concurrency", 1, 1024))
        s.concurrency = static_cast<unsigned>(*n);
    s.client.transport.pool.max_connections = s.concurrency;
    if (auto text = args.get("timeout")) {
        using std::chrono::milliseconds;
        auto limit = milliseconds(std::llround(parse_seconds("timeout", *text) * 1000));
        auto& t = s.client.transport.default_timeouts;
        t.attempt = limit;
        t.connect = std::min(t.connect, limit);
        t.tls_handshake = std::min(t.tls_handshake, limit);
        t.stall = std::min(t.stall, limit);
        t.pool_wait = std::max(t.pool_wait, limit);
        // The whole call (retries and backoff included) may take every attempt's full time.
        s.client.retry.total_deadline =
            std::max(s.client.retry.total_deadline, limit * s.client.retry.max_attempts);
    }
    return s;
}

std::string no_credential_message(const settings& s) {
    std::string text = "no API token (profile '" + s.profile + "'";
    if (!s.profile_note.empty())
        text += ": " + s.profile_note;
    return text + "): run 'tallyfy auth login" +
           (s.profile == "default" ? std::string() : " --profile " + s.profile) +
           "', or set TALLYFY_ACCESS_TOKEN (or TALLYFY_API_TOKEN), or pass --token; --sandbox "
           "runs against a local emulator instead";
}

session::session(settings s)
    : settings_(std::move(s)) {
    if (settings_.use_sandbox) {
        sandbox_ = std::make_unique<tallyfy::sandbox::server>();
        settings_.client.base_url = sandbox_->base_url();
        settings_.client.access_token = sandbox_->token();
        settings_.client.org_id = sandbox_->org_id();
        settings_.client.transport.tls.extra_ca_file.clear();
        settings_.client.transport.tls.extra_ca_pem = sandbox_->ca_pem();
        settings_.client.transport.proxy.clear(); // in this process: never through a proxy
        print_diagnostic("--sandbox: using an embedded sandbox at " + sandbox_->base_url());
    }
    if (settings_.needs_org && settings_.client.org_id.empty())
        print_diagnostic("warning: no organisation (--org or TALLYFY_ORG_ID)");
    try {
        requests_ = std::make_shared<counting_transport>(tallyfy::make_https_transport(
            io_.get_executor(), settings_.client.base_url, settings_.client.transport));
        std::shared_ptr<tallyfy::transport> transport = requests_;
        if (settings_.dry_run) // outside the counter: what it holds back is never sent
            transport = dry_run_ = std::make_shared<dry_run_transport>(
                requests_, io_.get_executor(), settings_.client.base_url);
        api_ = std::make_unique<tallyfy::client>(io_.get_executor(), settings_.client, transport);
    } catch (const std::system_error& e) {
        // An unparsable URL, plain http to a remote host, an unreadable CA file, a client
        // certificate or key that does not load.
        throw usage_error(e.what());
    }
}

session::~session() = default;

int session::run(std::function<asio::awaitable<int>()> command) {
    int status = exit_failure;
    asio::co_spawn(io_, command(), [&](std::exception_ptr failure, int code) {
        if (dry_run_) {
            if (auto held = dry_run_->held()) { // the write it would have sent, not its failure
                print_json_line(*held);
                status = exit_ok;
                return;
            }
        }
        if (!failure) {
            status = code;
            return;
        }
        try {
            std::rethrow_exception(failure);
        } catch (const tallyfy::api_error& e) {
            print_error(e);
            status = exit_code_for(e.error_value());
        } catch (const usage_error& e) {
            print_diagnostic(e.what());
            status = exit_usage;
        } catch (const std::exception& e) {
            print_diagnostic(e.what());
            status = exit_failure;
        }
    });
    io_.run();
    return status;
}

} // namespace tallyfy_cli
