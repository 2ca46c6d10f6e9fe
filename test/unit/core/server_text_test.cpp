// SPDX-License-Identifier: BSL-1.0
// Server text is data: escaped and bounded before a person sees it, the token redacted even when
// the server echoes it; and a server's Retry-After is believed on 502-504 too.
#include <boost/test/unit_test.hpp>

#include "support/scripted_transport.hpp"

#include <tallyfy/client.hpp>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/use_future.hpp>

namespace asio = boost::asio;
using tallyfy::error;
using tallyfy::printable;
using tallyfy::test::scripted_transport;

namespace {

const std::string token = "eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiJ9.secret-part";

struct answering {
    explicit answering(scripted_transport::script s)
        : transport(std::make_shared<scripted_transport>(ioc.get_executor(), std::move(s)))
        , api(ioc.get_executor(), options(), transport) {}

    static tallyfy::client_options options() {
        tallyfy::client_options o;
        o.base_url = "https://api.example/api";
        o.access_token = token;
        o.org_id = "org";
        return o;
    }

    // get_task's failure, through the default token (api_error) and through with_details.
    std::pair<tallyfy::api_error, tallyfy::error_details> fail() {
        auto thrown =
            asio::co_spawn(ioc, api.get_task({.task_id = "t1", .run_id = "r1"}), asio::use_future);
        tallyfy::error_details details;
        auto tokened = api.get_task({.task_id = "t1", .run_id = "r1"},
                                    tallyfy::with_details(details, asio::use_future));
        ioc.run();
        BOOST_CHECK_THROW(tokened.get(), boost::system::system_error);
        try {
            thrown.get();
        } catch (const tallyfy::api_error& e) {
            return {e, details};
        }
        BOOST_FAIL("the call should have failed");
        throw;
    }

    asio::io_context ioc{1};
    std::shared_ptr<scripted_transport> transport;
    tallyfy::client api;
};

} // namespace

BOOST_AUTO_TEST_CASE(printable_escapes_controls_and_bad_utf8_and_keeps_text) {
    BOOST_TEST(printable("\x1b]0;PWNED\x07\x1b[2J\rfake\nline") ==
               "\\x1b]0;PWNED\\x07\\x1b[2J\\rfake\\nline");
    BOOST_TEST(printable("caf\xc3\xa9 \xf0\x9f\x98\x80 ok") == "caf\xc3\xa9 \xf0\x9f\x98\x80 ok");
    BOOST_TEST(printable("\xc2\x9b"
                         "31m") == "\\u009b31m");               // C1 CSI
    BOOST_TEST(printable("\x7f\xff\xc3") == "\\x7f\\xff\\xc3"); // DEL, not UTF-8, truncated
    BOOST_TEST(printable("\xed\xa0\x80") == "\\xed\\xa0\\x80"); // a UTF-16 surrogate
}

BOOST_AUTO_TEST_CASE(printable_cuts_at_a_character_and_says_how_much) {
    const std::string huge(1 << 20, 'x');
    const auto shown = printable(huge, 1024);
    BOOST_TEST(shown.size() < 1100u);
    BOOST_TEST(shown.ends_with("...[+1047552 bytes]"));
    // Never half a character: the cut falls before the two-byte é.
    BOOST_TEST(printable("abc\xc3\xa9", 4) == "abc\xc3\xa9");
    BOOST_TEST(printable("abcd\xc3\xa9", 4) == "abcd...[+2 bytes]");
}

BOOST_AUTO_TEST_CASE(a_hostile_error_message_is_one_safe_line_without_the_token) {
    answering server([](const tallyfy::http_request& r) -> std::optional<tallyfy::http_response> {
        // The server echoes the Authorization header and paints the terminal.
        std::string echoed;
        for (const auto& h : r.headers)
            if (h.name == "Authorization")
                echoed = h.value;
        auto message = "\\u001b]0;PWNED\\u0007\\u001b[2J\\u001b[31mred\\rfake line\\n"
                       "tallyfy: task completed OK; bad header Authorization: " +
                       echoed;
        return scripted_transport::json(R"({"message":")" + message +
                                            R"(","code":"NOPE","errors":{")" + token +
                                            R"(":["field )" + token + R"("]}})",
                                        404);
    });
    auto [e, details] = server.fail();
    const std::string line = e.what();
    BOOST_TEST(line.find('\x1b') == std::string::npos);
    BOOST_TEST(line.find('\n') == std::string::npos);
    BOOST_TEST(line.find('\r') == std::string::npos);
    BOOST_TEST(line.find("\\x1b]0;PWNED") != std::string::npos, line);
    BOOST_TEST(line.find(token) == std::string::npos, line);
    BOOST_TEST(line.find("Bearer [redacted]") != std::string::npos, line);
    for (const tallyfy::error_details* d :
         {&e.details(), static_cast<const tallyfy::error_details*>(&details)}) {
        // Raw for code, redacted everywhere.
        BOOST_TEST(d->server_message.find('\x1b') != std::string::npos);
        BOOST_TEST(d->server_message.find(token) == std::string::npos);
        BOOST_TEST(d->body.find(token) == std::string::npos);
        BOOST_TEST(d->field_errors.count("[redacted]") == 1u);
        BOOST_TEST(d->field_errors.at("[redacted]").front() == "field [redacted]");
    }
}

BOOST_AUTO_TEST_CASE(a_huge_error_message_is_bounded_in_what_but_kept_in_the_body) {
    answering server([](const tallyfy::http_request&) -> std::optional<tallyfy::http_response> {
        return scripted_transport::json(R"({"message":")" + std::string(1 << 20, 'm') + R"("})",
                                        404);
    });
    auto [e, details] = server.fail();
    BOOST_TEST(std::string_view(e.what()).size() < 4096u);
    BOOST_TEST(details.server_message.size() == std::size_t(1 << 20));
}

// A Retry-After believed and waited for is the retry machine's (retry_machine_test:
// retry_after_in_both_forms_is_waited_and_recorded), without a real one-second sleep here.
BOOST_AUTO_TEST_CASE(retry_after_beyond_the_cap_is_quoted) {
    // Beyond the policy's cap: not retried, and the message says what the server asked.
    answering later([](const tallyfy::http_request&) -> std::optional<tallyfy::http_response> {
        auto busy = scripted_transport::json(R"({"message":"maintenance"})", 503);
        busy.headers.push_back({"Retry-After", "3600"});
        return busy;
    });
    auto [e, details] = later.fail();
    BOOST_TEST((e.error_value() == error::server_error));
    BOOST_TEST(later.transport->targets.size() == 2u); // one per call: no retry
    BOOST_TEST(std::string(e.what()).find("retry after '3600', beyond") != std::string::npos,
               e.what());
}
