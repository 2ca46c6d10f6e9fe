# SPDX-License-Identifier: BSL-1.0
# Reference documentation with Doxygen (Debian package `doxygen`): `cmake --build B --target
# tallyfy_docs` writes B/docs/html. With the tests, ctest's `reference_docs` runs the same
# configuration, so an undocumented public member fails the suite.
find_package(Doxygen QUIET)
if(NOT DOXYGEN_FOUND)
    message(STATUS "tallyfy: doxygen not found, no tallyfy_docs target")
    return()
endif()
set(TALLYFY_DOCS_OUTPUT ${PROJECT_BINARY_DIR}/docs)
configure_file(${PROJECT_SOURCE_DIR}/docs/reference/Doxyfile.in ${TALLYFY_DOCS_OUTPUT}/Doxyfile @ONLY)
add_custom_target(tallyfy_docs
    COMMAND ${DOXYGEN_EXECUTABLE} ${TALLYFY_DOCS_OUTPUT}/Doxyfile
    WORKING_DIRECTORY ${TALLYFY_DOCS_OUTPUT}
    COMMENT "Reference documentation in ${TALLYFY_DOCS_OUTPUT}/html"
    VERBATIM)
