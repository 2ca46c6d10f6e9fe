// SPDX-License-Identifier: BSL-1.0
// Unit tests of the transport's parts that need no socket: reading responses off a scripted stream.
#define BOOST_TEST_MODULE transport_unit_tests
#include <boost/test/unit_test.hpp>
