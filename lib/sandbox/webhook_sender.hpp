// SPDX-License-Identifier: BSL-1.0
// Posts the emulator's webhook events, one at a time and in the order they were queued, so a
// receiver sees a run launched before its tasks completed. Plain HTTP only: the sandbox is a
// development tool and its receivers listen on loopback.
#pragma once

#include "sandbox/api/api_emulator.hpp"

#include <tallyfy/sandbox/server.hpp>

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>

#include <deque>
#include <mutex>
#include <vector>

namespace tallyfy::sandbox {

class webhook_sender {
public:
    explicit webhook_sender(boost::asio::any_io_executor executor);

    /// Queues `events` behind those not yet posted. Thread-safe.
    void send(std::vector<webhook_delivery> events);
    /// Every post so far, oldest first. Thread-safe.
    std::vector<webhook_attempt> attempts() const;

private:
    boost::asio::awaitable<void> drain();

    // No strand: one that outlived its io_context would touch the context's freed service. The
    // flag under the mutex lets one coroutine drain at a time.
    boost::asio::any_io_executor executor_;
    mutable std::mutex mutex_;
    std::deque<webhook_delivery> queue_;    // under mutex_
    bool draining_ = false;                 // under mutex_
    std::vector<webhook_attempt> attempts_; // under mutex_
};

} // namespace tallyfy::sandbox
