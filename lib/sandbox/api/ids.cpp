// SPDX-License-Identifier: BSL-1.0
#include "ids.hpp"

namespace tallyfy::sandbox::detail {

std::string splitmix64::hex_id() {
    static constexpr char digits[] = "0123456789abcdef";
    std::string out(32, '0');
    for (int half = 0; half < 2; ++half) {
        std::uint64_t v = next();
        for (int i = 0; i < 16; ++i) {
            out[static_cast<std::size_t>(half * 16 + i)] = digits[v & 0xFU];
            v >>= 4U;
        }
    }
    return out;
}

bool is_hex_id(std::string_view s) noexcept {
    if (s.size() != 32)
        return false;
    for (char c : s)
        if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f')))
            return false;
    return true;
}

} // namespace tallyfy::sandbox::detail
