// SPDX-License-Identifier: BSL-1.0
// Deterministic pseudo-random numbers and 32-hex entity ids for the emulator. splitmix64 is used
// instead of <random> distributions so the seeded data is identical across standard libraries.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace tallyfy::sandbox::detail {

/// splitmix64: tiny, fast, fully specified generator.
class splitmix64 {
public:
    explicit splitmix64(std::uint64_t seed)
        : state_(seed) {}
    std::uint64_t next() {
        std::uint64_t z = (state_ += 0x9e3779b97f4a7c15ULL);
        z = (z ^ (z >> 30U)) * 0xbf58476d1ce4e5b9ULL;
        z = (z ^ (z >> 27U)) * 0x94d049bb133111ebULL;
        return z ^ (z >> 31U);
    }
    /// Uniform-enough value in [0, bound) (bound > 0); modulo bias is irrelevant here.
    std::uint64_t below(std::uint64_t bound) { return bound == 0 ? 0 : next() % bound; }
    /// A 32-character lowercase hex id.
    std::string hex_id();

private:
    std::uint64_t state_;
};

/// True when `s` is exactly 32 lowercase hex digits.
bool is_hex_id(std::string_view s) noexcept;

} // namespace tallyfy::sandbox::detail
