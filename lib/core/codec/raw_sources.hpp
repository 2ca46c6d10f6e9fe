// SPDX-License-Identifier: BSL-1.0
// The two places a model's raw JSON can live (see tallyfy/raw_object.hpp).
#pragma once

#include <tallyfy/raw_object.hpp>

#include <memory>
#include <string>

namespace tallyfy::codec {

/// Where the objects of a response text sit: `data` itself (`{"data": {...}}`), or the items of
/// `data` (`{"data": [{...}, ...]}`).
enum class text_layout { envelope, list };

/// A source over a response's text, parsed into an arena the first time an object is read.
/// `text` must be JSON whose layout was checked (the stream decoder does) before any read.
std::shared_ptr<const detail::raw_source> make_text_source(std::string text, text_layout layout);

} // namespace tallyfy::codec
