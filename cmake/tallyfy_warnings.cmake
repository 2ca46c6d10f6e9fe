# Warnings for the project's own targets (not propagated to users).
function(tallyfy_set_warnings target)
    target_compile_options(${target} PRIVATE -Wall -Wextra -Wpedantic
        # Requests are aggregates meant for designated initializers that name only what is set.
        -Wno-missing-field-initializers)
    if(TALLYFY_WERROR)
        target_compile_options(${target} PRIVATE -Werror)
    endif()
endfunction()
