// SPDX-License-Identifier: BSL-1.0
// Users of the organisation.
#include "emulator_state.hpp"
#include "pagination.hpp"

namespace tallyfy::sandbox {
namespace json = boost::json;
using namespace detail;

pending_response api_emulator::impl::list_users(const call& c) {
    return json_response(200,
                         paginate(
                             org.users.size(),
                             [&](std::size_t i) { return json::value(user_to_json(org.users[i])); },
                             c.target, c.request.origin));
}

} // namespace tallyfy::sandbox
