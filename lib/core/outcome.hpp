// SPDX-License-Identifier: BSL-1.0
// Errors as values inside the library: every layer returns outcome<T>, a value or the full
// error_details; the public edge (client_calls.hpp) converts once, to an error_code plus details
// or to a thrown api_error.
#pragma once

#include <tallyfy/api_error.hpp>

#include <boost/assert/source_location.hpp>
#include <boost/system/result.hpp>

#include <exception>
#include <string>

namespace tallyfy {

/// Found by ADL from boost::system::result<T, error_details>::value(): a result that holds an
/// error throws the api_error carrying all of it.
[[noreturn]] void throw_exception_from_error(const error_details& details,
                                             const boost::source_location& where);

namespace detail {

template <class T>
using outcome = boost::system::result<T, error_details>;

/// error_details with only a code and a client-side explanation.
error_details make_details(error code, std::string detail);

/// A failure that escaped as an exception (only allocation failures can) as details.
error_details details_of(const std::exception_ptr& failure);

} // namespace detail
} // namespace tallyfy
