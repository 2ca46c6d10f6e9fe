// SPDX-License-Identifier: BSL-1.0
#include "profile_store.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <stdexcept>
#include <system_error>

namespace fs = std::filesystem;

namespace tallyfy_cli {

namespace {

constexpr std::size_t max_credentials_bytes = 1 << 20;

std::string_view trim_blanks(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\r'))
        s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r'))
        s.remove_suffix(1);
    return s;
}

bool valid_key(std::string_view key) {
    if (key.empty() || key.size() > 64)
        return false;
    for (char c : key)
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              c == '_' || c == '-' || c == '.'))
            return false;
    return true;
}

std::string errno_text(int code) {
    return std::generic_category().message(code);
}

// Closes a descriptor when it leaves scope.
struct fd_guard {
    int fd = -1;
    ~fd_guard() {
        if (fd >= 0)
            ::close(fd);
    }
};

profile_map parse_profiles(const std::string& text, const fs::path& file) {
    profile_map out;
    std::map<std::string, std::size_t, std::less<>> section_line;
    profile* current = nullptr;
    std::map<std::string, std::size_t, std::less<>> key_line; // of the current section
    std::size_t number = 0;
    auto fail = [&](const std::string& reason) {
        throw config_error(file.string() + ":" + std::to_string(number) + ": " + reason);
    };
    for (std::size_t at = 0; at < text.size();) {
        auto end = text.find('\n', at);
        if (end == std::string::npos)
            end = text.size();
        std::string_view line = trim_blanks(std::string_view(text).substr(at, end - at));
        at = end + 1;
        ++number;
        if (line.empty() || line.front() == '#' || line.front() == ';')
            continue;
        if (line.front() == '[') {
            if (line.back() != ']')
                fail("expected '[profile]'");
            std::string name(trim_blanks(line.substr(1, line.size() - 2)));
            if (!valid_profile_name(name))
                fail("bad profile name (letters, digits, '_', '-', '.')");
            if (auto seen = section_line.find(name); seen != section_line.end())
                fail("profile '" + name + "' again (first at line " + std::to_string(seen->second) +
                     ")");
            section_line[name] = number;
            current = &out[name];
            key_line.clear();
            continue;
        }
        const auto eq = line.find('=');
        if (eq == std::string_view::npos)
            fail("expected 'key = value' or '[profile]'");
        std::string key(trim_blanks(line.substr(0, eq)));
        std::string value(trim_blanks(line.substr(eq + 1)));
        if (!valid_key(key))
            fail("bad key before '='");
        if (current == nullptr)
            fail("'" + key + "' before any '[profile]'");
        if (auto seen = key_line.find(key); seen != key_line.end())
            fail("'" + key + "' again (first at line " + std::to_string(seen->second) + ")");
        key_line[key] = number;
        if (key == "token")
            current->token = std::move(value);
        else if (key == "base_url")
            current->base_url = std::move(value);
        else if (key == "org")
            current->org = std::move(value);
        else
            current->other.emplace_back(std::move(key), std::move(value));
    }
    return out;
}

std::string serialize(const profile_map& profiles) {
    std::string out = "# tallyfy credentials, written by `tallyfy auth login` (keep it mode "
                      "0600).\n# [profile] sections of key = value lines.\n";
    for (const auto& [name, p] : profiles) {
        out += "\n[" + name + "]\n";
        auto line = [&](std::string_view key, const std::string& value) {
            if (!value.empty())
                out += std::string(key) + " = " + value + "\n";
        };
        line("token", p.token);
        line("base_url", p.base_url);
        line("org", p.org);
        for (const auto& [key, value] : p.other)
            out += key + " = " + value + "\n";
    }
    return out;
}

// A value must stay on its line and keep its surrounding characters.
void check_value(std::string_view key, const std::string& value) {
    for (unsigned char c : value)
        if (c < 0x20 || c == 0x7f)
            throw std::invalid_argument(std::string(key) + " holds a control character");
    if (trim_blanks(value) != value)
        throw std::invalid_argument(std::string(key) + " starts or ends with a blank");
}

// The directory of `file`, made if missing: its parents as any directory, itself 0700 (tightened
// to 0700 when it exists with a wider mode and is ours).
void make_private_directory(const fs::path& dir) {
    std::error_code ec;
    if (dir.has_parent_path())
        fs::create_directories(dir.parent_path(), ec);
    if (::mkdir(dir.c_str(), 0700) != 0 && errno != EEXIST)
        throw std::runtime_error(dir.string() + ": " + errno_text(errno));
    struct stat st {};
    if (::stat(dir.c_str(), &st) != 0 || !S_ISDIR(st.st_mode))
        throw std::runtime_error(dir.string() + ": not a directory");
    if ((st.st_mode & 077) != 0 && st.st_uid == ::geteuid())
        ::chmod(dir.c_str(), 0700);
}

void write_all(int fd, const std::string& bytes, const std::string& name) {
    std::size_t done = 0;
    while (done < bytes.size()) {
        auto n = ::write(fd, bytes.data() + done, bytes.size() - done);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            throw std::runtime_error(name + ": " + errno_text(errno));
        done += static_cast<std::size_t>(n);
    }
}

// Writes `bytes` to a new 0600 file beside `file`, synced, then renames it over `file`.
void replace_file(const fs::path& file, const std::string& bytes) {
    std::string temp = (file.parent_path() / ("." + file.filename().string() + ".XXXXXX")).string();
    fd_guard out{::mkstemp(temp.data())}; // created 0600 whatever the umask
    if (out.fd < 0)
        throw std::runtime_error(file.parent_path().string() + ": " + errno_text(errno));
    try {
        if (::fchmod(out.fd, 0600) != 0)
            throw std::runtime_error(temp + ": " + errno_text(errno));
        write_all(out.fd, bytes, temp);
        if (::fsync(out.fd) != 0)
            throw std::runtime_error(temp + ": " + errno_text(errno));
        ::close(std::exchange(out.fd, -1));
        if (::rename(temp.c_str(), file.c_str()) != 0)
            throw std::runtime_error(file.string() + ": " + errno_text(errno));
    } catch (...) {
        ::unlink(temp.c_str());
        throw;
    }
    fd_guard dir{::open(file.parent_path().c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC)};
    if (dir.fd >= 0)
        ::fsync(dir.fd); // the rename itself survives a crash
}

// Holds an exclusive flock on `<dir>/.<file>.lock` while an update reads and rewrites the file.
struct update_lock {
    fd_guard fd;
    explicit update_lock(const fs::path& file) {
        make_private_directory(file.parent_path());
        auto path = file.parent_path() / ("." + file.filename().string() + ".lock");
        fd.fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
        if (fd.fd < 0)
            throw std::runtime_error(path.string() + ": " + errno_text(errno));
        while (::flock(fd.fd, LOCK_EX) != 0)
            if (errno != EINTR)
                throw std::runtime_error(path.string() + ": " + errno_text(errno));
    }
};

} // namespace

bool valid_profile_name(std::string_view name) {
    return valid_key(name) && name.front() != '.';
}

fs::path credentials_path(const std::function<const char*(const char*)>& getenv) {
    const char* xdg = getenv("XDG_CONFIG_HOME");
    if (xdg != nullptr && xdg[0] == '/')
        return fs::path(xdg) / "tallyfy" / "credentials";
    const char* home = getenv("HOME");
    if (home != nullptr && home[0] != '\0')
        return fs::path(home) / ".config" / "tallyfy" / "credentials";
    return {};
}

profile_map read_profiles(const fs::path& file, const std::function<void(std::string_view)>& warn) {
    fd_guard in{::open(file.c_str(), O_RDONLY | O_CLOEXEC)};
    if (in.fd < 0) {
        if (errno == ENOENT || errno == ENOTDIR)
            return {};
        throw config_error(file.string() + ": " + errno_text(errno));
    }
    struct stat st {};
    if (::fstat(in.fd, &st) != 0 || !S_ISREG(st.st_mode))
        throw config_error(file.string() + ": not a regular file");
    if ((st.st_mode & 077) != 0 && warn) {
        char mode[8];
        std::snprintf(mode, sizeof mode, "%04o", static_cast<unsigned>(st.st_mode & 07777));
        warn("warning: " + file.string() + " has mode " + mode +
             ": others may read its tokens; run chmod 600 " + file.string());
    }
    if (static_cast<std::size_t>(st.st_size) > max_credentials_bytes)
        throw config_error(file.string() + ": larger than 1 MiB");
    std::string text;
    char buffer[4096];
    for (;;) {
        auto n = ::read(in.fd, buffer, sizeof buffer);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0)
            throw config_error(file.string() + ": " + errno_text(errno));
        if (n == 0)
            break;
        text.append(buffer, static_cast<std::size_t>(n));
        if (text.size() > max_credentials_bytes)
            throw config_error(file.string() + ": larger than 1 MiB");
    }
    return parse_profiles(text, file);
}

void store_profile(const fs::path& file, const std::string& name, const profile& value) {
    if (!valid_profile_name(name))
        throw std::invalid_argument("bad profile name");
    check_value("token", value.token);
    check_value("base_url", value.base_url);
    check_value("org", value.org);
    update_lock lock(file);
    auto profiles = read_profiles(file, {}); // rewritten 0600 whatever its mode was
    auto& stored = profiles[name];
    auto kept = std::move(stored.other);
    stored = value;
    if (stored.other.empty())
        stored.other = std::move(kept);
    replace_file(file, serialize(profiles));
}

bool remove_profile(const fs::path& file, const std::string& name,
                    const std::function<void(std::string_view)>& warn) {
    std::error_code ec;
    if (!fs::exists(file, ec))
        return false;
    update_lock lock(file);
    auto profiles = read_profiles(file, warn);
    if (profiles.erase(name) == 0)
        return false;
    replace_file(file, serialize(profiles));
    return true;
}

} // namespace tallyfy_cli
