# The optional platform backends: one table, read by the build (options and
# detection), by the package files (vcpkg.json features, conanfile.py options)
# and by tests/meta/package_consistency.cmake, which fails when they disagree.
#
# Each row: NAME | platform | how CMake finds it | vcpkg ports | Conan reference
# ("system" where ConanCenter has no recipe: Conan users install it with the OS
# package manager, as its conanfile.py documents).
set(COREMUSIC_BACKEND_TABLE
    "COREAUDIO|APPLE|framework:CoreAudio|-|-"
    "JACK|LINUX|pkgconfig:jack|jack2|system"
    "ALSA|LINUX|package:ALSA|alsa|libalsa/1.2.10"
    "SNDFILE|ANY|pkgconfig:sndfile|libsndfile|libsndfile/1.2.2"
    "FLUIDSYNTH|ANY|pkgconfig:fluidsynth|fluidsynth|system"
    "LV2|LINUX|pkgconfig:lilv-0|lilv|system"
    "LINK|ANY|package:AbletonLink|ableton-link|system"
    "RUBBERBAND|ANY|pkgconfig:rubberband|rubberband|system"
    "SAMPLERATE|ANY|pkgconfig:samplerate|libsamplerate|libsamplerate/0.2.2"
    "FFTW|ANY|pkgconfig:fftw3f|fftw3|fftw/3.3.10"
    "SOXR|ANY|pkgconfig:soxr|soxr|soxr/0.1.3"
    "PNG|ANY|pkgconfig:libpng|libpng|libpng/1.6.43")

# Splits a row of the table into <prefix>_NAME, _PLATFORM, _FIND, _VCPKG, _CONAN.
function(coremusic_backend_row row prefix)
    string(REPLACE "|" ";" fields "${row}")
    list(GET fields 0 name)
    list(GET fields 1 platform)
    list(GET fields 2 find)
    list(GET fields 3 vcpkg)
    list(GET fields 4 conan)
    set(${prefix}_NAME "${name}" PARENT_SCOPE)
    set(${prefix}_PLATFORM "${platform}" PARENT_SCOPE)
    set(${prefix}_FIND "${find}" PARENT_SCOPE)
    set(${prefix}_VCPKG "${vcpkg}" PARENT_SCOPE)
    set(${prefix}_CONAN "${conan}" PARENT_SCOPE)
endfunction()

# When only the table is wanted (the consistency test runs this file in
# script mode), stop here.
if(CMAKE_SCRIPT_MODE_FILE)
    return()
endif()

find_package(PkgConfig QUIET)

# Looks a backend up without failing: a missing optional backend must never
# break the build, it only switches its option's default off.
function(_coremusic_detect_backend name platform find out)
    set(found OFF)
    if(platform STREQUAL "APPLE" AND NOT APPLE)
    elseif(platform STREQUAL "LINUX" AND NOT CMAKE_SYSTEM_NAME STREQUAL "Linux")
    elseif(find MATCHES "^framework:(.*)$")
        set(what "${CMAKE_MATCH_1}")
        find_library(COREMUSIC_${name}_FRAMEWORK ${what})
        if(COREMUSIC_${name}_FRAMEWORK)
            set(found ON)
        endif()
    elseif(find MATCHES "^pkgconfig:(.*)$")
        set(what "${CMAKE_MATCH_1}")
        if(PKG_CONFIG_FOUND)
            pkg_check_modules(COREMUSIC_PC_${name} QUIET IMPORTED_TARGET GLOBAL ${what})
            set(COREMUSIC_PC_${name}_MODULE "${what}" CACHE INTERNAL "pkg-config module of backend ${name}")
            if(COREMUSIC_PC_${name}_FOUND)
                set(found ON)
            endif()
        endif()
    elseif(find MATCHES "^package:(.*)$")
        # find_package runs regexes of its own: keep the name before calling it.
        set(what "${CMAKE_MATCH_1}")
        find_package(${what} QUIET)
        if(${what}_FOUND)
            set(found ON)
        endif()
    endif()
    set(${out} ${found} PARENT_SCOPE)
endfunction()

set(COREMUSIC_BACKENDS "")
foreach(row IN LISTS COREMUSIC_BACKEND_TABLE)
    coremusic_backend_row("${row}" _b)
    list(APPEND COREMUSIC_BACKENDS ${_b_NAME})
    _coremusic_detect_backend(${_b_NAME} ${_b_PLATFORM} "${_b_FIND}" _found)
    option(COREMUSIC_WITH_${_b_NAME} "Build the ${_b_NAME} backend" ${_found})
    if(COREMUSIC_WITH_${_b_NAME} AND NOT _found)
        message(FATAL_ERROR
            "COREMUSIC_WITH_${_b_NAME}=ON but ${_b_FIND} was not found. "
            "Install it (see thirdparty/README.md) or pass -DCOREMUSIC_WITH_${_b_NAME}=OFF.")
    endif()
endforeach()

function(coremusic_print_summary)
    set(on "")
    set(off "")
    foreach(b IN LISTS COREMUSIC_BACKENDS)
        if(COREMUSIC_WITH_${b})
            list(APPEND on ${b})
        else()
            list(APPEND off ${b})
        endif()
    endforeach()
    string(REPLACE ";" " " on "${on}")
    string(REPLACE ";" " " off "${off}")
    message(STATUS "coremusic ${PROJECT_VERSION}: backends on: ${on}")
    message(STATUS "coremusic ${PROJECT_VERSION}: backends off: ${off}")
    message(STATUS "coremusic ${PROJECT_VERSION}: sanitizer: '${COREMUSIC_SANITIZER}'")
endfunction()
