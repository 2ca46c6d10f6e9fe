// SPDX-License-Identifier: BSL-1.0
// file_token_provider: a token file rotated by an external agent, read again when its size or
// modification time changed, or after a 401.
#include "core/outcome.hpp"

#include <tallyfy/api_error.hpp>
#include <tallyfy/token_provider.hpp>

#include <filesystem>
#include <fstream>
#include <mutex>
#include <sstream>

namespace tallyfy {

namespace asio = boost::asio;

namespace {

struct token_file {
    file_token_options options;
    std::mutex mutex;
    std::string token;
    std::filesystem::file_time_type modified{};
    std::uintmax_t size = 0;
};

[[noreturn]] void unusable(const std::string& path, const std::string& why) {
    throw api_error(detail::make_details(error::unauthorized, "token file '" + path + "': " + why));
}

std::string token_text_trimmed(std::string text) {
    constexpr std::string_view space = " \t\r\n\f\v";
    const auto first = text.find_first_not_of(space);
    if (first == std::string::npos)
        return {};
    return text.substr(first, text.find_last_not_of(space) - first + 1);
}

access_token_info read_token(token_file& f, bool after_rejection) {
    namespace fs = std::filesystem;
    const std::string& path = f.options.path;
    std::error_code ec;
    const auto size = fs::file_size(path, ec);
    if (ec)
        unusable(path, ec.message());
    const auto modified = fs::last_write_time(path, ec);
    if (ec)
        unusable(path, ec.message());
    std::lock_guard lock(f.mutex);
    if (f.token.empty() || after_rejection || size != f.size || modified != f.modified) {
        std::ifstream in(path, std::ios::binary);
        if (!in)
            unusable(path, "cannot be opened");
        std::ostringstream text;
        text << in.rdbuf();
        std::string token = token_text_trimmed(std::move(text).str());
        if (token.empty())
            unusable(path, "is empty");
        f.token = std::move(token);
        f.size = size;
        f.modified = modified;
    }
    return {f.token, std::chrono::system_clock::now() + f.options.recheck};
}

asio::awaitable<access_token_info> read_file(std::shared_ptr<token_file> f,
                                             token_request_context context) {
    co_return read_token(*f, context.after_rejection);
}

} // namespace

token_provider file_token_provider(file_token_options options) {
    auto f = std::make_shared<token_file>();
    f->options = std::move(options);
    return token_provider(
        [f](token_request_context context) { return read_file(f, std::move(context)); });
}

} // namespace tallyfy
