// SPDX-License-Identifier: BSL-1.0
// Input of `batch complete`: one task per line, `RUN_ID TASK_ID` or `TASK_ID` (standalone).
#pragma once

#include <cstddef>
#include <istream>
#include <string>
#include <string_view>
#include <vector>

namespace tallyfy_cli {

struct batch_line {
    enum class kind {
        task,      ///< something to complete
        blank,     ///< empty, whitespace or a '#' comment: reported as skipped
        malformed, ///< reported as an error, does not stop the batch
        duplicate, ///< the same task as an earlier line: not sent again
    };
    std::size_t number = 0; ///< 1-based
    kind what = kind::task;
    std::string run_id; ///< empty for standalone tasks
    std::string task_id;
    std::string problem;          ///< why malformed
    std::size_t duplicate_of = 0; ///< line number of the first occurrence
};

/// Classifies one line (no duplicate detection).
batch_line parse_batch_line(std::string_view text, std::size_t number);

/// Reads every line of `in`, marking repeats of the same (run, task) as duplicates.
std::vector<batch_line> read_batch_input(std::istream& in);

} // namespace tallyfy_cli
