# Hardening.cmake -- sanitizer, coverage and fuzzing builds, and the ABI and
# header checks (issue 6).  Included by the top-level CMakeLists.txt right
# after DEMARC_WARNINGS, i.e. before lib/, examples/ and tests/ are added, so
# the flags below reach every target of the tree.
#
#   -DDEMARC_SANITIZE=address,undefined   ASan + UBSan, no recovery
#   -DDEMARC_SANITIZE=thread              TSan (the thread tests)
#   -DDEMARC_COVERAGE=ON                  gcc --coverage -O0 (gcovr/lcov report)
#   -DDEMARC_FUZZ=ON                      libFuzzer targets in tests/fuzz
#                                         (needs clang: CC=clang)
# The driver is .ci/hardening.sh.

set(DEMARC_SANITIZE "" CACHE STRING
    "Sanitizers for the whole tree: empty, address,undefined or thread")
option(DEMARC_COVERAGE "Instrument for line and branch coverage (gcc --coverage)" OFF)
option(DEMARC_FUZZ "Build the libFuzzer targets of tests/fuzz (clang)" OFF)

if(DEMARC_SANITIZE)
  if(DEMARC_SANITIZE MATCHES "thread" AND DEMARC_SANITIZE MATCHES "address")
    message(FATAL_ERROR "DEMARC_SANITIZE: thread and address cannot be combined")
  endif()
  add_compile_options(-fsanitize=${DEMARC_SANITIZE} -fno-sanitize-recover=all
                      -fno-omit-frame-pointer -g)
  add_link_options(-fsanitize=${DEMARC_SANITIZE} -fno-sanitize-recover=all)
  message(STATUS "hardening: sanitizers ${DEMARC_SANITIZE}")
endif()

if(DEMARC_COVERAGE)
  if(NOT CMAKE_C_COMPILER_ID STREQUAL "GNU")
    message(FATAL_ERROR "DEMARC_COVERAGE needs gcc (gcov), not ${CMAKE_C_COMPILER_ID}")
  endif()
  add_compile_options(--coverage -O0 -g)
  add_link_options(--coverage)
  message(STATUS "hardening: coverage instrumentation")
endif()

if(DEMARC_FUZZ)
  if(NOT CMAKE_C_COMPILER_ID MATCHES "Clang")
    message(FATAL_ERROR "DEMARC_FUZZ needs clang (configure with CC=clang)")
  endif()
  # Every object is instrumented for coverage feedback and sanitized; only
  # the fuzz executables link libFuzzer's main (tests/fuzz/CMakeLists.txt).
  add_compile_options(-fsanitize=fuzzer-no-link,address,undefined
                      -fno-sanitize-recover=all -fno-omit-frame-pointer -g)
  add_link_options(-fsanitize=address,undefined -fno-sanitize-recover=all)
  message(STATUS "hardening: libFuzzer targets")
endif()

# ---- header and ABI checks, registered once the whole tree is known -----
function(_demarc_hardening_tests)
  if(NOT DEMARC_BUILD_TESTS)
    return()
  endif()
  set(_ht ${PROJECT_SOURCE_DIR}/tests/headertest)
  # The public header alone, as strict C99 ...
  add_test(NAME header.c99
    COMMAND ${CMAKE_C_COMPILER} -std=c99 -pedantic -Werror -Wall -Wextra
            -Wstrict-prototypes -I${PROJECT_SOURCE_DIR}/include -c ${_ht}/header_c99.c
            -o ${CMAKE_CURRENT_BINARY_DIR}/header_c99.o)
  set_tests_properties(header.c99 PROPERTIES LABELS "abi")
  # ... and as C++ (extern "C", no C-only constructs), when a C++ compiler exists.
  find_program(DEMARC_CXX_FOR_HEADERTEST NAMES c++ g++ clang++)
  if(DEMARC_CXX_FOR_HEADERTEST)
    add_test(NAME header.cxx
      COMMAND ${DEMARC_CXX_FOR_HEADERTEST} -std=c++11 -pedantic -Werror -Wall -Wextra
              -I${PROJECT_SOURCE_DIR}/include -c ${_ht}/header_cxx.cpp
              -o ${CMAKE_CURRENT_BINARY_DIR}/header_cxx.o)
    set_tests_properties(header.cxx PROPERTIES LABELS "abi")
  else()
    message(STATUS "hardening: no C++ compiler, test header.cxx not registered")
  endif()
  # Exported symbols: only demarc_*, none of tests/abi/symbols.txt removed.
  # (Not under --coverage: libgcov adds its own exported __gcov_* symbols.)
  if(TARGET demarc_shared AND NOT DEMARC_COVERAGE)
    add_test(NAME abi.symbols
      COMMAND sh ${PROJECT_SOURCE_DIR}/tests/abi/check_symbols.sh
              $<TARGET_FILE:demarc_shared> ${PROJECT_SOURCE_DIR}/tests/abi/symbols.txt)
    set_tests_properties(abi.symbols PROPERTIES LABELS "abi")
  endif()
  # Bad-input corpus through the command line.
  if(TARGET demarc)
    add_test(NAME badcorpus.cli
      COMMAND sh ${PROJECT_SOURCE_DIR}/tests/badcorpus_cli.sh $<TARGET_FILE:demarc>
              ${PROJECT_SOURCE_DIR}/tests/data/bad)
    set_tests_properties(badcorpus.cli PROPERTIES LABELS "cli" TIMEOUT 300)
  endif()
endfunction()
cmake_language(DEFER DIRECTORY ${PROJECT_SOURCE_DIR} CALL _demarc_hardening_tests)
