// SPDX-License-Identifier: BSL-1.0
// Values for the required kick-off fields of a checklist, so that a test launches as a user
// must: the sandbox, like the API, refuses a launch that leaves a required field empty.
#pragma once

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>

#include <string>

namespace tallyfy::test {

/// A valid value of `field` (a kick-off field as the sandbox exports it: `id`, `field_type`,
/// `options`), in the shape the API takes for its type.
inline boost::json::value kickoff_value(const boost::json::object& field) {
    const auto& type = field.at("field_type").as_string();
    const auto* options = field.if_contains("options");
    const boost::json::object* first = options != nullptr && !options->as_array().empty()
                                           ? &options->as_array().front().as_object()
                                           : nullptr;
    if (type == "email")
        return "test@example.com";
    if (type == "date")
        return "2026-01-15T09:00:00.000Z";
    if (type == "radio" && first != nullptr)
        return first->at("text");
    if (type == "dropdown" && first != nullptr)
        return boost::json::object{{"id", first->at("id")}, {"text", first->at("text")}};
    if (type == "multiselect" && first != nullptr)
        return boost::json::array{
            boost::json::object{{"id", first->at("id")}, {"text", first->at("text")}}};
    if (type == "file")
        return boost::json::array{boost::json::object{{"id", "asset-test"}, {"filename", "a.pdf"}}};
    return "filled by the test";
}

/// `{field id: value}` for every required kick-off field of `checklist` (an element of
/// sandbox::server::checklists() or of the exported state's `checklists`).
inline boost::json::object required_prerun(const boost::json::object& checklist) {
    boost::json::object out;
    if (const auto* prerun = checklist.if_contains("prerun"))
        for (const auto& f : prerun->as_array())
            if (f.as_object().at("required").as_bool())
                out[f.as_object().at("id").as_string()] = kickoff_value(f.as_object());
    return out;
}

/// required_prerun as JSON text.
inline std::string required_prerun_text(const boost::json::object& checklist) {
    return boost::json::serialize(required_prerun(checklist));
}

} // namespace tallyfy::test
