# Docs.cmake -- `docs` target: the API reference from the public headers
# (include/demarc.h, include/demarc/*.h) with Doxygen.  Any warning -- in
# particular an undocumented public symbol -- fails the target
# (WARN_AS_ERROR, WARN_IF_UNDOCUMENTED).  Output: <build>/docs/html/index.html.
find_package(Doxygen)
if(DOXYGEN_FOUND)
  set(DEMARC_DOXYGEN_INPUT "${PROJECT_SOURCE_DIR}/include/demarc.h ${PROJECT_SOURCE_DIR}/include/demarc")
  set(DEMARC_DOXYGEN_OUTPUT ${CMAKE_CURRENT_BINARY_DIR}/docs)
  configure_file(${PROJECT_SOURCE_DIR}/cmake/Doxyfile.in ${CMAKE_CURRENT_BINARY_DIR}/Doxyfile @ONLY)
  file(GLOB _demarc_public_headers CONFIGURE_DEPENDS ${PROJECT_SOURCE_DIR}/include/demarc/*.h)
  add_custom_command(OUTPUT ${DEMARC_DOXYGEN_OUTPUT}/html/index.html
    COMMAND ${CMAKE_COMMAND} -E make_directory ${DEMARC_DOXYGEN_OUTPUT}
    COMMAND Doxygen::doxygen ${CMAKE_CURRENT_BINARY_DIR}/Doxyfile
    DEPENDS ${PROJECT_SOURCE_DIR}/include/demarc.h ${_demarc_public_headers}
            ${CMAKE_CURRENT_BINARY_DIR}/Doxyfile
    COMMENT "Doxygen: API reference in ${DEMARC_DOXYGEN_OUTPUT}/html"
    VERBATIM)
  add_custom_target(docs DEPENDS ${DEMARC_DOXYGEN_OUTPUT}/html/index.html)
else()
  message(STATUS "Doxygen not found: no `docs` target")
endif()
