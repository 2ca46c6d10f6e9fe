// SPDX-License-Identifier: BSL-1.0
#include "batch_journal.hpp"

#include "args.hpp"

#include <tallyfy/api_error.hpp>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <fstream>
#include <iterator>
#include <memory>
#include <sstream>
#include <stdexcept>
#include <sys/file.h>
#include <unistd.h>
#include <utility>

namespace json = boost::json;

namespace tallyfy_cli {

batch_journal::batch_journal(const std::string& path, std::string subject, std::string command)
    : subject_(std::move(subject)) {
    // Opened (0600: run names may hold form values) and locked before it is read: two batches
    // on one journal would both see the same rows as not done and send them twice.
    const int fd = ::open(path.c_str(), O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0600);
    if (fd < 0)
        throw usage_error("--journal " + tallyfy::printable(path, 200) + ": " +
                          std::strerror(errno));
    if (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
        const int why = errno;
        ::close(fd);
        throw usage_error("--journal " + tallyfy::printable(path, 200) + ": " +
                          (why == EWOULDBLOCK ? std::string("another batch is using it")
                                              : std::string(std::strerror(why))));
    }
    // Owned here until the constructor succeeds (a refused journal must not leak it).
    std::unique_ptr<std::FILE, int (*)(std::FILE*)> opened(::fdopen(fd, "a"), &std::fclose);
    if (!opened) {
        const int why = errno;
        ::close(fd);
        throw usage_error("--journal " + tallyfy::printable(path, 200) + ": " + std::strerror(why));
    }
    std::ifstream in(path, std::ios::binary);
    std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    std::istringstream lines(text);
    std::string line;
    std::size_t number = 0;
    while (std::getline(lines, line)) {
        ++number;
        boost::system::error_code ec;
        json::value v = json::parse(line, ec);
        const json::object* o = ec ? nullptr : v.if_object();
        const json::value* task = o ? o->if_contains(subject_) : nullptr;
        const json::value* event = o ? o->if_contains("event") : nullptr;
        if (!task || !task->is_string() || !event || !event->is_string()) {
            // A line torn by a process that died mid-write is skipped (later runs append after
            // it); a file that does not start as a journal is someone else's.
            if (number == 1)
                throw usage_error("--journal " + tallyfy::printable(path, 200) +
                                  ": not a journal of " + command);
            continue;
        }
        const std::string key(task->get_string());
        if (event->get_string() == "started")
            started_[key] = *o;
        else if (event->get_string() == "done")
            done_[key] = *o;
    }
    file_ = opened.release();
    if (!text.empty() && text.back() != '\n')
        append(""); // after a torn last line, records start on a line of their own
}

batch_journal::~batch_journal() {
    if (file_ != nullptr)
        std::fclose(file_);
}

std::string batch_journal::key(const std::string& run_id, const std::string& task_id) {
    return run_id + ' ' + task_id;
}

const json::object* batch_journal::started_record(const std::string& key) const {
    auto it = started_.find(key);
    return it == started_.end() ? nullptr : &it->second;
}

json::object batch_journal::record(const std::string& key, const char* event,
                                   json::object extra) const {
    json::object r{{subject_, key}, {"event", event}};
    for (auto& [name, value] : extra)
        r[name] = std::move(value);
    return r;
}

void batch_journal::started(const std::string& key, json::object extra) {
    json::object r = record(key, "started", std::move(extra));
    append(json::serialize(r));
    started_[key] = std::move(r);
}

void batch_journal::finished(const std::string& key, bool ok, json::object extra) {
    json::object r = record(key, ok ? "done" : "failed", std::move(extra));
    append(json::serialize(r));
    if (ok)
        done_[key] = std::move(r);
}

// Written and synced before the request it announces is sent: a record on disk is the only
// memory a killed run leaves.
void batch_journal::append(const std::string& line) {
    const std::string record = line + '\n';
    if (std::fwrite(record.data(), 1, record.size(), file_) != record.size() ||
        std::fflush(file_) != 0 || ::fdatasync(::fileno(file_)) != 0)
        throw std::runtime_error(std::string("the journal cannot be written: ") +
                                 std::strerror(errno));
}

} // namespace tallyfy_cli
