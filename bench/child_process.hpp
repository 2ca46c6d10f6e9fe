// SPDX-License-Identifier: BSL-1.0
// Running a helper program (a walk100k side, the Go baseline) and reading what it prints.
#pragma once

#include <string>
#include <vector>

namespace tallyfy::bench {

/// Runs `args[0]` with `args` (no shell), waits for it and returns its standard output. Throws
/// std::runtime_error (naming `what` and the output) when it cannot start or exits non-zero.
/// The child inherits the CPU affinity (the bench's --cpu pin).
std::string run_child(const std::vector<std::string>& args, const std::string& what);

/// This executable's path (/proc/self/exe).
std::string self_path();

} // namespace tallyfy::bench
