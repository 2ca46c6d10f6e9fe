// SPDX-License-Identifier: BSL-1.0
#include "canned_responder.hpp"

#include "sandbox/certificates.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>

#include <openssl/ssl.h>

#include <atomic>
#include <charconv>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <pthread.h>
#include <sched.h>
#include <stdexcept>
#include <thread>
#include <vector>

namespace tallyfy::bench {

namespace asio = boost::asio;
namespace ssl = asio::ssl;
namespace beast = boost::beast;
namespace http = beast::http;
namespace json = boost::json;
using tcp = asio::ip::tcp;

namespace {

constexpr auto tok = asio::as_tuple(asio::use_awaitable);

std::string hex_id(std::uint64_t seed) {
    // Deterministic 32-hex ids, like the API's.
    std::string out(32, '0');
    std::uint64_t x = seed * 0x9E3779B97F4A7C15ULL + 0x632BE59BD9B4E019ULL;
    for (std::size_t i = 0; i < 32; ++i) {
        x ^= x >> 29;
        x *= 0xBF58476D1CE4E5B9ULL;
        x ^= x >> 32;
        out[i] = "0123456789abcdef"[x & 15];
    }
    return out;
}

const char* const titles[] = {"Collect signed contract", "Verify identity documents",
                              "Approve credit limit",    "Set up billing account",
                              "Schedule kick-off call",  "Provision workspace"};

/// One task as the API renders it in a list (the sandbox's task_json fields, realistic values).
json::object make_task(std::uint64_t n, const std::string& org, const std::string& run,
                       const std::string& checklist, bool completed) {
    json::object o;
    o.reserve(48);
    const char* title = titles[n % 6];
    o["id"] = hex_id(n + 1000);
    o["increment_id"] = static_cast<std::int64_t>(1000 + n);
    o["title"] = title;
    o["original_title"] = title;
    o["alias"] = "step-" + std::to_string(n % 6 + 1);
    o["run_id"] = run;
    o["checklist_id"] = checklist;
    o["step_id"] = hex_id(n % 6 + 50);
    o["linked_step_id"] = nullptr;
    o["stage_id"] = nullptr;
    o["status"] = completed ? "completed" : (n % 3 == 0 ? "in-progress" : "not-started");
    o["status_label"] = completed ? "Completed" : (n % 3 == 0 ? "In Progress" : "Not Started");
    o["task_type"] = n % 6 == 2 ? "approval" : "task";
    o["is_approved"] = nullptr;
    o["is_completable"] = !completed;
    o["is_oneoff_task"] = false;
    o["position"] = static_cast<std::int64_t>(n % 6 + 1);
    o["blueprint_position"] = static_cast<std::int64_t>(n % 6 + 1);
    o["owners"] = json::object{{"users", json::array{10042, 10077}},
                               {"guests", json::array{"auditor@example.com"}},
                               {"groups", json::array{hex_id(7)}}};
    o["taskdata"] = json::object{{hex_id(n % 6 + 80), "ACME-0042"}};
    o["deadline"] = "2026-12-01T17:00:00.000Z";
    o["started_at"] = "2026-11-24T09:30:00.000Z";
    o["created_at"] = "2026-11-24T09:30:00.000Z";
    o["last_updated"] = "2026-11-24T10:02:11.000Z";
    o["completed_at"] = completed ? json::value("2026-11-24T16:14:40.000Z") : json::value(nullptr);
    o["archived_at"] = nullptr;
    o["starter_id"] = 10042;
    o["completer_id"] = completed ? json::value(10042) : json::value(nullptr);
    o["completer_guest"] = nullptr;
    o["everyone_must_complete"] = false;
    o["can_complete_only_assignees"] = false;
    o["max_assignable"] = 0;
    o["webhook"] = nullptr;
    o["prevent_guest_comment"] = false;
    o["top_secret"] = false;
    o["problem"] = false;
    o["is_soft_start_date"] = false;
    o["completion_progress"] = nullptr;
    o["run_status"] = "active";
    (void)org;
    return o;
}

void pin_to(int cpu) {
    if (cpu < 0)
        return;
    cpu_set_t set;
    CPU_ZERO(&set);
    CPU_SET(cpu, &set);
    if (sched_setaffinity(0, sizeof set, &set) != 0)
        std::fprintf(stderr, "canned responder: cannot pin to CPU %d\n", cpu);
}

std::string_view path_of(std::string_view target) {
    auto q = target.find('?');
    return q == std::string_view::npos ? target : target.substr(0, q);
}

std::size_t page_param(std::string_view target) {
    auto q = target.find('?');
    if (q == std::string_view::npos)
        return 1;
    std::string_view query = target.substr(q + 1);
    while (!query.empty()) {
        auto amp = query.find('&');
        auto item = query.substr(0, amp);
        query = amp == std::string_view::npos ? std::string_view{} : query.substr(amp + 1);
        if (item.starts_with("page=")) {
            std::size_t n = 1;
            std::from_chars(item.data() + 5, item.data() + item.size(), n);
            return n == 0 ? 1 : n;
        }
    }
    return 1;
}

} // namespace

struct canned_responder::impl {
    responder_options options;
    ssl::context tls{ssl::context::tls_server};
    asio::io_context ioc{1};
    tcp::acceptor acceptor{ioc};
    sandbox::generated_certificates certs;
    std::string ca;
    std::string org = hex_id(1);
    std::string run = hex_id(2);
    std::string checklist = hex_id(3);
    std::string task = hex_id(1000);
    std::string completed_response;      ///< whole HTTP response, keep-alive
    std::string completed_close;         ///< same with Connection: close
    std::string page_prefix;             ///< `{"data":[...]` of a page, ids of page 0
    std::vector<std::size_t> id_offsets; ///< where each task id starts in page_prefix
    std::string url;
    std::thread thread;
    std::atomic<std::uint64_t> served{0};
    std::atomic<bool> ready{false};
    pthread_t native{};

    explicit impl(responder_options o)
        : options(std::move(o)) {
        certs = sandbox::generate_loopback_certificates();
        ca = certs.ca_pem;
        SSL_CTX_set_min_proto_version(tls.native_handle(), TLS1_2_VERSION);
        tls.set_options(ssl::context::default_workarounds | ssl::context::no_compression);
        tls.use_certificate_chain(asio::buffer(certs.server_cert_pem));
        tls.use_private_key(asio::buffer(certs.server_key_pem), ssl::context::pem);
        static const unsigned char sid[] = "tallyfy-bench";
        SSL_CTX_set_session_id_context(tls.native_handle(), sid, sizeof sid - 1);

        tcp::endpoint ep(asio::ip::make_address("127.0.0.1"), options.port);
        acceptor.open(ep.protocol());
        acceptor.set_option(tcp::acceptor::reuse_address(true));
        acceptor.bind(ep);
        acceptor.listen(asio::socket_base::max_listen_connections);
        url = "https://127.0.0.1:" + std::to_string(acceptor.local_endpoint().port()) + "/api";

        json::object done = make_task(0, org, run, checklist, true);
        done["tasks_changed_by_rules"] = json::object();
        std::string body = json::serialize(json::object{{"data", std::move(done)}});
        completed_response = head(200, body.size(), false) + body;
        completed_close = head(200, body.size(), true) + body;

        // Every page has its own task ids (clients may check that pages differ): the first 8 hex
        // digits of each id are the page number, patched into a copy of this template.
        json::array items;
        items.reserve(options.per_page);
        for (std::size_t i = 0; i < options.per_page; ++i) {
            json::object t = make_task(i, org, run, checklist, false);
            t["id"] = "00000000" + hex_id(i + 1000).substr(8);
            items.push_back(std::move(t));
        }
        page_prefix = "{\"data\":" + json::serialize(items);
        static constexpr std::string_view id_key = "{\"id\":\"";
        for (auto at = page_prefix.find(id_key); at != std::string::npos;
             at = page_prefix.find(id_key, at + 1))
            id_offsets.push_back(at + id_key.size());

        asio::co_spawn(ioc, accept_loop(), asio::detached);
        thread = std::thread([this] {
            native = pthread_self();
            pin_to(options.cpu);
            if (options.on_thread)
                options.on_thread();
            ready = true;
            ready.notify_all();
            ioc.run();
        });
        ready.wait(false);
    }

    ~impl() {
        asio::post(ioc, [this] {
            boost::system::error_code ec;
            acceptor.close(ec);
            ioc.stop();
        });
        thread.join();
    }

    static std::string head(unsigned status, std::size_t length, bool close) {
        std::string h = status == 200   ? "HTTP/1.1 200 OK\r\n"
                        : status == 401 ? "HTTP/1.1 401 Unauthorized\r\n"
                                        : "HTTP/1.1 404 Not Found\r\n";
        h += "Content-Type: application/json\r\nCache-Control: no-cache, private\r\n";
        h += "Content-Length: " + std::to_string(length) + "\r\n";
        h += close ? "Connection: close\r\n\r\n" : "Connection: keep-alive\r\n\r\n";
        return h;
    }

    /// Page `page`'s whole body, its ids patched (see page_prefix).
    std::string page_body(std::size_t page) const {
        std::string body = page <= options.total_pages ? page_prefix : "{\"data\":[]";
        if (page <= options.total_pages) {
            char digits[9];
            std::snprintf(digits, sizeof digits, "%08zx", page);
            for (std::size_t at : id_offsets)
                std::memcpy(body.data() + at, digits, 8);
        }
        return body + page_meta(page);
    }

    /// The page's body after the items: `,"meta":{"pagination":{...}}}`.
    std::string page_meta(std::size_t page) const {
        const std::size_t pages = options.total_pages;
        const std::size_t n = page <= pages ? options.per_page : 0;
        std::string link = url + "/organizations/" + org + "/runs/" + run + "/tasks?page=";
        std::string m =
            ",\"meta\":{\"pagination\":{\"total\":" + std::to_string(pages * options.per_page) +
            ",\"count\":" + std::to_string(n) +
            ",\"per_page\":" + std::to_string(options.per_page) +
            ",\"current_page\":" + std::to_string(page) +
            ",\"total_pages\":" + std::to_string(pages) + ",\"links\":";
        if (pages <= 1) {
            m += "[]";
        } else {
            m += "{";
            bool first = true;
            if (page > 1) {
                m += "\"previous\":\"" + link + std::to_string(page - 1) + "\"";
                first = false;
            }
            if (page < pages)
                m += std::string(first ? "" : ",") + "\"next\":\"" + link +
                     std::to_string(page + 1) + "\"";
            m += "}";
        }
        m += "}}}";
        return m;
    }

    asio::awaitable<void> accept_loop() {
        for (;;) {
            auto [ec, socket] = co_await acceptor.async_accept(tok);
            if (ec == asio::error::operation_aborted || !acceptor.is_open())
                co_return;
            if (ec)
                continue;
            socket.set_option(tcp::no_delay(true), ec);
            asio::co_spawn(ioc, session(std::move(socket)), asio::detached);
        }
    }

    asio::awaitable<void> session(tcp::socket socket) {
        ssl::stream<tcp::socket> stream(std::move(socket), tls);
        auto [hec] = co_await stream.async_handshake(ssl::stream_base::server, tok);
        if (hec)
            co_return;
        beast::flat_buffer buffer;
        std::string out;
        const std::string tasks_path = "/runs/" + run + "/tasks";
        for (;;) {
            http::request<http::string_body> req;
            auto [rec, n] = co_await http::async_read(stream, buffer, req, tok);
            if (rec)
                break;
            served.fetch_add(1, std::memory_order_relaxed);
            const bool close = req["X-Bench-Close"] == "1" || !req.keep_alive();
            const auto auth = req[http::field::authorization];
            const bool authorised =
                auth.starts_with("Bearer ") && auth.size() > 7 && !req["X-Tallyfy-Client"].empty();
            const std::string_view target = req.target();
            const std::string_view path = path_of(target);
            const std::string* fixed = nullptr;
            out.clear();
            if (!authorised) {
                static const std::string body =
                    R"({"error":"Unauthenticated.","message":"Unauthenticated."})";
                out = head(401, body.size(), close) + body;
            } else if (req.method() == http::verb::post && path.ends_with("/completed-tasks")) {
                fixed = close ? &completed_close : &completed_response;
            } else if (req.method() == http::verb::get && path.ends_with(tasks_path)) {
                const std::size_t page = page_param(target);
                const std::string meta = page_meta(page);
                const std::string_view items =
                    page <= options.total_pages ? std::string_view(page_prefix) : "{\"data\":[]";
                out = head(200, items.size() + meta.size(), close);
                const std::size_t base = out.size();
                out += items;
                out += meta;
                if (page <= options.total_pages) {
                    char digits[9];
                    std::snprintf(digits, sizeof digits, "%08zx", page);
                    for (std::size_t at : id_offsets)
                        std::memcpy(out.data() + base + at, digits, 8);
                }
            } else {
                static const std::string body =
                    R"({"error":"ENDPOINT_NOT_FOUND","message":"Endpoint not found"})";
                out = head(404, body.size(), close) + body;
            }
            const std::string& response = fixed ? *fixed : out;
            auto [wec, w] = co_await asio::async_write(stream, asio::buffer(response), tok);
            if (wec || close)
                break;
        }
        boost::system::error_code ignored;
        stream.next_layer().shutdown(tcp::socket::shutdown_both, ignored);
        stream.next_layer().close(ignored);
    }
};

canned_responder::canned_responder(responder_options options)
    : impl_(std::make_unique<impl>(std::move(options))) {}
canned_responder::~canned_responder() = default;
std::string canned_responder::base_url() const {
    return impl_->url;
}
const std::string& canned_responder::ca_pem() const {
    return impl_->ca;
}
const std::string& canned_responder::org_id() const {
    return impl_->org;
}
const std::string& canned_responder::run_id() const {
    return impl_->run;
}
const std::string& canned_responder::task_id() const {
    return impl_->task;
}
std::size_t canned_responder::total_pages() const {
    return impl_->options.total_pages;
}
std::size_t canned_responder::page_body_bytes() const {
    return impl_->page_prefix.size() + impl_->page_meta(2).size();
}
double canned_responder::cpu_seconds() const {
    clockid_t id;
    if (pthread_getcpuclockid(impl_->native, &id) != 0)
        return 0;
    timespec ts{};
    clock_gettime(id, &ts);
    return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
}
void canned_responder::write_site(const std::string& dir, const std::string& base_url) {
    namespace fs = std::filesystem;
    auto write = [&](const fs::path& path, std::string_view text) {
        std::ofstream f(path, std::ios::binary | std::ios::trunc);
        f << text;
        if (!f)
            throw std::runtime_error("cannot write " + path.string());
    };
    auto& m = *impl_;
    const std::string own_url = m.url;
    m.url = base_url; // the pages' links name the server that will serve them
    fs::create_directories(fs::path(dir) / "pages");
    for (std::size_t page = 1; page <= m.options.total_pages; ++page)
        write(fs::path(dir) / "pages" / (std::to_string(page) + ".json"), m.page_body(page));
    m.url = own_url;
    const std::string& completed = m.completed_response;
    write(fs::path(dir) / "complete.json", completed.substr(completed.find("\r\n\r\n") + 4));
    write(fs::path(dir) / "server.pem", m.certs.server_cert_pem);
    write(fs::path(dir) / "server.key", m.certs.server_key_pem);
    write(fs::path(dir) / "ca.pem", m.certs.ca_pem);
}

std::uint64_t canned_responder::requests_served() const {
    return impl_->served.load(std::memory_order_relaxed);
}

} // namespace tallyfy::bench
