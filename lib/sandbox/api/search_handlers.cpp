// SPDX-License-Identifier: BSL-1.0
// `GET /search?search=Q&on=task,process,...`: one list per kind asked for, each paged on its own
// and keyed by its kind. Task hits carry no `run_id`, as the API sends them.
#include "body_fields.hpp"
#include "emulator_state.hpp"
#include "pagination.hpp"

#include <string>

namespace tallyfy::sandbox {
namespace json = boost::json;
using namespace detail;

namespace {

constexpr std::string_view known_kinds[] = {"task", "process", "blueprint",
                                            "step", "capture", "snippet"};

bool known_kind(std::string_view k) {
    return std::find(std::begin(known_kinds), std::end(known_kinds), k) != std::end(known_kinds);
}

std::vector<std::string_view> split_commas(std::string_view text) {
    std::vector<std::string_view> out;
    while (!text.empty()) {
        const auto comma = text.find(',');
        out.push_back(text.substr(0, comma));
        if (comma == std::string_view::npos)
            break;
        text.remove_prefix(comma + 1);
    }
    return out;
}

} // namespace

pending_response api_emulator::impl::search(const call& c) {
    const std::string query(c.target.param("search").value_or(""));
    const std::string_view on = c.target.param("on").value_or("task,process,blueprint");
    error_map errors;
    if (query.empty())
        errors["search"].push_back("The search field is required.");
    const auto kinds = split_commas(on);
    for (auto k : kinds)
        if (!known_kind(k)) {
            errors["on"].push_back("The selected on is invalid.");
            break;
        }
    if (!errors.empty())
        return validation_error(options.validation, errors);

    json::object out;
    for (auto kind : kinds) {
        if (out.contains(kind))
            continue;
        json::array hits;
        if (kind == "task") {
            for (const auto& id : task_order) {
                const auto& t = tasks.at(id);
                if (!t.archived_at && icontains(t.title, query)) {
                    auto hit = task_json(t, {}, false);
                    hit.erase("run_id");
                    hit["is_oneoff_task"] = t.is_oneoff();
                    hits.push_back(std::move(hit));
                }
            }
        } else if (kind == "process") {
            for (const auto& id : run_order) {
                const auto& r = runs.at(id);
                if (icontains(r.name, query))
                    hits.push_back(run_json(r, {}, false));
            }
        } else if (kind == "blueprint") {
            for (const auto& cl : org.checklists)
                if (!cl.archived_at && icontains(cl.title, query))
                    hits.push_back(checklist_json(cl, false));
        } else if (kind == "step") {
            for (const auto& cl : org.checklists)
                for (const auto& s : cl.steps)
                    if (icontains(s.title, query))
                        hits.push_back(json::object{{"id", s.id},
                                                    {"title", s.title},
                                                    {"alias", s.alias},
                                                    {"position", s.position},
                                                    {"checklist_id", cl.id}});
        } else if (kind == "capture") {
            for (const auto& cl : org.checklists)
                for (const auto& s : cl.steps)
                    for (const auto& f : s.form_fields)
                        if (icontains(f.label, query)) {
                            auto hit = field_to_json(f);
                            hit["step_id"] = s.id;
                            hit["checklist_id"] = cl.id;
                            hits.push_back(std::move(hit));
                        }
        } // snippets: the sandbox has none
        out[kind] = paginate(std::move(hits), c.target, c.request.origin);
    }
    return json_response(200, std::move(out));
}

} // namespace tallyfy::sandbox
