// SPDX-License-Identifier: BSL-1.0
// upload_file sends multipart/form-data the sandbox reads back byte for byte, whatever the
// file holds; attaching is the second call; hostile names are refused before any I/O.
#include <boost/test/unit_test.hpp>

#include "support/sandbox_client_fixture.hpp"

#include <tallyfy/form_values.hpp>

namespace {

struct fixture : tallyfy::test::sandbox_client_fixture {
    tallyfy::run onboarding = launch("Client Onboarding");
    std::optional<tallyfy::form_field> pack; // read once
    tallyfy::form_field welcome_pack() {
        if (!pack) {
            auto fields = run(api.list_form_fields({.run_id = onboarding.id}));
            pack = tallyfy::find_field(fields, "Welcome pack");
        }
        return *pack;
    }
    tallyfy::upload_file_request upload(std::string filename, std::string content) {
        return {.filename = std::move(filename),
                .content = std::move(content),
                .content_type = "application/pdf",
                .subject_id = onboarding.id,
                .uploaded_from = welcome_pack().id};
    }
};

// Bytes a careless multipart writer would break on: CRLF, dashes, NUL, the boundary's prefix.
std::string awkward_bytes() {
    std::string bytes = "%PDF-1.7\r\n--\r\n\r\n";
    bytes += std::string("\0\xff\x01", 3);
    bytes += "\r\n--tallyfy-form-boundary-0-7MA4YWxkTrZu0gW\r\n"; // the first boundary tried
    bytes += std::string(5000, 'x');
    return bytes;
}

} // namespace

BOOST_FIXTURE_TEST_SUITE(files, fixture)

BOOST_AUTO_TEST_CASE(upload_then_attach) {
    const auto field = welcome_pack();
    const std::string task_id(field.raw->at("task_id").as_string());
    const std::string content = awkward_bytes();
    auto asset = run(api.upload_file(upload("welcome.pdf", content)));
    BOOST_TEST(asset.filename == "welcome.pdf");
    BOOST_TEST(asset.subject_id == onboarding.id);
    BOOST_TEST(asset.subject_type == "Run");
    BOOST_TEST(asset.uploaded_from == field.id);
    BOOST_TEST(asset.version == 1);
    BOOST_TEST(asset.raw->at("size").to_number<std::size_t>() == content.size()); // read back whole

    const auto sent = sandbox.recorder().requests().back();
    BOOST_TEST(sent.target.ends_with("/file"));
    const std::string type(sent.header("Content-Type").value_or(""));
    BOOST_TEST(type.starts_with("multipart/form-data; boundary="));
    const std::string boundary = type.substr(type.find('=') + 1);
    BOOST_TEST(content.find(boundary) == std::string::npos); // not the one the file holds
    BOOST_TEST(sent.body.find(content) != std::string::npos);

    // Uploading attached nothing; the second call does.
    tallyfy::get_task_request read{.task_id = task_id, .run_id = onboarding.id};
    read.with.form_fields = true;
    BOOST_TEST(tallyfy::find_field(*run(api.get_task(read)).form_fields, field.id).value.is_null());
    tallyfy::update_task_request attach{.task_id = task_id, .run_id = onboarding.id};
    attach.fields[field.id] = tallyfy::files_value({asset});
    run(api.update_task(attach));
    auto attached = tallyfy::find_field(*run(api.get_task(read)).form_fields, field.id).value;
    BOOST_TEST_REQUIRE(attached.is_array());
    BOOST_TEST(attached.as_array().at(0).at("id").as_string() == asset.id);

    // The asset can be read back.
    tallyfy::raw_request meta{.path = "/organizations/{org}/assets/" + asset.id};
    BOOST_TEST(run(api.request(meta)).at("data").at("filename").as_string() == "welcome.pdf");
}

BOOST_AUTO_TEST_CASE(refusals) {
    // A name that would inject a part header, an empty name or field: refused before any I/O.
    welcome_pack();
    const auto before = recorded();
    for (auto request : {upload("evil\r\nContent-Type: text/html.pdf", "x"), upload("", "x")}) {
        auto e = failure(api.upload_file(request));
        BOOST_TEST((e.error_value() == tallyfy::error::invalid_argument));
    }
    auto no_field = upload("a.pdf", "x");
    no_field.uploaded_from.clear();
    BOOST_TEST(
        (failure(api.upload_file(no_field)).error_value() == tallyfy::error::invalid_argument));
    BOOST_TEST(recorded() == before);

    // A quote in a name is sent escaped, and the API's own refusals are its 422s.
    auto quoted = run(api.upload_file(upload("say \"hi\".txt", "hi")));
    BOOST_TEST(quoted.filename == "say %22hi%22.txt");
    auto exe = failure(api.upload_file(upload("tool.exe", "MZ")));
    BOOST_TEST((exe.error_value() == tallyfy::error::validation_failed));
    BOOST_TEST(exe.details().field_errors.count("name") == 1u);
    auto elsewhere = upload("a.pdf", "x");
    elsewhere.subject_id = std::string(32, 'c');
    auto unknown = failure(api.upload_file(elsewhere));
    BOOST_TEST(unknown.details().field_errors.count("subject_id") == 1u);
    // Never re-sent after a lost answer: a second POST would store a second file.
    sandbox.faults().add("POST", "*/file",
                         {.kind = tallyfy::sandbox::fault_kind::reset_after_bytes, .bytes = 0});
    auto lost = failure(api.upload_file(upload("lost.pdf", "x")));
    BOOST_TEST((lost.error_value() == tallyfy::error::outcome_unknown));
}

BOOST_AUTO_TEST_SUITE_END()
