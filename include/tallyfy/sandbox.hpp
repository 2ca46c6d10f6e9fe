// SPDX-License-Identifier: BSL-1.0
// The embeddable Tallyfy API emulator (target tallyfy::sandbox), for your own tests.
#pragma once

#include <tallyfy/sandbox/faults.hpp>
#include <tallyfy/sandbox/options.hpp>
#include <tallyfy/sandbox/recorder.hpp>
#include <tallyfy/sandbox/server.hpp>
