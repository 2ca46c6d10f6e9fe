// SPDX-License-Identifier: BSL-1.0
// The credentials file `auth login` writes and every command reads: named profiles (token, base
// URL, organisation) in a small INI file only its owner can read, rewritten atomically.
#pragma once

#include "args.hpp"

#include <filesystem>
#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace tallyfy_cli {

/// A malformed credentials file (naming the file and the line, never the line's text: it may
/// hold a token). Exit code 2, without the command's usage.
struct config_error : usage_error {
    using usage_error::usage_error;
};

/// One `[name]` section of the file.
struct profile {
    std::string token;
    std::string base_url;
    std::string org;
    /// Keys this version does not know, kept as they were when the file is rewritten.
    std::vector<std::pair<std::string, std::string>> other = {};
};

using profile_map = std::map<std::string, profile, std::less<>>;

/// Profile names: 1 to 64 of [A-Za-z0-9_.-], not starting with '.'.
bool valid_profile_name(std::string_view name);

/// `$XDG_CONFIG_HOME/tallyfy/credentials` (when XDG_CONFIG_HOME is an absolute path, as the XDG
/// spec requires), else `$HOME/.config/tallyfy/credentials`; empty when neither is set.
std::filesystem::path credentials_path(const std::function<const char*(const char*)>& getenv);

/// The profiles in `file`; none when it does not exist. A file that others may read or write
/// (mode wider than 0600) is read anyway, with a warning passed to `warn` (as ssh warns about a
/// key's mode; the next login or logout rewrites it 0600). Throws config_error for a malformed
/// file ("FILE:LINE: reason"; unknown keys are no error) or one that cannot be read.
profile_map read_profiles(const std::filesystem::path& file,
                          const std::function<void(std::string_view)>& warn);

/// Stores `value` as profile `name` (replacing it), keeping the other profiles. Creates the
/// directory with mode 0700; writes a temporary file created 0600 in the same directory, syncs
/// it and renames it over `file`, so the file is never partly written nor readable by others,
/// and two concurrent updates (an flock on a lock file beside it) never lose one another.
/// A file that was too open is rewritten 0600 without a warning. Throws config_error for a
/// malformed existing file, std::runtime_error naming the path when it cannot write.
void store_profile(const std::filesystem::path& file, const std::string& name,
                   const profile& value);

/// Removes profile `name` (the other profiles kept); false when there was none (nothing written).
/// Errors as store_profile.
bool remove_profile(const std::filesystem::path& file, const std::string& name,
                    const std::function<void(std::string_view)>& warn);

} // namespace tallyfy_cli
