// SPDX-License-Identifier: BSL-1.0
// The journal of `batch complete|launch --journal FILE`: one JSON line per event, appended and
// synced to disk as it happens, so a batch that is killed can be run again without writing
// anything twice. An item (a task, a CSV row) is "started" right before its first request, then
// "done" or "failed"; a record may carry more members (the name a launch sent, the run it made).
//   done                 skipped on a re-run (reported ok, "journal":"done earlier")
//   started, not done    in flight when the run ended: read back first, written only if not
//   never seen           written as usual
#pragma once

#include <boost/json/object.hpp>

#include <cstdio>
#include <map>
#include <string>

namespace tallyfy_cli {

class batch_journal {
public:
    /// Reads what `path` holds (a missing file is an empty journal; a line torn when a process
    /// died mid-write is skipped) and opens it for appending. `subject` is the member naming an
    /// item in each record ("task" for batch complete, "row" for batch launch), `command` the
    /// command named in errors. Throws usage_error when it cannot be written, or does not start
    /// with a record of this kind.
    explicit batch_journal(const std::string& path, std::string subject = "task",
                           std::string command = "batch complete");
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
    /// The last "started" record of `key` (nullptr: none).
    const boost::json::object* started_record(const std::string& key) const;
    /// Every item done, with its "done" record.
    const std::map<std::string, boost::json::object>& done_records() const { return done_; }

    /// Appends and syncs a record (with the members of `extra`); throws std::runtime_error when
    /// the disk refuses it.
    void started(const std::string& key, boost::json::object extra = {});
    void finished(const std::string& key, bool ok, boost::json::object extra = {});

private:
    void append(const std::string& line);
    boost::json::object record(const std::string& key, const char* event,
                               boost::json::object extra) const;

    std::string subject_;
    std::FILE* file_ = nullptr;
    std::map<std::string, boost::json::object> started_;
    std::map<std::string, boost::json::object> done_;
};

} // namespace tallyfy_cli
