// SPDX-License-Identifier: BSL-1.0
// What the tool prints: strict JSON whatever the server sent; the --output formats as pure
// functions (CSV quoting, table width and escaping, dotted fields, the shapes of a list and of a
// single result, the settings from flags, environment and terminal).
#include "args.hpp"
#include "csv.hpp"
#include "output.hpp"
#include "output_format.hpp"
#include "output_sink.hpp"
#include "table.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <map>
#include <sstream>
#include <string>
#include <vector>

namespace json = boost::json;

BOOST_AUTO_TEST_CASE(numbers_beyond_double_are_strict_json) {
    // Boost.JSON keeps 1e400 as infinity and serializes it as `Infinity`, which is not JSON.
    auto v = json::parse(R"({"extra":1e400,"low":-1e400,"s":"Infinity and NaN","n":[1e400]})");
    const auto line = tallyfy_cli::strict_json(json::serialize(v));
    BOOST_TEST(line == R"({"extra":1e999,"low":-1e999,"s":"Infinity and NaN","n":[1e999]})");
    boost::system::error_code ec;
    json::parse(line, ec); // a strict parser reads it back
    BOOST_TEST(!ec);
    // Text without those tokens is left as it is.
    BOOST_TEST(tallyfy_cli::strict_json(R"({"a":"\"Infinity"})") == R"({"a":"\"Infinity"})");
}

// --- formats: pure functions ------------------------------------------------------------------

namespace {

using tallyfy_cli::list_writer;
using tallyfy_cli::output_format;
using tallyfy_cli::output_settings;

// A list_writer's whole output with `settings`, fed `items`.
std::string list_output(output_settings settings, const std::vector<json::value>& items,
                        bool live = false) {
    std::string out;
    {
        list_writer w(
            std::move(settings), [&](std::string_view text) { out += text; }, live);
        for (const auto& v : items)
            w.item(v);
    } // the destructor finishes the list
    return out;
}

output_settings with(output_format f, std::vector<std::string> fields = {}, std::size_t width = 0) {
    output_settings s;
    s.format = f;
    s.fields = std::move(fields);
    s.width = width;
    return s;
}

} // namespace

BOOST_AUTO_TEST_CASE(csv_quotes_as_rfc_4180) {
    using tallyfy_cli::csv_field;
    BOOST_TEST(csv_field("plain text") == "plain text");
    BOOST_TEST(csv_field("") == "");
    BOOST_TEST(csv_field("a,b") == "\"a,b\"");
    BOOST_TEST(csv_field("say \"hi\"") == "\"say \"\"hi\"\"\"");
    BOOST_TEST(csv_field("two\nlines") == "\"two\nlines\"");
    BOOST_TEST(csv_field("cr\rhere") == "\"cr\rhere\"");
    BOOST_TEST(tallyfy_cli::csv_row({"a", "b,c", ""}) == "a,\"b,c\",\n");
}

BOOST_AUTO_TEST_CASE(table_cells_are_measured_cut_and_escaped) {
    using tallyfy_cli::display_width;
    using tallyfy_cli::fit_width;
    BOOST_TEST(display_width("abc") == 3u);
    BOOST_TEST(display_width("h\xc3\xa9llo") == 5u);             // é: two bytes, one column
    BOOST_TEST(display_width("\xe6\x97\xa5\xe6\x9c\xac") == 4u); // 日本: wide
    BOOST_TEST(display_width("e\xcc\x81") == 1u);                // e + combining acute
    BOOST_TEST(fit_width("abcdef", 6) == "abcdef");
    BOOST_TEST(fit_width("abcdef", 4) == "abc\xe2\x80\xa6");
    // Never half a code point: é is kept whole or dropped whole.
    BOOST_TEST(fit_width("\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9", 3) == "\xc3\xa9\xc3\xa9\xe2\x80\xa6");
    // A wide character that does not fit before the ellipsis is left out.
    BOOST_TEST(fit_width("a\xe6\x97\xa5\xe6\x9c\xac", 3) == "a\xe2\x80\xa6");

    // Server text cannot drive the terminal: control characters are shown escaped.
    const std::string table =
        tallyfy_cli::render_table({{"id", "title"}, {"1", "evil\x1b]0;pwned\x07\ntitle"}}, 0);
    BOOST_TEST(table.find('\x1b') == std::string::npos);
    BOOST_TEST(table.find('\x07') == std::string::npos);
    BOOST_TEST(table.find("evil\\x1b]0;pwned\\x07\\ntitle") != std::string::npos, table);
    BOOST_TEST(std::count(table.begin(), table.end(), '\n') == 2);
}

BOOST_AUTO_TEST_CASE(tables_fit_the_width) {
    const std::string long_title(200, 'x');
    const std::string table =
        tallyfy_cli::render_table({{"id", "title", "status"}, {"42", long_title, "active"}}, 40);
    std::istringstream lines(table);
    for (std::string line; std::getline(lines, line);)
        BOOST_TEST(tallyfy_cli::display_width(line) <= 40u, line);
    BOOST_TEST(table.find("\xe2\x80\xa6") != std::string::npos); // the long title was cut
    BOOST_TEST(table.find("active") != std::string::npos);       // the narrow columns kept whole
    BOOST_TEST(table.find("42") != std::string::npos);
    // Unlimited: nothing cut; columns padded, no trailing spaces.
    const std::string wide = tallyfy_cli::render_table({{"a", "b"}, {"long cell", "x"}}, 0);
    BOOST_TEST(wide == "a          b\nlong cell  x\n");
}

BOOST_AUTO_TEST_CASE(fields_by_dotted_path) {
    auto v = json::parse(R"({"id":"t1","run":{"name":"R","tags":["a","b"]},"a.b":1,"n":null})");
    using tallyfy_cli::cell_text;
    using tallyfy_cli::field_at;
    BOOST_TEST(cell_text(field_at(v, "run.name")) == "R");
    BOOST_TEST(cell_text(field_at(v, "run.tags.1")) == "b");
    BOOST_TEST(cell_text(field_at(v, "run.tags")) == R"(["a","b"])");
    BOOST_TEST(cell_text(field_at(v, "a.b")) == "1");
    BOOST_TEST(field_at(v, "run.missing") == nullptr);
    BOOST_TEST(field_at(v, "run.tags.9") == nullptr);
    BOOST_TEST(cell_text(field_at(v, "n")) == "");
    BOOST_CHECK_THROW(tallyfy_cli::parse_field_list("id,,title"), tallyfy_cli::usage_error);
    BOOST_TEST(tallyfy_cli::parse_field_list(" id , run.name") ==
                   (std::vector<std::string>{"id", "run.name"}),
               boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(a_list_keeps_its_shape_whatever_its_size) {
    const json::value one = json::parse(R"({"id":"a","title":"One","status":"active","x":[1]})");
    const json::value two = json::parse(R"({"id":"b","title":"Two, \"2\"","status":"done"})");
    // json: an array, also of one item and of none.
    BOOST_TEST(json::parse(list_output(with(output_format::json), {one})).as_array().size() == 1u);
    BOOST_TEST(list_output(with(output_format::json), {}) == "[]\n");
    auto both = json::parse(list_output(with(output_format::json), {one, two})).as_array();
    BOOST_TEST(both.size() == 2u);
    BOOST_TEST(both[1].at("title").as_string() == "Two, \"2\"");
    // ndjson: a line per item.
    BOOST_TEST(list_output(with(output_format::ndjson), {one, two}) ==
               json::serialize(one) + "\n" + json::serialize(two) + "\n");
    // csv: header + rows, default columns, quoting.
    BOOST_TEST(list_output(with(output_format::csv), {one, two}) ==
               "id,title,status\na,One,active\nb,\"Two, \"\"2\"\"\",done\n");
    // --fields: those columns, nested values as compact JSON, missing ones empty.
    BOOST_TEST(list_output(with(output_format::csv, {"id", "x", "nope.deep"}), {one}) ==
               "id,x,nope.deep\na,[1],\n");
    BOOST_TEST(list_output(with(output_format::csv, {"id"}), {}) == "id\n");
    // table: header + rows.
    BOOST_TEST(list_output(with(output_format::table), {one, two}) ==
               "id  title     status\na   One       active\nb   Two, \"2\"  done\n");
    BOOST_TEST(list_output(with(output_format::table, {"title"}), {one}) == "title\nOne\n");
    // ndjson/json with --fields: objects keyed by the paths.
    BOOST_TEST(list_output(with(output_format::ndjson, {"id", "nope"}), {one}) ==
               "{\"id\":\"a\",\"nope\":null}\n");
}

BOOST_AUTO_TEST_CASE(objects_and_values_are_written_alike) {
    const json::object o = json::parse(R"({"id":"a","n":1e400})").as_object();
    for (auto format : {output_format::ndjson, output_format::json, output_format::csv}) {
        std::string from_object, from_value;
        {
            list_writer a(with(format), [&](std::string_view t) { from_object += t; });
            a.item(o);
            list_writer b(with(format), [&](std::string_view t) { from_value += t; });
            b.item(json::value(o));
        }
        BOOST_TEST(from_object == from_value);
        BOOST_TEST(from_object.find("Infinity") == std::string::npos); // strict JSON
    }
}

BOOST_AUTO_TEST_CASE(a_live_table_writes_each_row_as_it_comes) {
    std::string out;
    list_writer w(
        with(output_format::table), [&](std::string_view text) { out += text; }, true);
    w.item(json::parse(R"({"id":"a","title":"One"})"));
    BOOST_TEST(out.find("One") != std::string::npos); // before the list ends
    w.item(json::parse(R"({"id":"b","title":"Two"})"));
    BOOST_TEST(out.find("Two") != std::string::npos);
    w.finish();
    BOOST_TEST(std::count(out.begin(), out.end(), '\n') == 3);
}

BOOST_AUTO_TEST_CASE(a_single_result_is_one_object) {
    const json::value v = json::parse(R"({"id":"t1","run":{"name":"R"},"deleted":true})");
    using tallyfy_cli::format_single;
    BOOST_TEST(format_single(v, with(output_format::ndjson)) == json::serialize(v) + "\n");
    BOOST_TEST(json::parse(format_single(v, with(output_format::json))).is_object());
    BOOST_TEST(format_single(v, with(output_format::csv)) ==
               "id,run,deleted\nt1,\"{\"\"name\"\":\"\"R\"\"}\",true\n");
    BOOST_TEST(format_single(v, with(output_format::csv, {"id", "run.name"})) ==
               "id,run.name\nt1,R\n");
    BOOST_TEST(format_single(v, with(output_format::table, {"id", "run.name", "gone"})) ==
               "id        t1\nrun.name  R\ngone\n");
    BOOST_TEST(format_single(v, with(output_format::json, {"run.name"})) ==
               "{\n  \"run.name\": \"R\"\n}\n");
}

BOOST_AUTO_TEST_CASE(output_settings_from_flags_environment_and_terminal) {
    auto env = [](std::map<std::string, std::string> vars) {
        return [vars](const char* name) -> const char* {
            auto it = vars.find(name);
            return it == vars.end() ? nullptr : it->second.c_str();
        };
    };
    using tallyfy_cli::resolve_output_settings;
    BOOST_TEST(int(resolve_output_settings({}, {}, env({}), true, 90).format) ==
               int(output_format::table));
    BOOST_TEST(int(resolve_output_settings({}, {}, env({}), false, 0).format) ==
               int(output_format::ndjson));
    BOOST_TEST(
        int(resolve_output_settings({}, {}, env({{"TALLYFY_OUTPUT", "csv"}}), true, 90).format) ==
        int(output_format::csv));
    BOOST_TEST(int(resolve_output_settings(std::string("json"), {},
                                           env({{"TALLYFY_OUTPUT", "csv"}}), true, 90)
                       .format) == int(output_format::json));
    BOOST_CHECK_THROW(resolve_output_settings({}, {}, env({{"TALLYFY_OUTPUT", "yaml"}}), false, 0),
                      tallyfy_cli::usage_error);
    BOOST_TEST(resolve_output_settings({}, {}, env({}), true, 90).width == 90u);
    BOOST_TEST(resolve_output_settings({}, {}, env({}), false, 0).width == 0u);
    BOOST_TEST(resolve_output_settings({}, {}, env({{"COLUMNS", "50"}}), false, 0).width == 50u);
}
