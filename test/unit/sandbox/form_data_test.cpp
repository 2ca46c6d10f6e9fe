// SPDX-License-Identifier: BSL-1.0
// The sandbox's multipart/form-data reader: what a browser or curl sends is read part by part;
// a malformed body is refused with a reason, never half-read.
#include <boost/test/unit_test.hpp>

#include "sandbox/api/form_data.hpp"

using tallyfy::sandbox::detail::parse_form_data;

namespace {

const std::string type = "multipart/form-data; boundary=XyZ";

} // namespace

BOOST_AUTO_TEST_SUITE(form_data)

BOOST_AUTO_TEST_CASE(reads_fields_and_files) {
    const std::string body =
        "--XyZ\r\n"
        "Content-Disposition: form-data; name=\"subject_id\"\r\n\r\n"
        "abc\r\n"
        "--XyZ\r\n"
        "content-disposition: form-data; name=\"name\"; filename=\"a;b.pdf\"\r\n"
        "Content-Type: application/pdf\r\n\r\n"
        "line\r\n--not the boundary\r\n"
        "\r\n--XyZ--\r\nepilogue";
    std::string why;
    auto parts = parse_form_data(type, body, why);
    BOOST_TEST_REQUIRE(parts.has_value(), why);
    BOOST_TEST_REQUIRE(parts->size() == 2u);
    BOOST_TEST((*parts)[0].name == "subject_id");
    BOOST_TEST((*parts)[0].value == "abc");
    BOOST_TEST(!(*parts)[0].filename.has_value());
    BOOST_TEST((*parts)[1].filename.value_or("") == "a;b.pdf");
    BOOST_TEST((*parts)[1].content_type == "application/pdf");
    BOOST_TEST((*parts)[1].value == "line\r\n--not the boundary\r\n");
    // A quoted boundary parameter, other parameters around it.
    auto quoted =
        parse_form_data("Multipart/Form-Data; charset=utf-8; boundary=\"XyZ\"", body, why);
    BOOST_TEST(quoted.has_value());
}

BOOST_AUTO_TEST_CASE(refuses_malformed_bodies) {
    const std::string part = "--XyZ\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nv\r\n";
    struct bad_case {
        std::string content_type;
        std::string body;
    };
    for (const auto& c : std::vector<bad_case>{
             {"application/json", part + "--XyZ--"},
             {"multipart/form-data", part + "--XyZ--"},            // no boundary
             {"multipart/form-data; boundary=", part + "--XyZ--"}, // an empty one
             {type, "preamble" + part + "--XyZ--"},                // not at the start
             {type, part},                                         // never closed
             {type, "--XyZ\r\nContent-Disposition: form-data\r\n\r\nv\r\n--XyZ--"}, // no name
             {type, "--XyZ\r\nX-Other: 1\r\n\r\nv\r\n--XyZ--"},                 // no disposition
             {type, "--XyZ\r\nContent-Disposition: form-data; name=\"a\"\r\n"}, // headers cut
             {type, "--XyZ\r\nno colon here\r\n\r\nv\r\n--XyZ--"},
             {type, "--XyZ"},
             {type, ""}}) {
        std::string why;
        BOOST_TEST(!parse_form_data(c.content_type, c.body, why).has_value(), c.body);
        BOOST_TEST(!why.empty());
    }
}

BOOST_AUTO_TEST_SUITE_END()
