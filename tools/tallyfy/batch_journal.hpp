// SPDX-License-Identifier: BSL-1.0
// The journal of `batch complete --journal FILE`: one JSON line per event, appended and synced to
// disk as it happens, so a batch that is killed can be run again without completing anything
// twice. A task is "started" right before its first request, then "done" or "failed".
//   done                 skipped on a re-run (reported ok, "journal":"done earlier")
//   started, not done    in flight when the run ended: read back first, completed only if not
//   never seen           completed as usual
#pragma once

#include <cstdio>
#include <set>
#include <string>

namespace tallyfy_cli {

class batch_journal {
public:
    /// Reads what `path` holds (a missing file is an empty journal; a line torn when a process
    /// died mid-write is skipped) and opens it for appending. Throws usage_error when it cannot
    /// be written, or does not start with a journal record.
    explicit batch_journal(const std::string& path);
    ~batch_journal();
    batch_journal(const batch_journal&) = delete;
    batch_journal& operator=(const batch_journal&) = delete;

    /// The journal's key of a task: "RUN_ID TASK_ID" (or " TASK_ID" for a standalone task).
    static std::string key(const std::string& run_id, const std::string& task_id);

    bool done(const std::string& key) const { return done_.count(key) != 0; }
    /// Started by an earlier run and not done: its outcome must be read back.
    bool in_doubt(const std::string& key) const {
        return started_.count(key) != 0 && done_.count(key) == 0;
    }

    /// Appends and syncs a record; throws std::runtime_error when the disk refuses it.
    void started(const std::string& key);
    void finished(const std::string& key, bool ok);

private:
    void append(const std::string& line);

    std::FILE* file_ = nullptr;
    std::set<std::string> started_;
    std::set<std::string> done_;
};

} // namespace tallyfy_cli
