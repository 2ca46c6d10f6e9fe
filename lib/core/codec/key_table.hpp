// SPDX-License-Identifier: BSL-1.0
// A compile-time table from a model's JSON keys to their positions, so that a decoder can walk an
// object's members once (one hash and usually one compare per member) instead of looking each
// field up in the object's own hash index.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <string_view>

namespace tallyfy::codec {

template <std::size_t N>
class key_table {
public:
    static constexpr int npos = -1;

    constexpr explicit key_table(const std::array<std::string_view, N>& names)
        : names_(names) {
        slots_.fill(npos);
        for (std::size_t i = 0; i < N; ++i) {
            std::size_t s = hash(names[i]) & (slot_count - 1);
            while (slots_[s] != npos)
                s = (s + 1) & (slot_count - 1);
            slots_[s] = static_cast<int>(i);
        }
    }

    /// The position of `key` in the names given at construction, or npos.
    constexpr int find(std::string_view key) const noexcept {
        for (std::size_t s = hash(key) & (slot_count - 1);; s = (s + 1) & (slot_count - 1)) {
            const int at = slots_[s];
            if (at == npos || names_[static_cast<std::size_t>(at)] == key)
                return at;
        }
    }

private:
    // A power of two at least 4 times N: mostly empty, so that probes are short and an unknown
    // key stops at once.
    static constexpr std::size_t slot_count = [] {
        std::size_t n = 1;
        while (n < 4 * N)
            n *= 2;
        return n;
    }();

    // Constant time: the length and three characters, mixed. JSON keys of one model differ there
    // almost always, and a collision only costs a probe.
    static constexpr std::uint32_t hash(std::string_view s) noexcept {
        if (s.empty())
            return 0;
        const auto at = [&](std::size_t i) {
            return static_cast<std::uint32_t>(static_cast<unsigned char>(s[i]));
        };
        std::uint32_t h = static_cast<std::uint32_t>(s.size()) * 0x9E3779B1u;
        h ^= at(0) | at(s.size() / 2) << 8 | at(s.size() - 1) << 16;
        h *= 0x85EBCA6Bu;
        return h ^ (h >> 15);
    }

    std::array<std::string_view, N> names_;
    std::array<int, slot_count> slots_{};
};

} // namespace tallyfy::codec
