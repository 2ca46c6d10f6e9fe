// SPDX-License-Identifier: BSL-1.0
// Parsing a response body into a document that lives in one arena: a few large blocks instead of
// one heap allocation per JSON value, and nothing to walk when the values are destroyed.
#pragma once

#include <boost/json/storage_ptr.hpp>
#include <boost/json/value.hpp>
#include <boost/system/error_code.hpp>

#include <string_view>

namespace tallyfy::codec {

class sealable_arena;

/// A parsed JSON text whose values (and copies made from them) share one arena, freed when the
/// last of them is destroyed. Decode the models while the document is private to one thread,
/// then call `seal()`: from then on the arena serialises allocations, so values that came from
/// one document may be mutated from different threads.
class arena_document {
public:
    /// Parses `text`; on failure `ec` is set and `root()` is null.
    arena_document(std::string_view text, boost::system::error_code& ec);

    boost::json::value& root() noexcept { return root_; }

    /// Call when the values are about to leave the decoding thread.
    void seal() noexcept;

private:
    sealable_arena* arena_ = nullptr; // owned by storage_
    boost::json::storage_ptr storage_;
    boost::json::value root_;
};

} // namespace tallyfy::codec
