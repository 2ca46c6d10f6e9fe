// SPDX-License-Identifier: BSL-1.0
// Typing tasks straight from a response's text, without building a JSON document for it.
#pragma once

#include <tallyfy/models.hpp>

#include <optional>
#include <string_view>

namespace tallyfy::codec {

// Both return nullopt for anything but a well-formed response whose typed members are well typed
// and not repeated: the caller then decodes through the document (model_codecs.hpp), which is
// the reference for every error message and edge case. So a nullopt is never an answer in
// itself, and the two paths agree on every text the stream path accepts.
// The tasks' `raw` is left empty, for the caller to point at the text.

/// A list envelope of tasks: `{"data": [{...}, ...], "meta": {"pagination": {...}}}`.
/// Parsing stops at the first task past `max_items`: `cut_at` is then its offset in `text` (else
/// npos) and the page holds the first `max_items` tasks, well typed, without pagination meta.
std::optional<page<task>> stream_task_page(std::string_view text, std::size_t max_items,
                                           std::size_t& cut_at);
/// Every task of the list.
inline std::optional<page<task>> stream_task_page(std::string_view text) {
    std::size_t cut_at = 0;
    return stream_task_page(text, std::size_t(-1), cut_at);
}

/// An item envelope: `{"data": {...}}`.
std::optional<task> stream_task(std::string_view text);

} // namespace tallyfy::codec
