// SPDX-License-Identifier: BSL-1.0
#include "dry_run_transport.hpp"

#include <tallyfy/error.hpp>

#include <boost/asio/post.hpp>
#include <boost/json/parse.hpp>

namespace tallyfy_cli {

namespace {

// "https://host:port/api" -> "https://host:port".
std::string origin_of(const std::string& base_url) {
    auto scheme = base_url.find("://");
    auto path = base_url.find('/', scheme == std::string::npos ? 0 : scheme + 3);
    return path == std::string::npos ? base_url : base_url.substr(0, path);
}

} // namespace

dry_run_transport::dry_run_transport(std::shared_ptr<tallyfy::transport> next,
                                     boost::asio::any_io_executor executor, std::string base_url)
    : next_(std::move(next))
    , executor_(std::move(executor))
    , origin_(origin_of(base_url)) {}

void dry_run_transport::send(tallyfy::http_request request, tallyfy::send_handler handler) {
    if (request.method == tallyfy::http_method::get) {
        next_->send(std::move(request), std::move(handler));
        return;
    }
    {
        std::lock_guard lock(mutex_);
        if (!held_) {
            boost::json::object line{{"dry_run", true},
                                     {"method", tallyfy::to_string(request.method)},
                                     {"url", origin_ + request.target}};
            if (!request.body.empty()) {
                boost::system::error_code ec;
                boost::json::value body = boost::json::parse(request.body, ec);
                if (!ec)
                    line["body"] = std::move(body);
                else
                    line["body_bytes"] = request.body.size();
            }
            held_ = std::move(line);
        }
    }
    boost::asio::post(executor_, [h = std::move(handler)]() mutable {
        std::move(h)(make_error_code(tallyfy::error::cancelled), tallyfy::http_response{});
    });
}

std::optional<boost::json::object> dry_run_transport::held() const {
    std::lock_guard lock(mutex_);
    return held_;
}

} // namespace tallyfy_cli
