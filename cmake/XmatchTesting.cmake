# xmatch_test(NAME LABEL [RUNS_XMATCH] [RUNS_TEST_PRODUCER] SOURCES... LIBS ...)
#
# One CTest test per GoogleTest binary. LABEL is `unit` (no servers: runs alone with
# `ctest -L unit`) or `integration` (starts its own PostgreSQL and, where needed, a
# Kafka-protocol broker). Integration binaries start one private PostgreSQL for all
# their tests, so one CTest entry per binary keeps the suite fast.
# RUNS_XMATCH: the test runs the real `xmatch` binary, whose path it gets as
# XMATCH_BINARY; RUNS_TEST_PRODUCER: likewise connectors' Kafka test producer, as
# XMATCH_TEST_PRODUCER. Both are built before the test.
function(xmatch_test name label)
  cmake_parse_arguments(ARG "RUNS_XMATCH;RUNS_TEST_PRODUCER" "" "SOURCES;LIBS" ${ARGN})
  add_executable(${name} ${ARG_SOURCES})
  target_link_libraries(${name} PRIVATE ${ARG_LIBS} GTest::gtest GTest::gmock)
  if(ARG_RUNS_XMATCH)
    target_compile_definitions(${name} PRIVATE XMATCH_BINARY="$<TARGET_FILE:xmatch>")
    add_dependencies(${name} xmatch)
  endif()
  if(ARG_RUNS_TEST_PRODUCER)
    target_compile_definitions(${name} PRIVATE
      XMATCH_TEST_PRODUCER="$<TARGET_FILE:connect_test_producer>")
    add_dependencies(${name} connect_test_producer)
  endif()
  if(label STREQUAL "unit")
    target_link_libraries(${name} PRIVATE GTest::gtest_main)
  endif()
  add_test(NAME ${name} COMMAND ${name} --gtest_brief=1)
  set_tests_properties(${name} PROPERTIES LABELS ${label} TIMEOUT 600)
  set_property(TEST ${name} APPEND PROPERTY ENVIRONMENT
               "XMATCH_SOURCE_DIR=${PROJECT_SOURCE_DIR}")
endfunction()
