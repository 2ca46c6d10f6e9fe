// SPDX-License-Identifier: BSL-1.0
#include <tallyfy/sandbox/recorder.hpp>

#include <boost/beast/core/string.hpp>

#include <mutex>

namespace tallyfy::sandbox {

std::optional<std::string_view> recorded_request::header(std::string_view name) const {
    for (const auto& [n, v] : headers)
        if (boost::beast::iequals(n, name))
            return std::string_view(v);
    return std::nullopt;
}

struct recorder::impl {
    mutable std::mutex mutex;
    std::vector<recorded_request> requests;
    std::size_t request_count = 0;
    std::uint64_t accepted = 0;
    std::uint64_t handshakes = 0;
    std::uint64_t open = 0;
    bool enabled = true;
};

recorder::recorder()
    : impl_(std::make_unique<impl>()) {}
recorder::~recorder() = default;

std::vector<recorded_request> recorder::requests() const {
    std::lock_guard lock(impl_->mutex);
    return impl_->requests;
}

std::size_t recorder::request_count() const {
    std::lock_guard lock(impl_->mutex);
    return impl_->request_count;
}

std::uint64_t recorder::connections_accepted() const {
    std::lock_guard lock(impl_->mutex);
    return impl_->accepted;
}

std::uint64_t recorder::tls_handshakes() const {
    std::lock_guard lock(impl_->mutex);
    return impl_->handshakes;
}

std::uint64_t recorder::connections_open() const {
    std::lock_guard lock(impl_->mutex);
    return impl_->open;
}

void recorder::clear() {
    std::lock_guard lock(impl_->mutex);
    impl_->requests.clear();
    impl_->request_count = 0;
    impl_->accepted = 0;
    impl_->handshakes = 0;
}

void recorder::add(recorded_request request) {
    std::lock_guard lock(impl_->mutex);
    ++impl_->request_count;
    if (impl_->enabled)
        impl_->requests.push_back(std::move(request));
}

std::uint64_t recorder::on_accept() {
    std::lock_guard lock(impl_->mutex);
    ++impl_->open;
    return ++impl_->accepted;
}

void recorder::on_handshake() {
    std::lock_guard lock(impl_->mutex);
    ++impl_->handshakes;
}

std::uint64_t recorder::on_close() {
    std::lock_guard lock(impl_->mutex);
    return --impl_->open;
}

void recorder::set_enabled(bool enabled) {
    std::lock_guard lock(impl_->mutex);
    impl_->enabled = enabled;
}

} // namespace tallyfy::sandbox
