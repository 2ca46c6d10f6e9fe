// SPDX-License-Identifier: BSL-1.0
// tallyfy::inline_string<N> — text of at most N bytes kept inside the object: the type of the id
// and name fields of the requests.
//
// Why not std::string: Debian 12's g++ 12 destroys the members of an aggregate built inside a
// `co_await` statement twice (GCC PR c++/101976), so
//     co_await api.complete_task({.task_id = t, .run_id = r});
// frees the same std::string buffer twice. An inline_string owns no heap memory and has a trivial
// destructor, so that form is safe (docs/gcc12-coroutine-temporaries.md).
//
// It converts implicitly from std::string, std::string_view and C strings, and to
// std::string_view and std::string; it compares with all of them, orders and hashes. Text longer
// than N is kept cut at N and marked too_long(); the client refuses such a request with
// error::invalid_argument before any I/O and never sends the cut text (a conversion gives the cut
// text: check too_long() when that matters).
#pragma once

#include <compare>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <functional>
#include <ostream>
#include <string>
#include <string_view>
#include <type_traits>

namespace tallyfy {

/// Text of at most N bytes kept inside the object (no heap memory, trivial destructor): the
/// type of the requests' ids and names, safe in a braced temporary under g++ 12's
/// GCC PR c++/101976. Text longer than N is kept cut at N and marked too_long(); the client
/// refuses such a request with error::invalid_argument before any I/O. Implicit conversions
/// from and to std::string and std::string_view; compares, orders and hashes (std::hash).
template <std::size_t N>
class inline_string {
public:
    static constexpr std::size_t capacity = N; ///< the most bytes kept (N)

    /// An empty text.
    constexpr inline_string() noexcept = default;
    /// A copy of `text` (cut at N and marked too_long() when longer).
    inline_string(std::string_view text) noexcept { assign(text); }
    /// A copy of `text` (cut at N and marked too_long() when longer).
    inline_string(const std::string& text) noexcept { assign(text); }
    /// A copy of `text`; a null pointer gives an empty text.
    inline_string(const char* text) noexcept { assign(text ? std::string_view(text) : ""); }
    /// From another capacity; a text that was too long stays too long.
    template <std::size_t M>
    requires(M != N) inline_string(const inline_string<M>& other)
    noexcept {
        assign(other.view());
        if (other.too_long() && size_ <= N)
            size_ = N + 1;
    }

    /// The text (cut at N when too_long()).
    std::string_view view() const noexcept { return {data_, size_ > N ? N : size_}; }
    operator std::string_view() const noexcept { return view(); }
    /// The text as a std::string (cut at N when too_long()).
    std::string str() const { return std::string(view()); }
    operator std::string() const { return str(); }
    /// The text, NUL-terminated (cut at N when too_long()).
    const char* c_str() const noexcept { return data_; }
    /// No text was given (a too-long text is not empty).
    bool empty() const noexcept { return size_ == 0; }
    /// The length of view(): at most N.
    std::size_t size() const noexcept { return view().size(); }
    /// Makes it empty (and no longer too_long()).
    void clear() noexcept { assign({}); }
    /// The text given was longer than N bytes (and was cut).
    bool too_long() const noexcept { return size_ > N; }

    /// Equal when the texts are: a too-long text equals nothing but the same too-long text.
    friend bool operator==(const inline_string& a, const inline_string& b) noexcept {
        return a.size_ == b.size_ && a.view() == b.view();
    }
    /// Orders by text, then a too-long text after the cut one.
    friend std::strong_ordering operator<=>(const inline_string& a,
                                            const inline_string& b) noexcept {
        if (auto c = a.view().compare(b.view()); c != 0)
            return c < 0 ? std::strong_ordering::less : std::strong_ordering::greater;
        return a.size_ <=> b.size_;
    }
    /// Against std::string, string_view, C strings (either side).
    template <class Text>
    requires(std::is_convertible_v<const Text&, std::string_view> &&
             !std::is_same_v<Text, inline_string>) friend bool
    operator==(const inline_string& a, const Text& b) noexcept {
        return !a.too_long() && a.view() == std::string_view(b);
    }
    /// Writes view().
    friend std::ostream& operator<<(std::ostream& out, const inline_string& s) {
        return out << s.view();
    }

private:
    void assign(std::string_view text) noexcept {
        const std::size_t kept = text.size() > N ? N : text.size();
        if (kept)
            std::memcpy(data_, text.data(), kept);
        data_[kept] = '\0';
        size_ = text.size();
    }

    char data_[N + 1] = {};
    std::size_t size_ = 0; // length of the text given; > N: too long
};

} // namespace tallyfy

/// @cond
template <std::size_t N>
struct std::hash<tallyfy::inline_string<N>> {
    std::size_t operator()(const tallyfy::inline_string<N>& s) const noexcept {
        return std::hash<std::string_view>()(s.view()) ^ static_cast<std::size_t>(s.too_long());
    }
};
/// @endcond

namespace tallyfy {

/// An id in a request: Tallyfy's ids are 32 hex characters; guests are addressed by email.
using id_string = inline_string<256>;

} // namespace tallyfy
