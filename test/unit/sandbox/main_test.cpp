// SPDX-License-Identifier: BSL-1.0
#define BOOST_TEST_MODULE sandbox_unit_tests
#include <boost/test/unit_test.hpp>
