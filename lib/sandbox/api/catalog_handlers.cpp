// SPDX-License-Identifier: BSL-1.0
// Checklists (templates) and users of the organisation.
#include "emulator_state.hpp"
#include "pagination.hpp"

#include <algorithm>

namespace tallyfy::sandbox {
namespace json = boost::json;
using namespace detail;

pending_response api_emulator::impl::list_checklists(const call& c) {
    auto with = split_csv(c.target.param("with").value_or(""));
    const bool full = std::find(with.begin(), with.end(), "steps") != with.end() ||
                      std::find(with.begin(), with.end(), "prerun") != with.end();
    return json_response(200, paginate(
                                  org.checklists.size(),
                                  [&](std::size_t i) {
                                      return json::value(checklist_json(org.checklists[i], full));
                                  },
                                  c.target, c.request.origin));
}

pending_response api_emulator::impl::get_checklist(const call& c, std::string_view id) {
    (void)c;
    const checklist_record* cl = checklist(id);
    if (cl == nullptr)
        return resource_not_found();
    return data_response(checklist_json(*cl, true));
}

pending_response api_emulator::impl::list_users(const call& c) {
    return json_response(200,
                         paginate(
                             org.users.size(),
                             [&](std::size_t i) { return json::value(user_to_json(org.users[i])); },
                             c.target, c.request.origin));
}

} // namespace tallyfy::sandbox
