// SPDX-License-Identifier: BSL-1.0
// The module of the resource suites: one file per resource of the API (templates, runs, tasks,
// comments, files, people, the organisation), each against the sandbox over TLS. They run with
// g++ and under ASan; the TSan run keeps to the suites that exercise threads (client_tests).
#define BOOST_TEST_MODULE resource_tests
#include <boost/test/unit_test.hpp>
