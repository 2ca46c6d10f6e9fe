// SPDX-License-Identifier: BSL-1.0
// Form field values from text, typed by the field's kind, and fields found by label: what a
// person types (`Client=Acme`, `Priority=High`) becomes what the API takes. The CLI's `--field`
// and launching by label are built on these.
//
//     auto t = co_await api.get_task({.task_id = id, .run_id = run, .with = {.form_fields =
//     true}}); const auto& f = tallyfy::find_field(*t.form_fields, "Priority");
//     tallyfy::complete_task_request done{.task_id = id, .run_id = run};
//     done.fields[f.id] = tallyfy::field_value_from_text(f, "high");
#pragma once

#include <tallyfy/models.hpp>
#include <tallyfy/requests.hpp>

#include <boost/json/value.hpp>

#include <string_view>
#include <vector>

namespace tallyfy {

/// The field of `fields` that `key` names, trying in turn: the id, the alias, the label, then
/// alias and label ignoring case (the official CLI's order). Leading and trailing spaces of
/// `key` are ignored.
/// Throws std::invalid_argument for a key no field matches (the message lists the fields) and
/// for one that two fields match at the same rank (use the id). Field texts in messages are
/// escaped and bounded (printable()).
const form_field& find_field(const std::vector<form_field>& fields, std::string_view key);

/// The value for `field` that `text` means, typed by `field.field_type`:
///   * dropdown: the option whose text is `text` (exactly, else ignoring case), as {id, text};
///   * radio: that option's own text;
///   * multiselect: options separated by commas, or a JSON array of option texts, each selected;
///   * table: a JSON array (cells), sent as given; file: a JSON array of asset objects, or URLs
///     separated by commas (each sent as {"filename", "source": "url", "url"});
///   * text, textarea, email, date and any other kind: `text` itself ("" clears the field).
/// Throws std::invalid_argument naming the field and, for a choice, the options to choose from.
field_value field_value_from_text(const form_field& field, std::string_view text);

/// The value of a file field holding `files` (uploaded with client::upload_file): the assets as
/// the API answered them, which is what attaching sends.
field_value files_value(const std::vector<asset>& files);

/// `value` as the API takes it in `taskdata` and `prerun` (what the typed calls send).
boost::json::value field_value_to_json(const field_value& value);

} // namespace tallyfy
