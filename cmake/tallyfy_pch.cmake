# SPDX-License-Identifier: BSL-1.0
# Precompiled Boost headers for the project's own multi-file targets, with clang. Asio, Beast,
# OpenSSL and JSON take about 8-10 s to parse in every translation unit that includes them.
# Measured on the CI machine (clean builds): clang's precompiled headers cut the ASan stage from
# 436 to 356 s; g++ 12's (a few hundred MB each, written per target, then loaded by every file)
# made its stage slower, 423 to 592 s, so g++ builds parse as before. Boost.Test is never
# precompiled: a test module defines BOOST_TEST_MODULE before including it.
option(TALLYFY_PRECOMPILED_HEADERS "Precompile the Boost headers of the project's targets (clang)"
    ${PROJECT_IS_TOP_LEVEL})

# tallyfy_precompile(target [JSON_ONLY])
function(tallyfy_precompile target)
    if(NOT TALLYFY_PRECOMPILED_HEADERS OR NOT CMAKE_CXX_COMPILER_ID STREQUAL "Clang")
        return()
    endif()
    cmake_parse_arguments(arg "JSON_ONLY" "" "" ${ARGN})
    set(headers <boost/json.hpp> <string> <vector> <optional> <chrono> <memory>)
    if(NOT arg_JSON_ONLY)
        list(APPEND headers <boost/asio.hpp> <boost/asio/ssl.hpp> <boost/beast/core.hpp>
            <boost/beast/http.hpp> <boost/beast/ssl.hpp>)
    endif()
    target_precompile_headers(${target} PRIVATE ${headers})
endfunction()
