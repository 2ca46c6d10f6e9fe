# Warnings for the project's own targets (not propagated to users).
function(tallyfy_set_warnings target)
    target_compile_options(${target} PRIVATE -Wall -Wextra -Wpedantic)
    if(TALLYFY_WERROR)
        target_compile_options(${target} PRIVATE -Werror)
    endif()
endfunction()
