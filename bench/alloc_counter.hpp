// SPDX-License-Identifier: BSL-1.0
// Counting global operator new, for allocations per request. Replaces the allocation functions of
// the tallyfy-bench binary only. Threads that call `exempt_this_thread()` (the embedded responder,
// the RSS sampler) are not counted.
#pragma once

#include <cstdint>

namespace tallyfy::bench {

/// Calls of operator new (every form) so far, by threads that are not exempt.
std::uint64_t allocations() noexcept;
/// Stops counting the calling thread's allocations.
void exempt_this_thread() noexcept;
/// Counts one allocation made outside operator new (libcurl's and cJSON's, through their
/// allocation hooks), under the same exemption rule.
void count_allocation() noexcept;

} // namespace tallyfy::bench
