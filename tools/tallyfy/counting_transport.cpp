// SPDX-License-Identifier: BSL-1.0
#include "counting_transport.hpp"

#include <algorithm>
#include <strings.h>

namespace tallyfy_cli {

counting_transport::counting_transport(std::shared_ptr<tallyfy::transport> next)
    : next_(std::move(next)) {}

void counting_transport::send(tallyfy::http_request request, tallyfy::send_handler handler) {
    ++total_;
    auto& headers = request.headers;
    auto tag = std::find_if(headers.begin(), headers.end(), [](const tallyfy::http_header& h) {
        return ::strcasecmp(h.name.c_str(), tag_header) == 0;
    });
    if (tag != headers.end()) {
        {
            std::lock_guard lock(mutex_);
            ++by_tag_[tag->value];
        }
        headers.erase(tag);
    }
    next_->send(std::move(request), std::move(handler));
}

std::uint64_t counting_transport::take(const std::string& tag) {
    std::lock_guard lock(mutex_);
    auto it = by_tag_.find(tag);
    if (it == by_tag_.end())
        return 0;
    auto n = it->second;
    by_tag_.erase(it);
    return n;
}

} // namespace tallyfy_cli
