# FindSmf: libsmf (Debian libsmf-dev), the Standard MIDI File reader that
# bench/midi_smf_bench.cpp measures ours against. It ships a pkg-config file
# (`smf`, which pulls in glib) and no CMake config, hence this module.
# Defines Smf_FOUND and the target Smf::Smf.
find_package(PkgConfig QUIET)
if(PkgConfig_FOUND)
    pkg_check_modules(PC_SMF QUIET IMPORTED_TARGET smf)
endif()
find_path(Smf_INCLUDE_DIR smf.h HINTS ${PC_SMF_INCLUDE_DIRS})
find_library(Smf_LIBRARY smf HINTS ${PC_SMF_LIBRARY_DIRS})
include(FindPackageHandleStandardArgs)
find_package_handle_standard_args(Smf REQUIRED_VARS Smf_LIBRARY Smf_INCLUDE_DIR PC_SMF_FOUND
    VERSION_VAR PC_SMF_VERSION)
if(Smf_FOUND AND NOT TARGET Smf::Smf)
    # The pkg-config target carries glib's include directories and libraries.
    add_library(Smf::Smf INTERFACE IMPORTED)
    target_link_libraries(Smf::Smf INTERFACE PkgConfig::PC_SMF)
endif()
mark_as_advanced(Smf_INCLUDE_DIR Smf_LIBRARY)
