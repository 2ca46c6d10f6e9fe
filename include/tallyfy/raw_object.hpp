// SPDX-License-Identifier: BSL-1.0
// The JSON object a model was decoded from (`task::raw`, `run::raw`, ...).
#pragma once

#include <boost/json/object.hpp>

#include <cstddef>
#include <memory>

namespace tallyfy {

namespace detail {

/// Where a raw_object's JSON lives: an object held as is, or a response's text that is parsed
/// the first time one of its objects is read. Implementations are safe to read concurrently.
class raw_source {
public:
    virtual ~raw_source() = default;
    /// The `index`-th object of this source (0 for a source holding one object).
    virtual const boost::json::object& object_at(std::size_t index) const = 0;
};

} // namespace detail

/// The JSON object a model was decoded from, with every member, including those the SDK does
/// not type. Read-only. To change it or keep it apart from the response, copy it onto the heap:
/// `boost::json::object copy(*t.raw, boost::json::storage_ptr());` (a plain copy would allocate
/// in the response's arena and keep that whole response in memory).
///
/// Tasks of an ordinary response are typed straight from the response's text; their `raw` keeps
/// that text and parses it the first time any task of that response reads `raw` (once per
/// response, on whichever thread reads first; later reads cost nothing). So keeping one task
/// keeps its response's text, and, once read, its JSON, in memory. Other models (runs,
/// checklists, form fields, tasks inside a run, and tasks of a response the SDK had to decode
/// through a JSON document) hold their object, in the arena of the response's document.
///
/// Thread safety: a raw_object made by the SDK, and copies of it, may be read from several
/// threads at once, and copies of its JSON made from several threads at once.
class raw_object {
public:
    /// An empty object.
    raw_object() noexcept = default;
    /// Holds `object` (moved; its memory resource is kept).
    explicit raw_object(boost::json::object object);
    /// The `index`-th object of `source`.
    raw_object(std::shared_ptr<const detail::raw_source> source, std::size_t index) noexcept
        : source_(std::move(source))
        , index_(index) {}

    /// The object; valid while this raw_object or a copy of it lives. The first read of a
    /// response's text parses it, which may throw std::bad_alloc (the next read tries again).
    const boost::json::object& get() const;
    /// get().
    const boost::json::object& operator*() const { return get(); }
    /// &get().
    const boost::json::object* operator->() const { return &get(); }
    operator const boost::json::object&() const { return get(); }

    /// Compares the objects (member order does not matter).
    friend bool operator==(const raw_object& a, const raw_object& b) { return a.get() == b.get(); }

private:
    std::shared_ptr<const detail::raw_source> source_;
    std::size_t index_ = 0;
};

} // namespace tallyfy
