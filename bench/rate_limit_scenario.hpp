// SPDX-License-Identifier: BSL-1.0
// The rate-limit batch scenario (`tallyfy-bench --scenario ratelimit`), apart from the
// throughput scenarios: it runs against the stateful sandbox, not the canned responder.
#pragma once

namespace tallyfy::bench {

/// Parses its own flags from the whole command line and runs; returns the exit code.
int rate_limit_scenario(int argc, char** argv);

} // namespace tallyfy::bench
