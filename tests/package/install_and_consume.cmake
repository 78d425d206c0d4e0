# Run by ctest (see CMakeLists.txt). Every step must succeed; the last one
# must fail with find_package's own message.
function(run)
    cmake_parse_arguments(ARG "EXPECT_FAIL" "OUTPUT_VARIABLE" "COMMAND;ENV" ${ARGN})
    execute_process(COMMAND ${CMAKE_COMMAND} -E env ${ARG_ENV} ${ARG_COMMAND}
        RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
    string(REPLACE ";" " " pretty "${ARG_COMMAND}")
    if(ARG_EXPECT_FAIL)
        if(rc EQUAL 0)
            message(FATAL_ERROR "expected failure, but it succeeded: ${pretty}\n${out}\n${err}")
        endif()
    elseif(NOT rc EQUAL 0)
        message(FATAL_ERROR "failed (${rc}): ${pretty}\n${out}\n${err}")
    endif()
    message(STATUS "ok: ${pretty}")
    if(ARG_OUTPUT_VARIABLE)
        # CMake wraps long messages: fold white space so callers can match phrases.
        string(REGEX REPLACE "[ \t\r\n]+" " " folded "${out}${err}")
        set(${ARG_OUTPUT_VARIABLE} "${folded}" PARENT_SCOPE)
    endif()
endfunction()

file(REMOVE_RECURSE "${WORK_DIR}")
set(prefix "${WORK_DIR}/prefix")

# 1. Install this build tree.
run(COMMAND ${CMAKE_COMMAND} --install "${BUILD_DIR}" --prefix "${prefix}")
foreach(f lib/cmake/coremusic/coremusicConfig.cmake
          lib/cmake/coremusic/coremusicConfigVersion.cmake
          lib/cmake/coremusic/coremusic-core-targets.cmake
          lib/pkgconfig/coremusic.pc
          include/coremusic/coremusic.hpp
          include/coremusic/core.hpp)
    if(NOT EXISTS "${prefix}/${f}")
        message(FATAL_ERROR "not installed: ${f}")
    endif()
endforeach()

# 2. find_package(coremusic CONFIG REQUIRED COMPONENTS midi theory).
run(COMMAND ${CMAKE_COMMAND} -S "${CONSUMER_DIR}" -B "${WORK_DIR}/cmake-consumer"
        -G "${GENERATOR}" -DCMAKE_CXX_COMPILER=${CXX} -DCMAKE_PREFIX_PATH=${prefix})
run(COMMAND ${CMAKE_COMMAND} --build "${WORK_DIR}/cmake-consumer")
run(COMMAND "${WORK_DIR}/cmake-consumer/consumer" OUTPUT_VARIABLE out)
if(NOT out MATCHES "consumer built against coremusic 0.1.0")
    message(FATAL_ERROR "consumer printed: ${out}")
endif()

# 2b. The compiled cm::ca and its private libraries.
run(COMMAND ${CMAKE_COMMAND} -S "${CONSUMER_DIR}" -B "${WORK_DIR}/cmake-ca"
        -G "${GENERATOR}" -DCMAKE_CXX_COMPILER=${CXX} -DCMAKE_PREFIX_PATH=${prefix} "-DREQUEST=ca,midi,theory")
run(COMMAND ${CMAKE_COMMAND} --build "${WORK_DIR}/cmake-ca")
run(COMMAND "${WORK_DIR}/cmake-ca/consumer_ca" OUTPUT_VARIABLE out)
if(NOT out MATCHES "ca consumer: fft and files ok")
    message(FATAL_ERROR "consumer_ca printed: ${out}")
endif()

# 3. find_package(coremusic) with no components: every installed one plus the umbrella.
run(COMMAND ${CMAKE_COMMAND} -S "${CONSUMER_DIR}" -B "${WORK_DIR}/cmake-all"
        -G "${GENERATOR}" -DCMAKE_CXX_COMPILER=${CXX} -DCMAKE_PREFIX_PATH=${prefix} "-DREQUEST=")
run(COMMAND ${CMAKE_COMMAND} --build "${WORK_DIR}/cmake-all")

# 4. pkg-config, with a plain compiler call.
run(COMMAND ${PKG_CONFIG} --cflags --libs coremusic
    ENV "PKG_CONFIG_PATH=${prefix}/lib/pkgconfig"
    OUTPUT_VARIABLE pc_flags)
string(STRIP "${pc_flags}" pc_flags)
separate_arguments(pc_flags UNIX_COMMAND "${pc_flags}")
# The .pc file is relocatable (prefix from ${pcfiledir}): it must point into
# this prefix wherever the prefix is.
run(COMMAND ${PKG_CONFIG} --variable=includedir coremusic
    ENV "PKG_CONFIG_PATH=${prefix}/lib/pkgconfig"
    OUTPUT_VARIABLE pc_includedir)
string(STRIP "${pc_includedir}" pc_includedir)
file(REAL_PATH "${pc_includedir}" pc_includedir)
file(REAL_PATH "${prefix}/include" want_includedir)
if(NOT pc_includedir STREQUAL want_includedir)
    message(FATAL_ERROR "pkg-config includedir is '${pc_includedir}', expected '${want_includedir}'")
endif()
run(COMMAND ${CXX} -std=c++20 "${CONSUMER_DIR}/main.cpp" ${pc_flags} -o "${WORK_DIR}/pc-consumer")
run(COMMAND "${WORK_DIR}/pc-consumer")
# The compiled cm::ca through pkg-config alone (its libraries come from Requires).
run(COMMAND ${CXX} -std=c++20 "${CONSUMER_DIR}/ca_main.cpp" ${pc_flags} -o "${WORK_DIR}/pc-consumer-ca")
run(COMMAND "${WORK_DIR}/pc-consumer-ca" OUTPUT_VARIABLE out)
if(NOT out MATCHES "ca consumer: fft and files ok")
    message(FATAL_ERROR "pc-consumer-ca printed: ${out}")
endif()

# 5. An unknown component: find_package must say so.
run(EXPECT_FAIL OUTPUT_VARIABLE out
    COMMAND ${CMAKE_COMMAND} -S "${CONSUMER_DIR}" -B "${WORK_DIR}/cmake-bad"
        -G "${GENERATOR}" -DCMAKE_PREFIX_PATH=${prefix} "-DREQUEST=midi,nosuch")
if(NOT out MATCHES "coremusic component 'nosuch' is not available")
    message(FATAL_ERROR "find_package did not name the missing component:\n${out}")
endif()

# 6. An optional component left out of the build (Link off): find_package
#    reports it, naming the option; the other components still work.
run(COMMAND ${CMAKE_COMMAND} -S "${SOURCE_DIR}" -B "${WORK_DIR}/nolink-build"
        -G "${GENERATOR}" -DCMAKE_CXX_COMPILER=${CXX} -DCOREMUSIC_WITH_LINK=OFF
        -DCOREMUSIC_BUILD_TESTS=OFF -DCOREMUSIC_BUILD_EXAMPLES=OFF -DCOREMUSIC_INSTALL=ON)
run(COMMAND ${CMAKE_COMMAND} --build "${WORK_DIR}/nolink-build")
run(COMMAND ${CMAKE_COMMAND} --install "${WORK_DIR}/nolink-build" --prefix "${WORK_DIR}/nolink")
if(EXISTS "${WORK_DIR}/nolink/include/coremusic/link.hpp")
    message(FATAL_ERROR "link headers installed although Link was off")
endif()
run(EXPECT_FAIL OUTPUT_VARIABLE out
    COMMAND ${CMAKE_COMMAND} -S "${CONSUMER_DIR}" -B "${WORK_DIR}/cmake-nolink"
        -G "${GENERATOR}" -DCMAKE_PREFIX_PATH=${WORK_DIR}/nolink "-DREQUEST=midi,link")
if(NOT out MATCHES "coremusic component 'link' is not available: it was not built: this coremusic was configured with COREMUSIC_WITH_LINK=OFF")
    message(FATAL_ERROR "find_package did not explain the missing link component:\n${out}")
endif()
run(COMMAND ${CMAKE_COMMAND} -S "${CONSUMER_DIR}" -B "${WORK_DIR}/cmake-nolink-ok"
        -G "${GENERATOR}" -DCMAKE_CXX_COMPILER=${CXX} -DCMAKE_PREFIX_PATH=${WORK_DIR}/nolink)
run(COMMAND ${CMAKE_COMMAND} --build "${WORK_DIR}/cmake-nolink-ok")

if(WITH_LINK)
    # 7. The link component, with its Ableton Link dependency found for us.
    run(COMMAND ${CMAKE_COMMAND} -S "${CONSUMER_DIR}" -B "${WORK_DIR}/cmake-link"
            -G "${GENERATOR}" -DCMAKE_CXX_COMPILER=${CXX} -DCMAKE_PREFIX_PATH=${prefix} "-DREQUEST=midi,theory,link")
endif()
message(STATUS "package test passed")
