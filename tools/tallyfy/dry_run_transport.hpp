// SPDX-License-Identifier: BSL-1.0
// --dry-run: a transport decorator that lets reads (GET) through and holds back the first write,
// answering it (and any later one) with error::cancelled, so that a command builds its request
// exactly as it would and nothing that changes anything is sent.
#pragma once

#include <tallyfy/transport.hpp>

#include <boost/asio/any_io_executor.hpp>
#include <boost/json/object.hpp>

#include <memory>
#include <mutex>
#include <optional>
#include <string>

namespace tallyfy_cli {

class dry_run_transport : public tallyfy::transport {
public:
    /// `base_url`: the API root, whose scheme and authority prefix the targets in `held()`.
    /// Writes are answered on `executor`.
    dry_run_transport(std::shared_ptr<tallyfy::transport> next,
                      boost::asio::any_io_executor executor, std::string base_url);

    void send(tallyfy::http_request request, tallyfy::send_handler handler) override;
    tallyfy::pool_stats stats() const override { return next_->stats(); }
    void shutdown() override { next_->shutdown(); }

    /// The first write held back, as printed: {"dry_run":true,"method","url","body"} (the body
    /// parsed when it is JSON, else "body_bytes"); never a header, so never the token. Nullopt
    /// when the command sent no write.
    std::optional<boost::json::object> held() const;

private:
    std::shared_ptr<tallyfy::transport> next_;
    boost::asio::any_io_executor executor_;
    std::string origin_; ///< "https://host:port"
    mutable std::mutex mutex_;
    std::optional<boost::json::object> held_;
};

} // namespace tallyfy_cli
