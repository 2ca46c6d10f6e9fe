// SPDX-License-Identifier: BSL-1.0
// find_field and field_value_from_text: the official CLI's order of matches, refusals that name
// the cause, values typed by field kind.
#include <boost/test/unit_test.hpp>

#include <tallyfy/form_values.hpp>

#include <boost/json/parse.hpp>

#include <stdexcept>
#include <string>

namespace json = boost::json;

namespace {

tallyfy::form_field field(std::string id, std::string label, std::string type,
                          std::vector<tallyfy::field_option> options = {}) {
    tallyfy::form_field f;
    f.id = std::move(id);
    f.label = std::move(label);
    f.field_type = std::move(type);
    f.options = std::move(options);
    return f;
}

std::string refusal(auto call) {
    try {
        call();
    } catch (const std::invalid_argument& e) {
        return e.what();
    }
    return "(accepted)";
}

const std::vector<tallyfy::field_option> regions{{1, "EMEA"}, {2, "APAC"}, {3, "Americas"}};

} // namespace

BOOST_AUTO_TEST_SUITE(form_values)

BOOST_AUTO_TEST_CASE(fields_are_found_by_id_alias_label_then_ignoring_case) {
    std::vector<tallyfy::form_field> fields{field("f1", "Client", "text"),
                                            field("f2", "client", "text"),
                                            field("f3", "Region", "dropdown", regions)};
    fields[2].alias = "region-code";
    BOOST_TEST(tallyfy::find_field(fields, "f3").id == "f3");
    BOOST_TEST(tallyfy::find_field(fields, " region-code ").id == "f3");
    BOOST_TEST(tallyfy::find_field(fields, "REGION").id == "f3");
    // An exact label beats a case-insensitive one; two case-insensitive matches are a tie.
    BOOST_TEST(tallyfy::find_field(fields, "client").id == "f2");
    BOOST_TEST(refusal([&] { tallyfy::find_field(fields, "CLIENT"); }).find("ambiguous") !=
               std::string::npos);
    const auto unknown = refusal([&] { tallyfy::find_field(fields, "Budget"); });
    BOOST_TEST(unknown.find("no form field 'Budget'") != std::string::npos);
    BOOST_TEST(unknown.find("'Region' (dropdown, id f3)") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(server_text_in_a_refusal_is_escaped) {
    std::vector<tallyfy::form_field> fields{field("f1", "evil\x1b[2J\nlabel", "text")};
    const auto message = refusal([&] { tallyfy::find_field(fields, "x"); });
    BOOST_TEST(message.find('\x1b') == std::string::npos);
    BOOST_TEST(message.find('\n') == std::string::npos);
}

BOOST_AUTO_TEST_CASE(values_are_typed_by_field_kind) {
    auto dropdown =
        tallyfy::field_value_from_text(field("d", "Region", "dropdown", regions), "apac");
    const auto& choice = std::get<tallyfy::dropdown_choice>(dropdown);
    BOOST_TEST(choice.id == 2);
    BOOST_TEST(choice.text == "APAC");
    auto radio = tallyfy::field_value_from_text(field("r", "Region", "radio", regions), "americas");
    BOOST_TEST(std::get<std::string>(radio) == "Americas");
    auto many =
        tallyfy::field_value_from_text(field("m", "Regions", "multiselect", regions), "EMEA, apac");
    const auto& chosen = std::get<std::vector<tallyfy::checklist_choice>>(many);
    BOOST_TEST_REQUIRE(chosen.size() == 2u);
    BOOST_TEST(chosen[1].text == "APAC");
    BOOST_TEST(chosen[1].selected);
    auto as_json = tallyfy::field_value_from_text(field("m", "Regions", "multiselect", regions),
                                                  R"(["Americas"])");
    BOOST_TEST(std::get<std::vector<tallyfy::checklist_choice>>(as_json).at(0).id == 3);
    auto files = tallyfy::field_value_from_text(field("f", "Contract", "file"),
                                                "https://example.com/a/b.pdf?x=1");
    BOOST_TEST(
        std::get<json::array>(files) ==
        json::parse(
            R"([{"filename":"b.pdf","source":"url","url":"https://example.com/a/b.pdf?x=1"}])")
            .as_array());
    auto table = tallyfy::field_value_from_text(field("t", "Items", "table"), R"(["a", 2])");
    BOOST_TEST(std::get<json::array>(table).size() == 2u);
    auto text = tallyfy::field_value_from_text(field("x", "Notes", "textarea"), "");
    BOOST_TEST(std::get<std::string>(text).empty()); // "" clears the field
}

BOOST_AUTO_TEST_CASE(a_value_that_fits_no_choice_lists_the_choices) {
    const auto message = refusal(
        [] { tallyfy::field_value_from_text(field("d", "Region", "dropdown", regions), "Mars"); });
    BOOST_TEST(message.find("form field 'Region': 'Mars' is not one of its options") !=
               std::string::npos);
    BOOST_TEST(message.find("'EMEA', 'APAC', 'Americas'") != std::string::npos);
    BOOST_TEST(refusal([] {
                   tallyfy::field_value_from_text(field("t", "Items", "table"), "[1,");
               }).find("not a JSON array") != std::string::npos);
    BOOST_TEST(refusal([] {
                   tallyfy::field_value_from_text(field("f", "Contract", "file"), "notaurl");
               }).find("is not a URL") != std::string::npos);
}

BOOST_AUTO_TEST_SUITE_END()
