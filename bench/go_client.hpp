// SPDX-License-Identifier: BSL-1.0
// The third baseline: Go's net/http with encoding/json (bench/go, standard library only), run as
// a child process per round. It sends the same requests with the same checks and reports its own
// metrics (its CPU from getrusage of itself, its allocations from runtime.MemStats.Mallocs).
#pragma once

#include "harness.hpp"

#include <optional>
#include <string>

namespace tallyfy::bench {

/// The Go program: settings::go_client, else tallyfy-bench-go beside this executable; empty when
/// there is none (the harness then skips the Go side and says so once on stderr).
std::string go_client_path(const environment& e);

/// One round of the Go side: `mode` "complete" or "list", `warm` untimed then `n` timed requests,
/// `c` in flight. Throws when the program fails (a failed check included).
metrics measure_go(const environment& e, const std::string& mode, std::size_t warm, std::size_t n,
                   std::size_t c);

} // namespace tallyfy::bench
