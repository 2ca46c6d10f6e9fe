// SPDX-License-Identifier: BSL-1.0
// Unit tests of the client's codecs: model decoding, request bodies, error bodies and targets.
#define BOOST_TEST_MODULE client_unit_tests
#include <boost/test/unit_test.hpp>
