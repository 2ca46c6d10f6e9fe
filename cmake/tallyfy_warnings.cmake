# SPDX-License-Identifier: BSL-1.0
# Warnings for the project's own targets (not propagated to users).
function(tallyfy_set_warnings target)
    target_compile_options(${target} PRIVATE -Wall -Wextra -Wpedantic
        # Requests are aggregates meant for designated initializers that name only what is set.
        -Wno-missing-field-initializers
        # g++ 12 false positive on coroutine frames of free functions (operator delete of the
        # awaitable frame "mismatched" with its operator new).
        $<$<CXX_COMPILER_ID:GNU>:-Wno-mismatched-new-delete>)
    # The project's own code avoids Asio's deprecated API; consumers decide for themselves.
    target_compile_definitions(${target} PRIVATE BOOST_ASIO_NO_DEPRECATED)
    if(TALLYFY_WERROR)
        target_compile_options(${target} PRIVATE -Werror)
    endif()
endfunction()
