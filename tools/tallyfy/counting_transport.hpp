// SPDX-License-Identifier: BSL-1.0
// A transport decorator that counts the HTTP requests really sent, in total and per tag. A call
// is tagged with a request header (removed before sending) so that every request it causes —
// retries, and the read-backs that reconcile a lost completion — is attributed to it.
#pragma once

#include <tallyfy/transport.hpp>

#include <atomic>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>

namespace tallyfy_cli {

class counting_transport : public tallyfy::transport {
public:
    /// Name of the tag header: never sent on the wire.
    static constexpr const char* tag_header = "X-Tallyfy-Cli-Tag";

    explicit counting_transport(std::shared_ptr<tallyfy::transport> next);

    void send(tallyfy::http_request request, tallyfy::send_handler handler) override;
    tallyfy::pool_stats stats() const override { return next_->stats(); }
    void shutdown() override { next_->shutdown(); }

    std::uint64_t total() const { return total_.load(); }
    /// Requests sent with `tag` so far; forgets the tag.
    std::uint64_t take(const std::string& tag);

private:
    std::shared_ptr<tallyfy::transport> next_;
    std::atomic<std::uint64_t> total_{0};
    std::mutex mutex_;
    std::map<std::string, std::uint64_t> by_tag_;
};

} // namespace tallyfy_cli
