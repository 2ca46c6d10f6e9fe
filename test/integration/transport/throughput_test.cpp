// Sequential keep-alive GETs through the transport versus a hand-written Beast coroutine loop on
// one TLS connection, against the same sandbox. Prints both rates; fails only on a gross gap.
#include <boost/test/unit_test.hpp>

#include <tallyfy/sandbox/server.hpp>
#include <tallyfy/transport.hpp>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include <chrono>

namespace net = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace sbx = tallyfy::sandbox;
using steady = std::chrono::steady_clock;

namespace {

constexpr int requests = 1500;

std::string path_of(const std::string& url) {
    return url.substr(url.find('/', url.find("://") + 3));
}

double per_second(steady::duration d) {
    return requests / std::chrono::duration<double>(d).count();
}

} // namespace

BOOST_AUTO_TEST_CASE(transport_keeps_up_with_a_raw_beast_loop) {
    sbx::server_options so;
    so.record_requests = false;
    sbx::server server(so);
    const std::string target =
        path_of(server.base_url()) + "/organizations/" + server.org_id() + "/checklists";
    const std::string auth = "Bearer " + server.token();

    // Raw Beast: one connection, request built once, buffer reused.
    net::io_context ioc;
    net::ssl::context ctx(net::ssl::context::tls_client);
    ctx.add_certificate_authority(net::buffer(server.ca_pem()));
    ctx.set_verify_mode(net::ssl::verify_peer);
    steady::duration raw{};
    int raw_ok = 0;
    net::co_spawn(
        ioc,
        [&]() -> net::awaitable<void> {
            net::ssl::stream<beast::tcp_stream> s(ioc, ctx);
            s.set_verify_callback(net::ssl::host_name_verification("127.0.0.1"));
            co_await s.next_layer().async_connect(
                net::ip::tcp::endpoint(net::ip::make_address("127.0.0.1"), server.port()),
                net::use_awaitable);
            co_await s.async_handshake(net::ssl::stream_base::client, net::use_awaitable);
            http::request<http::string_body> req{http::verb::get, target, 11};
            req.set(http::field::host, "127.0.0.1:" + std::to_string(server.port()));
            req.set(http::field::authorization, auth);
            req.set("X-Tallyfy-Client", "APIClient");
            beast::flat_buffer buffer;
            auto t0 = steady::now();
            for (int i = 0; i < requests; ++i) {
                s.next_layer().expires_after(std::chrono::seconds(30));
                co_await http::async_write(s, req, net::use_awaitable);
                http::response<http::string_body> res;
                co_await http::async_read(s, buffer, res, net::use_awaitable);
                raw_ok += res.result_int() == 200;
            }
            raw = steady::now() - t0;
        },
        net::detached);
    ioc.run();
    BOOST_REQUIRE(raw_ok == requests);

    // The transport, same work.
    ioc.restart();
    tallyfy::transport_options o;
    o.tls.use_system_roots = false;
    o.tls.extra_ca_pem = server.ca_pem();
    auto t = tallyfy::make_https_transport(ioc.get_executor(), server.base_url(), o);
    tallyfy::http_request r;
    r.target = target;
    r.headers = {{"Authorization", auth}, {"X-Tallyfy-Client", "APIClient"}};
    r.idempotent = true;
    steady::duration ours{};
    int ours_ok = 0;
    net::co_spawn(
        ioc,
        [&]() -> net::awaitable<void> {
            // Warm-up request (connect + handshake), like the raw loop's setup.
            co_await t->async_send(r, net::as_tuple(net::use_awaitable));
            auto t0 = steady::now();
            for (int i = 0; i < requests; ++i) {
                auto [ec, res] = co_await t->async_send(r, net::as_tuple(net::use_awaitable));
                ours_ok += !ec && res.status == 200;
            }
            ours = steady::now() - t0;
        },
        net::detached);
    ioc.run();
    BOOST_REQUIRE(ours_ok == requests);
    BOOST_TEST(t->stats().created == 1u);

    BOOST_TEST_MESSAGE("raw beast loop: " << per_second(raw)
                                          << " req/s; transport: " << per_second(ours) << " req/s");
    // Loose bound: a shared CI machine is noisy; this only catches a gross regression.
    BOOST_TEST(per_second(ours) > 0.5 * per_second(raw));
}
