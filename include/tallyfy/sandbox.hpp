// SPDX-License-Identifier: BSL-1.0
// The embeddable Tallyfy API emulator (target tallyfy::sandbox), for your own tests.
#pragma once

#include <tallyfy/sandbox/faults.hpp>
#include <tallyfy/sandbox/options.hpp>
#include <tallyfy/sandbox/recorder.hpp>
#include <tallyfy/sandbox/server.hpp>

/// @namespace tallyfy::sandbox
/// The local emulator of the Tallyfy API (target tallyfy::sandbox): a stateful server on
/// loopback, over HTTPS with its own CA or plain HTTP, with fault injection and a recorder of
/// what it received, for tests and for trying the SDK and the CLI without an account.
