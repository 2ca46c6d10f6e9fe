// SPDX-License-Identifier: BSL-1.0
// Shared helpers for the emulator unit tests: build requests, call `handle`, parse the JSON.
#pragma once

#include "support/kickoff_values.hpp"

#include <sandbox/api/api_emulator.hpp>

#include <boost/json.hpp>
#include <boost/test/unit_test.hpp>

#include <memory>
#include <string>

namespace sandbox_test {

namespace json = boost::json;
using tallyfy::sandbox::api_emulator;
using tallyfy::sandbox::api_options;
using tallyfy::sandbox::api_request;
using tallyfy::sandbox::api_response;

inline constexpr const char* origin = "https://127.0.0.1:4000";

struct result {
    unsigned status = 0;
    json::value body;
    api_response raw;

    std::string header(std::string_view name) const {
        for (const auto& [k, v] : raw.headers)
            if (k == name)
                return v;
        return {};
    }
    const json::object& data() const { return body.at("data").as_object(); }
    const json::array& list() const { return body.at("data").as_array(); }
    const json::object& pagination() const { return body.at("meta").at("pagination").as_object(); }
};

struct emulator_fixture {
    explicit emulator_fixture(api_options o = {})
        : emu(std::make_unique<api_emulator>(std::move(o)))
        , org(emu->org_id())
        , token(emu->default_token())
        , data(emu->export_data()) {}

    std::unique_ptr<api_emulator> emu;
    std::string org;
    std::string token;
    json::object data;

    std::string base() const { return "/api/organizations/" + org; }

    result send(const api_request& r) {
        result out;
        out.raw = emu->handle(r);
        out.status = out.raw.status;
        if (!out.raw.body.empty()) {
            boost::system::error_code ec;
            out.body = json::parse(out.raw.body, ec);
            BOOST_TEST_REQUIRE(!ec, "response body is not JSON: " << out.raw.body);
        }
        return out;
    }

    /// `path` is appended to base() unless it starts with "/api" or "//" (absolute).
    result call(std::string_view method, std::string path, std::string body = {}) {
        std::string target = path.rfind("/api", 0) == 0 ? path : base() + path;
        std::string auth = "Bearer " + token;
        api_request r;
        r.method = method;
        r.target = target;
        r.authorization = auth;
        r.has_client_header = true;
        r.client_header = "APIClient";
        r.content_type = "application/json";
        r.body = body;
        r.origin = origin;
        return send(r);
    }
    result get(std::string path) { return call("GET", std::move(path)); }
    result post(std::string path, const json::value& body) {
        return call("POST", std::move(path), json::serialize(body));
    }
    result put(std::string path, const json::value& body) {
        return call("PUT", std::move(path), json::serialize(body));
    }
    result del(std::string path) { return call("DELETE", std::move(path)); }

    const json::object& checklist(std::size_t i) const {
        return data.at("checklists").as_array().at(i).as_object();
    }
    std::string checklist_id(std::size_t i) const {
        return std::string(checklist(i).at("id").as_string());
    }
    /// Id of the kick-off field of checklist 0 with the given type.
    std::string prerun_field(std::string_view type) const {
        for (const auto& f : checklist(0).at("prerun").as_array())
            if (f.at("field_type").as_string() == type)
                return std::string(f.at("id").as_string());
        return {};
    }
    std::string step_id(std::size_t checklist_index, std::size_t step) const {
        return std::string(
            checklist(checklist_index).at("steps").as_array().at(step).at("id").as_string());
    }
    std::int64_t user_id(std::size_t i) const {
        return data.at("users").as_array().at(i).at("id").as_int64();
    }

    /// Launches checklist `i` with `extra` body fields (its required kick-off fields filled
    /// unless `extra` sets them); requires 201.
    json::object launch(std::size_t i, json::object extra = {}) {
        extra["checklist_id"] = checklist_id(i);
        json::object prerun = tallyfy::test::required_prerun(checklist(i));
        if (auto* given = extra.if_contains("prerun"); given != nullptr && given->is_object())
            for (const auto& [k, v] : given->get_object())
                prerun[k] = v;
        extra["prerun"] = std::move(prerun);
        auto r = post("/runs", extra);
        BOOST_TEST_REQUIRE(r.status == 201u, r.raw.body);
        return r.data();
    }
    /// Task ids of a run, in position order.
    std::vector<std::string> task_ids(std::string_view run_id) {
        auto r = get("/runs/" + std::string(run_id) + "/tasks?per_page=100");
        BOOST_TEST_REQUIRE(r.status == 200u);
        std::vector<std::string> out;
        for (const auto& t : r.list())
            out.emplace_back(t.at("id").as_string());
        return out;
    }
    result complete(std::string_view run_id, std::string_view task_id, json::object extra = {}) {
        extra["task_id"] = task_id;
        return post("/runs/" + std::string(run_id) + "/completed-tasks", extra);
    }
    /// Fills the required "Account number" field of the first onboarding task.
    void fill_required(std::string_view run_id, std::string_view task_id) {
        const auto& step = checklist(0).at("steps").as_array().at(0).as_object();
        json::object taskdata;
        for (const auto& f : step.at("form_fields").as_array())
            if (f.at("required").as_bool())
                taskdata[f.at("id").as_string()] = "ACC-1";
        auto r = put("/runs/" + std::string(run_id) + "/tasks/" + std::string(task_id),
                     json::object{{"taskdata", taskdata}});
        BOOST_TEST_REQUIRE(r.status == 200u, r.raw.body);
    }
};

} // namespace sandbox_test
