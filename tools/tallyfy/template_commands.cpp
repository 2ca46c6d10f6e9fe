// SPDX-License-Identifier: BSL-1.0
// template list | get | kickoff | steps | fields | create | update | archive | delete | clone |
// publish | step | step-update | field-add | field-update | field-delete | kickoff-delete |
// comment | problem | resolve (the official CLI's `blueprint` and the API's
// `checklist` name the same group)
#include "command.hpp"
#include "confirm.hpp"
#include "exit_codes.hpp"
#include "output.hpp"
#include "streaming.hpp"
#include "values.hpp"

#include <tallyfy/client.hpp>

namespace asio = boost::asio;
namespace json = boost::json;

namespace tallyfy_cli {

namespace {

template <class T>
void print_each(const std::vector<T>& items) {
    list_writer out;
    for (const auto& item : items)
        out.item(*item.raw);
}

asio::awaitable<int> list(session& s, const parsed_args& args) {
    auto items = s.api().list_checklists(paging_options_from(args));
    co_await stream_list(items);
    co_return exit_ok;
}

asio::awaitable<int> get(session& s, const parsed_args& args) {
    tallyfy::get_checklist_request request{
        .checklist_id = args.positionals[0],
        .with = parse_checklist_includes(args.get("with").value_or("steps,prerun"))};
    tallyfy::checklist found = co_await s.api().get_checklist(std::move(request));
    print_json_line(*found.raw);
    co_return exit_ok;
}

// The kick-off form's fields, one per line: what `run launch --field` names by label.
asio::awaitable<int> kickoff(session& s, const parsed_args& args) {
    tallyfy::get_checklist_request request{.checklist_id = args.positionals[0]};
    request.with.prerun = true;
    tallyfy::checklist found = co_await s.api().get_checklist(std::move(request));
    print_each(found.prerun.value_or(std::vector<tallyfy::form_field>{}));
    co_return exit_ok;
}

asio::awaitable<int> steps(session& s, const parsed_args& args) {
    tallyfy::list_steps_request request{.checklist_id = args.positionals[0]};
    const auto found = co_await s.api().list_steps(std::move(request));
    print_each(found);
    co_return exit_ok;
}

asio::awaitable<int> fields(session& s, const parsed_args& args) {
    tallyfy::list_form_fields_request request{.checklist_id = args.positionals[0]};
    const auto found = co_await s.api().list_form_fields(std::move(request));
    print_each(found);
    co_return exit_ok;
}

asio::awaitable<int> create(session& s, const parsed_args& args) {
    tallyfy::create_checklist_request request;
    if (auto file = args.get("body"))
        request.extra = read_body(*file);
    if (auto title = args.get("title"))
        request.title = *title;
    else if (const auto* t = request.extra.if_contains("title"); t != nullptr && t->is_string())
        request.title = std::string(t->get_string());
    else
        throw usage_error("template create needs --title (or title in --body)");
    request.summary = args.get("summary");
    if (auto type = args.get("type"))
        request.type = *type;
    else if (const auto* t = request.extra.if_contains("type"); t != nullptr && t->is_string())
        request.type = std::string(t->get_string());
    if (auto v = args.get("users"))
        request.users = parse_int_list("users", *v);
    if (auto v = args.get("groups"))
        request.groups = split_list(*v);
    tallyfy::checklist created = co_await s.api().create_checklist(std::move(request));
    print_json_line(*created.raw);
    co_return exit_ok;
}

asio::awaitable<int> update(session& s, const parsed_args& args) {
    tallyfy::update_checklist_request request{.checklist_id = args.positionals[0]};
    if (auto file = args.get("body"))
        request.extra = read_body(*file);
    request.title = args.get("title");
    request.summary = args.get("summary");
    if (auto v = args.get("users"))
        request.users = parse_int_list("users", *v);
    if (auto v = args.get("groups"))
        request.groups = split_list(*v);
    request.replace_permissions = args.has("replace-permissions");
    if (auto folder = args.get("folder"))
        request.extra["folder_id"] = *folder;
    tallyfy::checklist updated = co_await s.api().update_checklist(std::move(request));
    print_json_line(*updated.raw);
    co_return exit_ok;
}

asio::awaitable<int> archive(session& s, const parsed_args& args) {
    tallyfy::delete_checklist_request request{.checklist_id = args.positionals[0]};
    co_await s.api().delete_checklist(std::move(request));
    print_json_line(json::object{{"id", args.positionals[0]}, {"archived", true}});
    co_return exit_ok;
}

asio::awaitable<int> remove(session& s, const parsed_args& args) {
    const std::string& id = args.positionals[0];
    if (!confirmed(args, "template delete", "template " + tallyfy::printable(id, 80)))
        co_return exit_usage;
    tallyfy::delete_checklist_request request{.checklist_id = id, .permanently = true};
    co_await s.api().delete_checklist(std::move(request));
    print_json_line(json::object{{"id", id}, {"deleted", true}});
    co_return exit_ok;
}

asio::awaitable<int> clone(session& s, const parsed_args& args) {
    tallyfy::clone_checklist_request request{.checklist_id = args.positionals[0],
                                             .title = args.get("title")};
    tallyfy::checklist copy = co_await s.api().clone_checklist(std::move(request));
    print_json_line(*copy.raw);
    co_return exit_ok;
}

asio::awaitable<int> publish(session& s, const parsed_args& args) {
    tallyfy::publish_checklist_request request{.checklist_id = args.positionals[0]};
    json::value answer = co_await s.api().publish_checklist(std::move(request));
    const json::value* data = answer.is_object() ? answer.as_object().if_contains("data") : nullptr;
    print_json_line(data != nullptr ? *data
                                    : json::value(json::object{{"id", args.positionals[0]},
                                                               {"published", true}}));
    co_return exit_ok;
}

asio::awaitable<int> step_get(session& s, const parsed_args& args) {
    tallyfy::get_step_request request{.checklist_id = args.positionals[0],
                                      .step_id = args.positionals[1]};
    tallyfy::step found = co_await s.api().get_step(std::move(request));
    print_json_line(*found.raw);
    co_return exit_ok;
}

asio::awaitable<int> step_update(session& s, const parsed_args& args) {
    tallyfy::update_step_request request{.checklist_id = args.positionals[0],
                                         .step_id = args.positionals[1]};
    if (auto file = args.get("body"))
        request.extra = read_body(*file);
    request.title = args.get("title");
    request.summary = args.get("summary");
    if (auto type = args.get("task-type"))
        request.extra["task_type"] = *type;
    tallyfy::step updated = co_await s.api().update_step(std::move(request));
    print_json_line(*updated.raw);
    co_return exit_ok;
}

asio::awaitable<int> field_add(session& s, const parsed_args& args) {
    tallyfy::create_step_field_request request{.checklist_id = args.positionals[0],
                                               .step_id = args.positionals[1]};
    if (auto file = args.get("body"))
        request.extra = read_body(*file);
    if (auto label = args.get("label"))
        request.label = *label;
    else
        throw usage_error("template field-add needs --label");
    if (auto type = args.get("type"))
        request.field_type = *type;
    request.required = args.has("required");
    if (auto v = args.get("options"))
        request.choices = split_list(*v);
    tallyfy::form_field created = co_await s.api().create_step_field(std::move(request));
    print_json_line(*created.raw);
    co_return exit_ok;
}

asio::awaitable<int> field_update(session& s, const parsed_args& args) {
    if (args.has("required") && args.has("optional"))
        throw usage_error("template field-update takes --required or --optional, not both");
    tallyfy::update_step_field_request request{.checklist_id = args.positionals[0],
                                               .step_id = args.positionals[1],
                                               .field_id = args.positionals[2]};
    if (auto file = args.get("body"))
        request.extra = read_body(*file);
    request.label = args.get("label");
    request.field_type = args.get("type");
    if (args.has("required") || args.has("optional"))
        request.required = args.has("required");
    if (auto v = args.get("options"))
        request.choices = split_list(*v);
    tallyfy::form_field updated = co_await s.api().update_step_field(std::move(request));
    print_json_line(*updated.raw);
    co_return exit_ok;
}

asio::awaitable<int> field_delete(session& s, const parsed_args& args) {
    const std::string& field_id = args.positionals[2];
    if (!confirmed(args, "template field-delete", "field " + tallyfy::printable(field_id, 80)))
        co_return exit_usage;
    tallyfy::delete_step_field_request request{
        .checklist_id = args.positionals[0], .step_id = args.positionals[1], .field_id = field_id};
    co_await s.api().delete_step_field(std::move(request));
    print_json_line(json::object{{"id", field_id}, {"deleted", true}});
    co_return exit_ok;
}

asio::awaitable<int> kickoff_delete(session& s, const parsed_args& args) {
    const std::string& field_id = args.positionals[1];
    if (!confirmed(args, "template kickoff-delete",
                   "kick-off field " + tallyfy::printable(field_id, 80)))
        co_return exit_usage;
    tallyfy::delete_kickoff_field_request request{.checklist_id = args.positionals[0],
                                                  .field_id = field_id};
    co_await s.api().delete_kickoff_field(std::move(request));
    print_json_line(json::object{{"id", field_id}, {"deleted", true}});
    co_return exit_ok;
}

} // namespace

std::vector<command> template_commands() {
    std::vector<command> out{
        paged_list(
            "template list",
            R"(Streams the templates (checklists) one can launch as NDJSON, as pages arrive.)",
            list),
        with_positional(
            "template get", "TEMPLATE_ID", R"(Prints a template (checklist) as JSON.)",
            {value_option("with", "LIST",
                          "includes: steps,prerun,automated_actions,tags (default: steps,prerun)")},
            get),
        with_positional(
            "template kickoff", "TEMPLATE_ID",
            R"(Prints the template's kick-off fields as NDJSON, one field per line (id, label,
field_type, required, options): what `run launch --field LABEL=VALUE` names.)",
            {}, kickoff),
        with_positional(
            "template steps", "TEMPLATE_ID",
            R"(Prints the template's steps as NDJSON, one step per line, in position order.)", {},
            steps),
        with_positional(
            "template fields", "TEMPLATE_ID",
            R"(Prints the form fields of the template's steps as NDJSON, one per line.)", {},
            fields),
        {.name = "template create",
         .arguments = "",
         .help = R"(Creates a template (a draft until published) and prints it as JSON.

A create whose response is lost is never re-sent: it fails with outcome_unknown.)",
         .options = {value_option("title", "S", "the template's title"),
                     value_option("summary", "S", "its summary"),
                     value_option("type", "T", "procedure (default), form or document"),
                     value_option("users", "IDS", "users given access, by id, comma-separated"),
                     value_option("groups", "IDS", "groups given access"),
                     value_option("body", "FILE.json",
                                  "the request body (any documented field; \"-\" reads stdin); the "
                                  "flags above override its fields")},
         .run = create},
        with_positional(
            "template update", "TEMPLATE_ID",
            R"(Updates a template and prints it as JSON. Only what is given changes.)",
            {value_option("title", "S", "the new title"),
             value_option("folder", "FOLDER_ID", "move the template into that (template) folder"),
             value_option("summary", "S", "the new summary"),
             value_option("users", "IDS",
                          "users who have access, by id, comma-separated ('' for none)"),
             value_option("groups", "IDS",
                          "groups who have access, by id, comma-separated ('' for none)"),
             flag_option(
                 "replace-permissions",
                 "the lists given replace the access lists (one not given is emptied); without it, "
                 "the title and the access lists not given are kept (the template is read first: "
                 "the API requires a title and empties the access lists an update leaves out)"),
             value_option("body", "FILE.json",
                          "other documented fields (e.g. the whole \"prerun\" array)")},
            update),
        with_positional("template archive", "TEMPLATE_ID",
                        R"(Archives a template: it can no longer be launched, its runs go on.)", {},
                        archive),
        with_positional("template delete", "TEMPLATE_ID",
                        R"(Deletes an archived template for good (an administrator's token).
Asks for confirmation at a terminal; --yes is needed when stdin is not one.)",
                        {flag_option("yes", "do not ask")}, remove),
        with_positional(
            "template clone", "TEMPLATE_ID",
            R"(Copies a template with its steps and kick-off form and prints the copy.)",
            {value_option("title", "S", "the copy's title")}, clone),
        with_positional("template publish", "TEMPLATE_ID",
                        R"(Publishes the template's draft: launches use it.)", {}, publish),
        {.name = "template step",
         .arguments = "TEMPLATE_ID STEP_ID",
         .help = R"(Prints one step of the template as JSON, with its form fields.)",
         .min_positionals = 2,
         .max_positionals = 2,
         .run = step_get},
        {.name = "template step-update",
         .arguments = "TEMPLATE_ID STEP_ID",
         .help =
             R"(Updates a step of the template and prints it as JSON. Only what is given is sent.)",
         .options =
             {value_option("title", "S", "the step's new title"),
              value_option("summary", "S", "the step's new summary"),
              value_option("task-type", "T", "task, approval, expiring, email or expiring_email"),
              value_option("body", "FILE.json",
                           "other documented fields (deadline, owners, ...; \"-\" reads stdin)")},
         .min_positionals = 2,
         .max_positionals = 2,
         .run = step_update},
        {.name = "template field-add",
         .arguments = "TEMPLATE_ID STEP_ID",
         .help = R"(Adds a form field to a step of the template and prints it as JSON.

An add whose response is lost is never re-sent: it fails with outcome_unknown.)",
         .options =
             {value_option("label", "S", "the field's label"),
              value_option(
                  "type", "T",
                  "text (default), textarea, date, radio, dropdown, multiselect, file, email"),
              flag_option("required", "the field must be filled to complete the task"),
              value_option("options", "A,B",
                           "the choices of a dropdown, radio or multi-select, comma-separated"),
              value_option(
                  "body", "FILE.json",
                  "other documented fields (\"-\" reads stdin); the flags above override them")},
         .min_positionals = 2,
         .max_positionals = 2,
         .run = field_add},
        {.name = "template field-update",
         .arguments = "TEMPLATE_ID STEP_ID FIELD_ID",
         .help =
             R"(Updates a form field of a step and prints it as JSON. Only what is given is sent.)",
         .options = {value_option("label", "S", "the field's new label"),
                     value_option("type", "T",
                                  "its new kind (text, textarea, date, radio, dropdown, ...)"),
                     flag_option("required", "the field must be filled"),
                     flag_option("optional", "the field need not be filled"),
                     value_option("options", "A,B", "replaces the choices"),
                     value_option("body", "FILE.json",
                                  "other documented fields (\"-\" reads stdin)")},
         .min_positionals = 3,
         .max_positionals = 3,
         .run = field_update},
        {.name = "template field-delete",
         .arguments = "TEMPLATE_ID STEP_ID FIELD_ID",
         .help = R"(Deletes a form field of a step. Asks for confirmation at a terminal; --yes is
needed when stdin is not one. A delete whose response is lost is not re-sent (outcome_unknown).)",
         .options = {flag_option("yes", "do not ask")},
         .min_positionals = 3,
         .max_positionals = 3,
         .run = field_delete},
        {.name = "template kickoff-delete",
         .arguments = "TEMPLATE_ID FIELD_ID",
         .help = R"(Deletes a field of the template's kick-off form. Asks for confirmation at a
terminal; --yes is needed when stdin is not one.)",
         .options = {flag_option("yes", "do not ask")},
         .min_positionals = 2,
         .max_positionals = 2,
         .run = kickoff_delete},
    };
    for (auto& c : subject_comment_commands(tallyfy::comment_subject::checklist))
        out.push_back(std::move(c));
    return out;
}

} // namespace tallyfy_cli
