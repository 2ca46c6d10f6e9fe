// SPDX-License-Identifier: BSL-1.0
// Webhook receiving: parsing an event, checking a request, and a small server around both.
#include <tallyfy/api_error.hpp>
#include <tallyfy/webhooks.hpp>

#include "core/codec/model_codecs.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/write.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

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
    if (named && named->is_string()) {
        e.name = std::string(named->get_string());
        e.kind = kind_named(e.name);
    } else if (o.contains("this_task")) {
        e.kind = event_kind::task_completed;
    } else {
        const auto status = status_of(o);
        e.kind = status == "complete" || status == "completed" ? event_kind::process_completed
                                                               : event_kind::process_launched;
    }
    if (e.name.empty())
        e.name = std::string(name_of(e.kind));
    try {
        if (auto* t = o.if_contains("this_task"); t && !t->is_null())
            e.task = codec::decode_task(*t, "this_task");
        if (auto* p = o.if_contains("process"); p && p->is_object())
            e.process = codec::decode_run(*p, "process");
        else if (e.kind == event_kind::process_launched || e.kind == event_kind::process_completed)
            e.process = codec::decode_run(root, "(root)");
    } catch (const codec::decode_error& d) {
        throw std::invalid_argument(printable(d.what(), 200));
    }
    e.raw = raw_object(std::move(o));
    return e;
}

receiver::receiver(receiver_options options)
    : options_(std::move(options)) {}

receipt receiver::receive(const http::request<http::string_body>& request) const {
    const unsigned v = request.version();
    receipt out;
    auto refuse = [&](http::status status, std::string reason) {
        out.reply = reply(v, status, json::serialize(json::object{{"error", reason}}));
        out.reason = std::move(reason);
        return std::move(out);
    };
    if (request.method() != http::verb::post)
        return refuse(http::status::method_not_allowed, "webhooks are POSTed");
    const std::string_view type = request[http::field::content_type];
    if (!type.empty() && type.substr(0, type.find(';')) != "application/json")
        return refuse(http::status::unsupported_media_type, "the body is not application/json");
    const std::string_view org = request["X-Tallyfy-orgID"];
    if (!options_.org_id.empty() && org != options_.org_id)
        return refuse(http::status::forbidden,
                      org.empty() ? "no X-Tallyfy-orgID header"
                                  : "X-Tallyfy-orgID is not the expected organisation");
    if (request.body().size() > options_.max_body_bytes)
        return refuse(http::status::payload_too_large, "the body is too large");
    try {
        out.event = parse_event(request.body(), std::string(org));
    } catch (const std::invalid_argument& e) {
        return refuse(http::status::bad_request, e.what());
    }
    out.reply = reply(v, http::status::ok, R"({"received":true})");
    return out;
}

namespace {

constexpr auto use_tuple = asio::as_tuple(asio::use_awaitable);

asio::awaitable<void> session(asio::ip::tcp::socket socket, const receiver& hooks,
                              std::shared_ptr<std::function<void(const event&)>> on_event) {
    beast::tcp_stream stream(std::move(socket));
    beast::flat_buffer buffer;
    for (;;) {
        http::request_parser<http::string_body> parser;
        parser.header_limit(8 * 1024);
        parser.body_limit(hooks.options().max_body_bytes);
        // The whole request within 10 s: a sender that trickles cannot hold the connection.
        stream.expires_after(std::chrono::seconds(10));
        auto [ec, n] = co_await http::async_read(stream, buffer, parser, use_tuple);
        if (ec == http::error::body_limit) {
            auto r =
                reply(11, http::status::payload_too_large, R"({"error":"the body is too large"})");
            r.keep_alive(false);
            co_await http::async_write(stream, r, use_tuple);
            break;
        }
        if (ec)
            break;
        auto& request = parser.get();
        receipt r = hooks.receive(request);
        if (r.event)
            (*on_event)(*r.event);
        r.reply.keep_alive(request.keep_alive());
        auto [wec, w] = co_await http::async_write(stream, r.reply, use_tuple);
        if (wec || !request.keep_alive())
            break;
    }
    beast::error_code ignored;
    stream.socket().shutdown(asio::ip::tcp::socket::shutdown_both, ignored);
}

} // namespace

asio::awaitable<void> serve(asio::ip::tcp::acceptor& acceptor, const receiver& hooks,
                            std::function<void(const event&)> on_event) {
    auto handler = std::make_shared<std::function<void(const event&)>>(std::move(on_event));
    for (;;) {
        auto [ec, socket] = co_await acceptor.async_accept(use_tuple);
        if (ec == asio::error::operation_aborted || !acceptor.is_open())
            co_return;
        if (ec)
            continue; // e.g. too many open files: the next accept may succeed
        // Each connection on its own; on the acceptor's executor, so with one thread the events
        // reach on_event one at a time.
        asio::co_spawn(acceptor.get_executor(), session(std::move(socket), hooks, handler),
                       asio::detached);
    }
}

} // namespace tallyfy::webhooks
