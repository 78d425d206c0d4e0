# Whole-build sanitizers, chosen by COREMUSIC_SANITIZER (the presets set it).
# They apply to everything we compile so that instrumented and uninstrumented
# code never meet inside one process.
set(_cm_san "${COREMUSIC_SANITIZER}")
if(_cm_san STREQUAL "")
    return()
endif()
if(MSVC)
    message(FATAL_ERROR "COREMUSIC_SANITIZER is supported with GCC and Clang only")
endif()

set(_cm_flags -fno-omit-frame-pointer -g)
if(_cm_san STREQUAL "fuzzer")
    if(NOT CMAKE_CXX_COMPILER_ID MATCHES "Clang")
        message(FATAL_ERROR "COREMUSIC_SANITIZER=fuzzer needs clang (libFuzzer)")
    endif()
    # The library code is instrumented for coverage; only fuzz targets link
    # libFuzzer's main (see tests/fuzz).
    list(APPEND _cm_flags -fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=all)
    set(COREMUSIC_FUZZ_LINK_FLAGS -fsanitize=fuzzer,address,undefined)
elseif(_cm_san STREQUAL "realtime")
    if(NOT CMAKE_CXX_COMPILER_ID MATCHES "Clang" OR CMAKE_CXX_COMPILER_VERSION VERSION_LESS 20)
        message(FATAL_ERROR "COREMUSIC_SANITIZER=realtime needs clang >= 20 (RealtimeSanitizer)")
    endif()
    list(APPEND _cm_flags -fsanitize=realtime)
else()
    string(REPLACE ";" "," _cm_list "${_cm_san}")
    list(APPEND _cm_flags -fsanitize=${_cm_list})
    if(_cm_san MATCHES "undefined")
        list(APPEND _cm_flags -fno-sanitize-recover=all)
    endif()
endif()
add_compile_options(${_cm_flags})
add_link_options(${_cm_flags})
# Tells tests which instrumentation they run under (e.g. lock counting by
# interposition is off where a sanitizer intercepts the same functions).
add_compile_definitions(COREMUSIC_SANITIZER_ACTIVE=1)
