// SPDX-License-Identifier: BSL-1.0
// The pairs of a query string or a form-encoded body ("a=1&b&c=2"), as written: one splitter
// for the redactors (the observer's target, the sandbox's recorder) and the sandbox's OAuth form
// reader, which each used to walk the '&'s on their own. Header-only: the sandbox libraries use
// it too. No decoding here: callers decode what they compare.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace tallyfy::detail {

/// One `name=value` (or bare `name`) piece of a form.
struct form_pair {
    std::string_view text;                 ///< the piece as written, "name=value"
    std::string_view name;                 ///< before the first '=' (all of it when none)
    std::optional<std::string_view> value; ///< after the first '='; none for a bare item
};

inline form_pair split_form_pair(std::string_view text) {
    const auto eq = text.find('=');
    if (eq == std::string_view::npos)
        return {text, text, std::nullopt};
    return {text, text.substr(0, eq), text.substr(eq + 1)};
}

/// Calls `each(form_pair)` for every '&'-separated piece of `form`, empty ones included (so that
/// joining the pieces again gives `form` back).
template <class Each>
void for_each_form_pair(std::string_view form, Each&& each) {
    for (;;) {
        const auto amp = form.find('&');
        each(split_form_pair(form.substr(0, amp)));
        if (amp == std::string_view::npos)
            return;
        form.remove_prefix(amp + 1);
    }
}

/// `form` with each piece replaced by what `rewrite(form_pair, std::string& out)` appends to
/// `out`, the pieces joined by '&' as before.
template <class Rewrite>
std::string rewrite_form_pairs(std::string_view form, Rewrite&& rewrite) {
    std::string out;
    out.reserve(form.size());
    bool first = true;
    for_each_form_pair(form, [&](const form_pair& pair) {
        if (!first)
            out += '&';
        first = false;
        rewrite(pair, out);
    });
    return out;
}

} // namespace tallyfy::detail
