// SPDX-License-Identifier: BSL-1.0
#include "emulator_fixture.hpp"

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <regex>
#include <set>

using namespace sandbox_test;

BOOST_AUTO_TEST_SUITE(seed_data)

namespace {
bool is_hex32(std::string_view s) {
    static const std::regex re("^[0-9a-f]{32}$");
    return std::regex_match(s.begin(), s.end(), re);
}

std::filesystem::path temp_file(const std::string& name, const std::string& content) {
    auto p = std::filesystem::temp_directory_path() /
             (name + "_" + std::to_string(std::hash<std::string>{}(content)) + ".json");
    std::ofstream(p, std::ios::binary) << content;
    return p;
}
} // namespace

BOOST_AUTO_TEST_CASE(same_seed_same_data_different_seed_different_ids) {
    api_options a;
    a.seed = 42;
    api_options b = a;
    api_options c;
    c.seed = 43;
    api_emulator ea(a), eb(b), ec(c);
    BOOST_TEST(json::serialize(ea.export_data()) == json::serialize(eb.export_data()));
    BOOST_TEST(ea.default_token() == eb.default_token());
    BOOST_TEST(ea.org_id() != ec.org_id());
    BOOST_TEST(ea.default_token() != ec.default_token());
    BOOST_TEST(ea.checklist_summaries().at(0).at("id") != ec.checklist_summaries().at(0).at("id"));
}

BOOST_AUTO_TEST_CASE(seeded_data_is_complete_and_ids_are_hex) {
    emulator_fixture f;
    BOOST_TEST(is_hex32(f.org));
    const auto& d = f.data;
    BOOST_TEST(d.at("users").as_array().size() >= 2u);
    std::set<std::string> types;
    bool approval = false, required_step_field = false;
    for (const auto& u : d.at("users").as_array()) {
        BOOST_TEST(u.at("id").is_int64());
        BOOST_TEST(u.at("email").as_string().find('@') != std::string::npos);
    }
    for (const auto& c : d.at("checklists").as_array()) {
        BOOST_TEST(is_hex32(c.at("id").as_string()));
        for (const auto& fld : c.at("prerun").as_array()) {
            BOOST_TEST(is_hex32(fld.at("id").as_string()));
            types.insert(std::string(fld.at("field_type").as_string()));
        }
        for (const auto& s : c.at("steps").as_array()) {
            BOOST_TEST(is_hex32(s.at("id").as_string()));
            approval = approval || s.at("task_type").as_string() == "approval";
            for (const auto& fld : s.at("form_fields").as_array())
                required_step_field = required_step_field || fld.at("required").as_bool();
        }
    }
    BOOST_TEST((types == std::set<std::string>{"text", "textarea", "date", "radio", "dropdown",
                                               "multiselect", "file", "email"}));
    BOOST_TEST(approval);
    BOOST_TEST(required_step_field);
    auto run = f.launch(0);
    BOOST_TEST(is_hex32(run.at("id").as_string()));
    for (const auto& id : f.task_ids(run.at("id").as_string()))
        BOOST_TEST(is_hex32(id));
}

BOOST_AUTO_TEST_CASE(data_file_round_trip) {
    api_options a;
    a.seed = 7;
    api_emulator original(a);
    auto exported = original.export_data();
    auto path = temp_file("tallyfy_sandbox_roundtrip", json::serialize(exported));
    api_options b;
    b.seed = 99; // ignored for org data when a file is given
    b.data_file = path.string();
    emulator_fixture loaded(b);
    std::filesystem::remove(path);
    BOOST_TEST(json::serialize(loaded.data) == json::serialize(exported));
    BOOST_TEST(loaded.org == original.org_id());
    auto run = loaded.launch(0);
    BOOST_TEST(run.at("checklist_id").as_string() ==
               exported.at("checklists").at(0).at("id").as_string());
}

BOOST_AUTO_TEST_CASE(bad_data_files_throw_clear_errors) {
    auto expect_throw = [](const std::string& content, const std::string& needle) {
        auto path = temp_file("tallyfy_sandbox_bad", content);
        api_options o;
        o.data_file = path.string();
        bool thrown = false;
        try {
            api_emulator e(o);
        } catch (const std::runtime_error& err) {
            thrown = true;
            const std::string what = err.what();
            BOOST_TEST(what.find(path.string()) != std::string::npos, what);
            BOOST_TEST(what.find(needle) != std::string::npos, what);
        }
        std::filesystem::remove(path);
        BOOST_TEST(thrown, content);
    };
    expect_throw("{not json", "not valid JSON");
    expect_throw("[]", "expected an object");
    expect_throw(R"({"org_id":"xyz","users":[],"checklists":[]})", "org_id");
    api_emulator ok(api_options{});
    auto data = ok.export_data();
    data["users"] = json::array{};
    expect_throw(json::serialize(data), "users");
    data = ok.export_data();
    data["checklists"].as_array()[0].as_object()["prerun"].as_array()[0].as_object()["field_type"] =
        "hologram";
    expect_throw(json::serialize(data), "hologram");

    data = ok.export_data();
    data["users"].as_array().push_back(data["users"].as_array()[0]);
    expect_throw(json::serialize(data), "duplicate user id");
    data = ok.export_data();
    data["checklists"]
        .as_array()[0]
        .as_object()["steps"]
        .as_array()[0]
        .as_object()["deadline_days"] = std::int64_t(1) << 60;
    expect_throw(json::serialize(data), "deadline_days");

    api_options missing;
    missing.data_file = "/nonexistent/dir/file.json";
    BOOST_CHECK_THROW(api_emulator e(missing), std::runtime_error);
}

BOOST_AUTO_TEST_SUITE_END()
