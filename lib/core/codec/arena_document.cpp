// SPDX-License-Identifier: BSL-1.0
#include "core/codec/arena_document.hpp"

#include <boost/json/monotonic_resource.hpp>
#include <boost/json/parse.hpp>

#include <atomic>
#include <mutex>

namespace tallyfy::codec {

namespace json = boost::json;

// A monotonic arena that takes a lock only once its values may be shared between threads.
class sealable_arena final : public json::memory_resource {
public:
    // Boost.JSON's shared resource holds the arena as a member: `self` tells where it is.
    sealable_arena(std::size_t initial_size, sealable_arena*& self)
        : arena_(initial_size) {
        self = this;
    }

    void seal() noexcept { sealed_.store(true, std::memory_order_release); }

private:
    void* do_allocate(std::size_t n, std::size_t align) override {
        if (!sealed_.load(std::memory_order_acquire))
            return arena_.allocate(n, align);
        std::lock_guard lock(mutex_);
        return arena_.allocate(n, align);
    }
    void do_deallocate(void*, std::size_t, std::size_t) override {}
    bool do_is_equal(const json::memory_resource& other) const noexcept override {
        return this == &other;
    }

    json::monotonic_resource arena_;
    std::atomic<bool> sealed_{false};
    std::mutex mutex_;
};

namespace {

// The DOM of API responses takes about twice the text's size; one block usually holds it all.
std::size_t arena_size_for(std::string_view text) {
    return 2 * text.size() + 1024;
}

} // namespace

} // namespace tallyfy::codec

// Freeing is a no-op: values in the arena need no destructor walk.
template <>
struct boost::json::is_deallocate_trivial<tallyfy::codec::sealable_arena> : std::true_type {};

namespace tallyfy::codec {

arena_document::arena_document(std::string_view text, boost::system::error_code& ec)
    : storage_(json::make_shared_resource<sealable_arena>(arena_size_for(text), arena_))
    , root_(json::parse(text, ec, storage_)) {}

void arena_document::seal() noexcept {
    arena_->seal();
}

} // namespace tallyfy::codec
