// SPDX-License-Identifier: BSL-1.0
// run comment | problem | resolve and template comment | problem | resolve: the task comment
// commands on a run or a template (`/runs/{id}/...`, `/checklists/{id}/...`).
#include "command.hpp"
#include "exit_codes.hpp"
#include "output.hpp"

#include <tallyfy/client.hpp>

namespace asio = boost::asio;

namespace tallyfy_cli {

namespace {

using tallyfy::comment_subject;

template <comment_subject S>
asio::awaitable<int> comment(session& s, const parsed_args& args) {
    tallyfy::add_comment_request request{
        .content = args.positionals[1], .subject = S, .subject_id = args.positionals[0]};
    request.label = args.get("label");
    request.state = args.get("state");
    tallyfy::comment posted = co_await s.api().add_comment(std::move(request));
    print_json_line(*posted.raw);
    co_return exit_ok;
}

template <comment_subject S>
asio::awaitable<int> problem(session& s, const parsed_args& args) {
    tallyfy::report_problem_request request{
        .content = args.positionals[1], .subject = S, .subject_id = args.positionals[0]};
    tallyfy::comment posted = co_await s.api().report_problem(std::move(request));
    print_json_line(*posted.raw);
    co_return exit_ok;
}

template <comment_subject S>
asio::awaitable<int> resolve(session& s, const parsed_args& args) {
    tallyfy::resolve_problem_request request{.problem_id = args.positionals[1],
                                             .content = args.positionals[2],
                                             .subject = S,
                                             .subject_id = args.positionals[0]};
    tallyfy::comment posted = co_await s.api().resolve_problem(std::move(request));
    print_json_line(*posted.raw);
    co_return exit_ok;
}

} // namespace

std::vector<command> subject_comment_commands(comment_subject subject) {
    const bool run = subject == comment_subject::run;
    return {
        {.name = run ? "run comment" : "template comment",
         .arguments = run ? "RUN_ID TEXT" : "TEMPLATE_ID TEXT",
         .help = run ? R"(Comments on a run (process) and prints the comment as JSON.

@[USER_ID] in TEXT notifies that user. A comment whose response is lost is not posted again.)"
                     : R"(Comments on a template (checklist) and prints the comment as JSON.

@[USER_ID] in TEXT notifies that user. A comment whose response is lost is not posted again.)",
         .options = {value_option("label", "L",
                                  "comment (default), problem, resolve, improvement, advice"),
                     value_option(
                         "state", "S",
                         "open (guests see it), hide-for-guests (the API's default), collapsed")},
         .min_positionals = 2,
         .max_positionals = 2,
         .run = run ? comment<comment_subject::run> : comment<comment_subject::checklist>},
        {.name = run ? "run problem" : "template problem",
         .arguments = run ? "RUN_ID TEXT" : "TEMPLATE_ID TEXT",
         .help =
             run ? R"(Reports a problem on a run and prints it (a comment labelled problem) as JSON.)"
                 : R"(Reports a problem on a template and prints it (a comment labelled problem)
as JSON.)",
         .min_positionals = 2,
         .max_positionals = 2,
         .run = run ? problem<comment_subject::run> : problem<comment_subject::checklist>},
        {.name = run ? "run resolve" : "template resolve",
         .arguments = run ? "RUN_ID PROBLEM_ID TEXT" : "TEMPLATE_ID PROBLEM_ID TEXT",
         .help =
             run ? R"(Resolves a problem reported on a run with a comment and prints that comment
as JSON.)"
                 : R"(Resolves a problem reported on a template with a comment and prints that
comment as JSON.)",
         .min_positionals = 3,
         .max_positionals = 3,
         .run = run ? resolve<comment_subject::run> : resolve<comment_subject::checklist>},
    };
}

} // namespace tallyfy_cli
