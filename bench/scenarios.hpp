// SPDX-License-Identifier: BSL-1.0
// The throughput scenarios of tallyfy-bench: complete, list, walk100k (each side in a child
// process) and cold. Each prints its rows and records failed checks in the environment.
#pragma once

#include "harness.hpp"

namespace tallyfy::bench {

void scenario_complete(environment& e);
void scenario_list(environment& e);
void scenario_walk(environment& e);
/// The child process of walk100k: walks one side (settings::child_walk) and prints its metrics.
int child_walk(environment& e);
void scenario_cold(environment& e);

} // namespace tallyfy::bench
