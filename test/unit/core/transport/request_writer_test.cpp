// SPDX-License-Identifier: BSL-1.0
// `detail::is_sendable`: CR, LF and NUL are refused wherever they are in a target or a header
// value (its scan tests eight bytes at a time, so every offset and length is tried), and no other
// byte is.
#include <boost/test/unit_test.hpp>

#include "core/transport/request_writer.hpp"

#include <string>

namespace {

tallyfy::http_request with_value(std::string value) {
    tallyfy::http_request r;
    r.method = tallyfy::http_method::get;
    r.target = "/api/me";
    r.headers.push_back({"X-Value", std::move(value)});
    return r;
}

tallyfy::http_request with_target(std::string target) {
    tallyfy::http_request r;
    r.method = tallyfy::http_method::get;
    r.target = std::move(target);
    return r;
}

} // namespace

BOOST_AUTO_TEST_SUITE(request_writer)

BOOST_AUTO_TEST_CASE(line_breaks_and_nul_refused_at_every_offset) {
    for (std::size_t length = 1; length <= 40; ++length) {
        for (std::size_t at = 0; at < length; ++at) {
            for (char bad : {'\r', '\n', '\0'}) {
                std::string value(length, 'a');
                value[at] = bad;
                BOOST_TEST(!tallyfy::detail::is_sendable(with_value(value)),
                           "length " << length << " at " << at << " byte " << int(bad));
                std::string target = "/" + std::string(length, 'x');
                target[1 + at] = bad;
                BOOST_TEST(!tallyfy::detail::is_sendable(with_target(target)),
                           "target length " << length << " at " << at);
            }
        }
    }
}

BOOST_AUTO_TEST_CASE(every_other_byte_accepted_in_a_value) {
    for (int b = 0; b < 256; ++b) {
        const char c = static_cast<char>(b);
        if (c == '\r' || c == '\n' || c == '\0')
            continue;
        // The byte alone, in every lane of a word, and next to bytes just above the refused ones.
        for (std::size_t at = 0; at < 17; ++at) {
            std::string value(17, '\x0e');
            value[at] = c;
            BOOST_TEST(tallyfy::detail::is_sendable(with_value(value)),
                       "byte " << b << " at " << at);
        }
    }
    BOOST_TEST(tallyfy::detail::is_sendable(with_value("")));
    BOOST_TEST(tallyfy::detail::is_sendable(with_value("Bearer abc.def-ghi_jkl")));
}

BOOST_AUTO_TEST_SUITE_END()
