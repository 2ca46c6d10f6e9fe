// SPDX-License-Identifier: BSL-1.0
// Webhook receiving: parsing an event, screening a request, and a small server around both.
#include <tallyfy/api_error.hpp>
#include <tallyfy/webhooks.hpp>

#include "core/codec/model_codecs.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/write.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include <atomic>
#include <cctype>
#include <charconv>
#include <cstdint>
#include <memory>
#include <stdexcept>

namespace tallyfy::webhooks {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace json = boost::json;

namespace {

std::string_view status_of(const json::object& o) {
    const auto* s = o.if_contains("status");
    return s && s->is_string() ? std::string_view(s->get_string()) : std::string_view();
}

event_kind kind_named(std::string_view name) {
    if (name == "process.launched")
        return event_kind::process_launched;
    if (name == "process.completed")
        return event_kind::process_completed;
    if (name == "task.completed")
        return event_kind::task_completed;
    return event_kind::other;
}

std::string_view name_of(event_kind k) {
    switch (k) {
    case event_kind::process_launched:
        return "process.launched";
    case event_kind::process_completed:
        return "process.completed";
    case event_kind::task_completed:
        return "task.completed";
    case event_kind::other:
        break;
    }
    return "";
}

http::response<http::string_body> reply(unsigned version, http::status status, std::string body) {
    http::response<http::string_body> r{status, version};
    r.set(http::field::content_type, "application/json");
    r.body() = std::move(body);
    r.prepare_payload();
    return r;
}

// Whether two texts are equal, in a time that does not tell how much of a guess was right.
bool same_secret(std::string_view a, std::string_view b) {
    unsigned char diff = a.size() == b.size() ? 0 : 1;
    for (std::size_t i = 0; i < a.size(); ++i)
        diff |= static_cast<unsigned char>(a[i] ^ (i < b.size() ? b[i] : 0));
    return diff == 0;
}

// `application/json`, any case, with or without parameters and spaces before them.
bool json_media_type(std::string_view type) {
    type = type.substr(0, type.find(';'));
    while (!type.empty() && (type.back() == ' ' || type.back() == '\t'))
        type.remove_suffix(1);
    constexpr std::string_view json_type = "application/json";
    return type.size() == json_type.size() &&
           std::equal(type.begin(), type.end(), json_type.begin(), [](char a, char b) {
               return std::tolower(static_cast<unsigned char>(a)) == b;
           });
}

} // namespace

event parse_event(std::string_view body, std::string org_id) {
    boost::system::error_code ec;
    json::value root = json::parse(body, ec);
    if (ec)
        throw std::invalid_argument("the body is not JSON (" + ec.message() + ")");
    if (!root.is_object())
        throw std::invalid_argument("the body is not a JSON object");
    auto& o = root.get_object();
    event e;
    e.org_id = std::move(org_id);
    const auto* named = o.if_contains("event");
    const auto* this_task = o.if_contains("this_task");
    if (named && named->is_string() && !named->get_string().empty()) {
        e.name = std::string(named->get_string());
        e.kind = kind_named(e.name);
    } else if (this_task && this_task->is_object()) {
        e.kind = event_kind::task_completed;
    } else {
        const auto status = status_of(o);
        e.kind = status == "complete" || status == "completed" ? event_kind::process_completed
                                                               : event_kind::process_launched;
    }
    if (e.name.empty())
        e.name = std::string(name_of(e.kind));
    try {
        if (this_task && this_task->is_object())
            e.task = codec::decode_task(*this_task, "this_task");
        if (auto* p = o.if_contains("process"); p && p->is_object())
            e.process = codec::decode_run(*p, "process");
        else if (e.kind == event_kind::process_launched || e.kind == event_kind::process_completed)
            e.process = codec::decode_run(root, "(root)");
    } catch (const codec::decode_error& d) {
        e.task.reset();
        e.process.reset();
        e.decode_problem = printable(d.what(), 200);
    }
    e.raw = raw_object(std::move(o));
    return e;
}

receiver::receiver(receiver_options options)
    : options_(std::move(options)) {}

std::optional<receipt> receiver::screen(const http::request_header<>& head) const {
    auto refuse = [&](http::status status, std::string reason) {
        receipt out;
        out.reply = reply(head.version(), status, json::serialize(json::object{{"error", reason}}));
        out.reason = std::move(reason);
        return std::optional<receipt>(std::move(out));
    };
    if (!options_.path.empty() && !same_secret(head.target(), options_.path))
        return refuse(http::status::not_found, "no webhook here");
    if (head.method() != http::verb::post)
        return refuse(http::status::method_not_allowed, "webhooks are POSTed");
    const std::string_view type = head[http::field::content_type];
    if (!type.empty() && !json_media_type(type))
        return refuse(http::status::unsupported_media_type, "the body is not application/json");
    if (!options_.org_id.empty()) {
        const auto [first, last] = head.equal_range("X-Tallyfy-orgID");
        if (first == last)
            return refuse(http::status::forbidden, "no X-Tallyfy-orgID header");
        if (std::next(first) != last)
            return refuse(http::status::forbidden, "X-Tallyfy-orgID is sent more than once");
        if (first->value() != options_.org_id)
            return refuse(http::status::forbidden,
                          "X-Tallyfy-orgID is not the expected organisation");
    }
    const std::string_view length = head[http::field::content_length];
    std::uint64_t declared = 0;
    if (!length.empty() &&
        (std::from_chars(length.data(), length.data() + length.size(), declared).ec !=
             std::errc() ||
         declared > options_.max_body_bytes))
        return refuse(http::status::payload_too_large, "the body is too large");
    return std::nullopt;
}

receipt receiver::receive(const http::request<http::string_body>& request) const {
    if (auto refused = screen(request))
        return std::move(*refused);
    receipt out;
    if (request.body().size() > options_.max_body_bytes) {
        out.reason = "the body is too large";
        out.reply = reply(request.version(), http::status::payload_too_large,
                          R"({"error":"the body is too large"})");
        return out;
    }
    try {
        out.event = parse_event(request.body(), std::string(request["X-Tallyfy-orgID"]));
    } catch (const std::invalid_argument& e) {
        out.reason = e.what();
        out.reply = reply(request.version(), http::status::bad_request,
                          json::serialize(json::object{{"error", out.reason}}));
        return out;
    }
    out.reply = reply(request.version(), http::status::ok, R"({"received":true})");
    return out;
}

namespace {

constexpr auto use_tuple = asio::as_tuple(asio::use_awaitable);
constexpr std::size_t max_sessions = 256;

// What the connections share with serve() and outlive it with.
struct server_state {
    server_state(receiver r, std::function<void(const event&)> f)
        : hooks(std::move(r))
        , on_event(std::move(f)) {}
    const receiver hooks;
    const std::function<void(const event&)> on_event;
    std::atomic<std::size_t> sessions{0};
    std::atomic<bool> stopped{false}; // serve() returned: no keep-alive
};

asio::awaitable<void> session(asio::ip::tcp::socket socket, std::shared_ptr<server_state> s) {
    beast::tcp_stream stream(std::move(socket));
    beast::flat_buffer buffer;
    for (;;) {
        http::request_parser<http::string_body> parser;
        parser.header_limit(8 * 1024);
        parser.body_limit(s->hooks.options().max_body_bytes);
        // The whole request within 10 s: a sender that trickles cannot hold the connection.
        stream.expires_after(std::chrono::seconds(10));
        auto [hec, hn] = co_await http::async_read_header(stream, buffer, parser, use_tuple);
        if (hec)
            break; // closed, timed out, or a head too large or malformed: nothing worth a reply
        auto refused = s->hooks.screen(parser.get());
        http::response<http::string_body> out;
        bool keep = false;
        if (refused) {
            out = std::move(refused->reply); // the body is never read: close after replying
        } else {
            auto [bec, bn] = co_await http::async_read(stream, buffer, parser, use_tuple);
            if (bec)
                break;
            receipt r = s->hooks.receive(parser.get());
            if (r.event) {
                try {
                    s->on_event(*r.event);
                } catch (...) {
                    r.reply = reply(parser.get().version(), http::status::internal_server_error,
                                    R"({"error":"the receiver failed"})");
                }
            }
            out = std::move(r.reply);
            keep = parser.get().keep_alive() && !s->stopped.load();
        }
        out.keep_alive(keep);
        stream.expires_after(std::chrono::seconds(10)); // the reply has its own time
        auto [wec, wn] = co_await http::async_write(stream, out, use_tuple);
        if (wec || !keep)
            break;
    }
    beast::error_code ignored;
    stream.socket().shutdown(asio::ip::tcp::socket::shutdown_both, ignored);
    --s->sessions;
}

} // namespace

asio::awaitable<void> serve(asio::ip::tcp::acceptor& acceptor, receiver hooks,
                            std::function<void(const event&)> on_event) {
    auto state = std::make_shared<server_state>(std::move(hooks), std::move(on_event));
    struct mark_stopped {
        std::shared_ptr<server_state> s;
        ~mark_stopped() { s->stopped = true; }
    } on_return{state};
    for (;;) {
        // Each connection on a strand of its own: its stream's timer and I/O never race.
        auto strand = asio::make_strand(acceptor.get_executor());
        auto [ec, socket] = co_await acceptor.async_accept(strand, use_tuple);
        if (ec == asio::error::operation_aborted || !acceptor.is_open())
            co_return;
        if (ec) { // e.g. out of file descriptors: the next accept would fail at once again
            asio::steady_timer pause(acceptor.get_executor(), std::chrono::milliseconds(100));
            co_await pause.async_wait(use_tuple);
            continue;
        }
        if (state->sessions.load() >= max_sessions) {
            beast::error_code ignored;
            socket.close(ignored);
            continue;
        }
        ++state->sessions;
        asio::co_spawn(strand, session(std::move(socket), state), asio::detached);
    }
}

} // namespace tallyfy::webhooks
