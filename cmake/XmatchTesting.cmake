# xmatch_test(NAME LABEL SOURCES... LIBS ...)
#
# One CTest test per GoogleTest binary. LABEL is `unit` (no servers: runs alone with
# `ctest -L unit`) or `integration` (starts its own PostgreSQL and, where needed, a
# Kafka-protocol broker). Integration binaries start one private PostgreSQL for all
# their tests, so one CTest entry per binary keeps the suite fast.
function(xmatch_test name label)
  cmake_parse_arguments(ARG "" "" "SOURCES;LIBS" ${ARGN})
  add_executable(${name} ${ARG_SOURCES})
  target_link_libraries(${name} PRIVATE ${ARG_LIBS} GTest::gtest GTest::gmock)
  if(label STREQUAL "unit")
    target_link_libraries(${name} PRIVATE GTest::gtest_main)
  endif()
  add_test(NAME ${name} COMMAND ${name} --gtest_brief=1)
  set_tests_properties(${name} PROPERTIES LABELS ${label} TIMEOUT 600)
  set_property(TEST ${name} APPEND PROPERTY ENVIRONMENT
               "XMATCH_SOURCE_DIR=${PROJECT_SOURCE_DIR}")
endfunction()
