# Builds tests/cross/generator_checksum.cpp with every toolchain given (compiler,
# standard library, optimisation level), runs each, and fails unless all print
# the same lines: the generators promise identical output for a seed whatever
# the compiler and library (no <random> distributions, no libm in decisions).
#
# cmake -DSOURCE_DIR=... -DWORK_DIR=... -DTOOLCHAINS="name|compiler|flags@name|compiler|flags..." -P compare_checksums.cmake
# (@ separates toolchains so the list survives add_test's argument splitting).
cmake_minimum_required(VERSION 3.25)

file(REMOVE_RECURSE "${WORK_DIR}")
file(MAKE_DIRECTORY "${WORK_DIR}")

set(reference "")
set(reference_name "")
set(ran 0)
string(REPLACE "@" ";" toolchain_list "${TOOLCHAINS}")
foreach(tc IN LISTS toolchain_list)
    string(REPLACE "|" ";" parts "${tc}")
    list(GET parts 0 name)
    list(GET parts 1 compiler)
    list(GET parts 2 flags)
    separate_arguments(flags UNIX_COMMAND "${flags}")
    set(exe "${WORK_DIR}/checksum_${name}")
    execute_process(
        COMMAND "${compiler}" -std=c++20 ${flags} -I "${SOURCE_DIR}/include"
            "${SOURCE_DIR}/tests/cross/generator_checksum.cpp" -o "${exe}"
        RESULT_VARIABLE rc ERROR_VARIABLE err)
    if(NOT rc EQUAL 0)
        message(FATAL_ERROR "${name}: building the checksum program failed:\n${err}")
    endif()
    execute_process(COMMAND "${exe}" RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
    if(NOT rc EQUAL 0)
        message(FATAL_ERROR "${name}: the checksum program failed (${rc}):\n${err}")
    endif()
    message(STATUS "${name}:\n${out}")
    math(EXPR ran "${ran} + 1")
    if(reference_name STREQUAL "")
        set(reference "${out}")
        set(reference_name "${name}")
    elseif(NOT out STREQUAL reference)
        message(FATAL_ERROR "${name} and ${reference_name} generate different music:\n"
            "--- ${reference_name}\n${reference}--- ${name}\n${out}")
    endif()
endforeach()
if(ran LESS 2)
    message(FATAL_ERROR "only ${ran} toolchain(s) given: nothing to compare")
endif()
message(STATUS "${ran} toolchains agree")
