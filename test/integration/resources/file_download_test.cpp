// SPDX-License-Identifier: BSL-1.0
// download_file, delete_file, archive_asset and get_asset against the sandbox over TLS: the bytes
// that come back are the bytes uploaded (inline with their content type, or as an attachment), the
// body is bounded by the transport's limit, a deleted file is a 404, an archived asset keeps its
// record, hostile ids are refused before any I/O.
#include <boost/test/unit_test.hpp>

#include "support/sandbox_client_fixture.hpp"

#include <tallyfy/form_values.hpp>

namespace {

struct fixture : tallyfy::test::sandbox_client_fixture {
    tallyfy::run onboarding = launch("Client Onboarding");
    tallyfy::asset upload(std::string filename, std::string content, std::string type) {
        auto fields = run(api.list_form_fields({.run_id = onboarding.id}));
        tallyfy::upload_file_request request{.filename = std::move(filename),
                                             .content = std::move(content),
                                             .content_type = std::move(type),
                                             .subject_id = onboarding.id,
                                             .uploaded_from =
                                                 tallyfy::find_field(fields, "Welcome pack").id};
        return run(api.upload_file(request));
    }
    std::string last_target() { return sandbox.recorder().requests().back().target; }
};

bool error_is(const tallyfy::api_error& e, tallyfy::error expected) {
    return e.error_value() == expected;
}

// Every byte value, CRLFs and a NUL: nothing may be parsed or trimmed on the way back.
std::string binary_bytes() {
    std::string bytes = "%PDF-1.7\r\n\r\n";
    for (int i = 0; i < 256; ++i)
        bytes += static_cast<char>(i);
    bytes += std::string(70000, 'z'); // more than one read
    return bytes;
}

} // namespace

BOOST_FIXTURE_TEST_SUITE(file_download, fixture)

BOOST_AUTO_TEST_CASE(download_inline_and_as_attachment) {
    const std::string bytes = binary_bytes();
    const auto asset = upload("report.pdf", bytes, "application/pdf");

    tallyfy::download_file_request inline_read{.file_id = asset.id};
    const auto got = run(api.download_file(inline_read));
    BOOST_TEST(got.bytes.size() == bytes.size());
    BOOST_TEST((got.bytes == bytes));
    BOOST_TEST(got.content_type == "application/pdf");
    BOOST_TEST(got.filename == "report.pdf");
    const auto sent = sandbox.recorder().requests().back();
    BOOST_TEST(sent.method == "GET");
    BOOST_TEST(sent.target.ends_with("/organizations/" + sandbox.org_id() + "/file/" + asset.id));
    BOOST_TEST(sent.header("Accept").value_or("") == "*/*");

    tallyfy::download_file_request attachment{.file_id = asset.id, .attachment = true};
    const auto dl = run(api.download_file(attachment));
    BOOST_TEST((dl.bytes == bytes));
    BOOST_TEST(dl.content_type == "application/octet-stream");
    BOOST_TEST(dl.filename == "report.pdf");
    BOOST_TEST(last_target().ends_with("/file/" + asset.id + "/dl"));

    // A quoted filename comes back unescaped.
    const auto quoted = upload("a \"b\".txt", "hi", "text/plain");
    tallyfy::download_file_request read_quoted{.file_id = quoted.id};
    const auto q = run(api.download_file(read_quoted));
    BOOST_TEST(q.bytes == "hi");
    BOOST_TEST(q.filename == quoted.filename);
}

BOOST_AUTO_TEST_CASE(bounded_by_the_transport_limit) {
    const auto asset = upload("big.pdf", std::string(5000, 'b'), "application/pdf");
    auto options = options_for(sandbox);
    options.transport.max_body_bytes = 1000;
    tallyfy::client small{ioc.get_executor(), options};
    tallyfy::download_file_request read{.file_id = asset.id};
    auto e = failure(small.download_file(read));
    BOOST_TEST(error_is(e, tallyfy::error::body_too_large));
}

BOOST_AUTO_TEST_CASE(delete_then_404) {
    const auto asset = upload("gone.txt", "bye", "text/plain");
    tallyfy::delete_file_request remove{.file_id = asset.id};
    const auto answer = run(api.delete_file(remove));
    BOOST_TEST(answer.is_null()); // 200, empty body
    BOOST_TEST(sandbox.recorder().requests().back().method == "DELETE");
    BOOST_TEST(last_target().ends_with("/file/" + asset.id));

    tallyfy::download_file_request read{.file_id = asset.id};
    BOOST_TEST(error_is(failure(api.download_file(read)), tallyfy::error::not_found));
    BOOST_TEST(error_is(failure(api.delete_file(remove)), tallyfy::error::not_found));
}

BOOST_AUTO_TEST_CASE(archive_keeps_the_record) {
    const auto asset = upload("kept.txt", "still here", "text/plain");
    tallyfy::raw_request meta{.path = "/organizations/{org}/assets/" + asset.id};
    BOOST_TEST(!run(api.request(meta)).at("data").as_object().contains("archived_at"));

    tallyfy::archive_asset_request archive{.asset_id = asset.id};
    BOOST_TEST(run(api.archive_asset(archive)).is_null());
    BOOST_TEST(sandbox.recorder().requests().back().method == "DELETE");
    BOOST_TEST(last_target().ends_with("/assets/" + asset.id));
    const auto record = run(api.request(meta)).at("data");
    BOOST_TEST(record.at("archived_at").is_string());
    BOOST_TEST(record.at("filename").as_string() == "kept.txt");
    // Only the record is archived: the file can still be read.
    tallyfy::download_file_request read{.file_id = asset.id};
    BOOST_TEST(run(api.download_file(read)).bytes == "still here");

    tallyfy::archive_asset_request unknown{.asset_id = std::string(32, 'a')};
    BOOST_TEST(error_is(failure(api.archive_asset(unknown)), tallyfy::error::not_found));
}

BOOST_AUTO_TEST_CASE(get_asset_reads_the_record) {
    const auto uploaded = upload("notes.txt", "the record", "text/plain");
    tallyfy::get_asset_request read{.asset_id = uploaded.id};
    const auto got = run(api.get_asset(read));
    BOOST_TEST(got.id == uploaded.id);
    BOOST_TEST(got.filename == "notes.txt");
    BOOST_TEST(got.subject_id == onboarding.id);
    BOOST_TEST(got.subject_type == "Run");
    BOOST_TEST(got.uploaded_from == uploaded.uploaded_from);
    BOOST_TEST(sandbox.recorder().requests().back().method == "GET");
    BOOST_TEST(last_target().ends_with("/assets/" + uploaded.id));

    tallyfy::get_asset_request unknown{.asset_id = std::string(32, 'a')};
    BOOST_TEST(error_is(failure(api.get_asset(unknown)), tallyfy::error::not_found));
}

BOOST_AUTO_TEST_CASE(hostile_ids_refused_before_io) {
    const auto before = recorded();
    for (const char* id : {"", ".", "..", "a\r\nX-Injected: 1"}) {
        tallyfy::download_file_request read{.file_id = id};
        BOOST_TEST(error_is(failure(api.download_file(read)), tallyfy::error::invalid_argument));
        tallyfy::delete_file_request remove{.file_id = id};
        BOOST_TEST(error_is(failure(api.delete_file(remove)), tallyfy::error::invalid_argument));
        tallyfy::archive_asset_request archive{.asset_id = id};
        BOOST_TEST(error_is(failure(api.archive_asset(archive)), tallyfy::error::invalid_argument));
        tallyfy::get_asset_request meta{.asset_id = id};
        BOOST_TEST(error_is(failure(api.get_asset(meta)), tallyfy::error::invalid_argument));
    }
    BOOST_TEST(recorded() == before);
}

BOOST_AUTO_TEST_SUITE_END()
