# Install rules: headers, one export set per component, the package config
# with a version file, the build-tree export and a pkg-config file.
include(CMakePackageConfigHelpers)

set(COREMUSIC_CMAKE_DIR "${CMAKE_INSTALL_LIBDIR}/cmake/coremusic")
get_property(COREMUSIC_INSTALLED_COMPONENTS GLOBAL PROPERTY COREMUSIC_COMPONENTS)

# Components that may be missing from an installation, and the option that
# decides it, so find_package can say why one is absent.
set(_cm_optional_components "link:LINK")

set(COREMUSIC_COMPONENT_METADATA "")
foreach(entry IN LISTS _cm_optional_components)
    string(REPLACE ":" ";" entry "${entry}")
    list(GET entry 0 c)
    list(GET entry 1 opt)
    string(APPEND COREMUSIC_COMPONENT_METADATA
        "set(_coremusic_${c}_known TRUE)\nset(_coremusic_${c}_option ${opt})\n")
endforeach()

set(_cm_pc_libs "")
set(_cm_pc_requires "")
foreach(c IN LISTS COREMUSIC_INSTALLED_COMPONENTS)
    get_property(deps GLOBAL PROPERTY COREMUSIC_COMPONENT_${c}_DEPENDS)
    get_property(pkgs GLOBAL PROPERTY COREMUSIC_COMPONENT_${c}_PACKAGES)
    get_property(targets GLOBAL PROPERTY COREMUSIC_COMPONENT_${c}_TARGETS)
    string(APPEND COREMUSIC_COMPONENT_METADATA
        "set(_coremusic_${c}_known TRUE)\n"
        "set(_coremusic_${c}_depends \"${deps}\")\n"
        "set(_coremusic_${c}_packages \"${pkgs}\")\n"
        "set(_coremusic_${c}_targets \"${targets}\")\n")
    # Private pkg-config libraries of a compiled component (static builds
    # hand them on to the consumer's link).
    get_property(pcmods GLOBAL PROPERTY COREMUSIC_COMPONENT_${c}_PKGCONFIG)
    if(pcmods)
        string(APPEND COREMUSIC_COMPONENT_METADATA "set(_coremusic_${c}_pkgconfig \"${pcmods}\")\n")
        foreach(entry IN LISTS pcmods)
            string(REGEX REPLACE "^[^=]*=" "" module "${entry}")
            list(APPEND _cm_pc_requires ${module})
        endforeach()
    endif()

    install(TARGETS coremusic_${c} EXPORT coremusic-${c}-targets
        ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR}
        LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR}
        RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR}
        INCLUDES DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
    install(EXPORT coremusic-${c}-targets
        NAMESPACE coremusic::
        DESTINATION ${COREMUSIC_CMAKE_DIR})
    export(EXPORT coremusic-${c}-targets
        NAMESPACE coremusic::
        FILE "${PROJECT_BINARY_DIR}/coremusic-${c}-targets.cmake")

    get_target_property(type coremusic_${c} TYPE)
    if(NOT type STREQUAL "INTERFACE_LIBRARY")
        # Dependents first, for static linking (components come in dependency order).
        set(_cm_pc_libs " -lcoremusic_${c}${_cm_pc_libs}")
    endif()
endforeach()

install(TARGETS coremusic_coremusic EXPORT coremusic-coremusic-targets)
install(EXPORT coremusic-coremusic-targets NAMESPACE coremusic:: DESTINATION ${COREMUSIC_CMAKE_DIR})
export(EXPORT coremusic-coremusic-targets NAMESPACE coremusic::
    FILE "${PROJECT_BINARY_DIR}/coremusic-coremusic-targets.cmake")

# Headers of components that were not built stay out of the installation.
set(_cm_header_excludes "")
if(NOT COREMUSIC_WITH_LINK)
    list(APPEND _cm_header_excludes PATTERN "link" EXCLUDE PATTERN "link.hpp" EXCLUDE)
endif()
install(DIRECTORY include/coremusic DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}
    FILES_MATCHING PATTERN "*.hpp" ${_cm_header_excludes})

configure_package_config_file(
    cmake/templates/coremusicConfig.cmake.in
    "${PROJECT_BINARY_DIR}/coremusicConfig.cmake"
    INSTALL_DESTINATION ${COREMUSIC_CMAKE_DIR})
# Same major version, and not older than requested.
write_basic_package_version_file(
    "${PROJECT_BINARY_DIR}/coremusicConfigVersion.cmake"
    COMPATIBILITY SameMajorVersion)
install(FILES
    "${PROJECT_BINARY_DIR}/coremusicConfig.cmake"
    "${PROJECT_BINARY_DIR}/coremusicConfigVersion.cmake"
    DESTINATION ${COREMUSIC_CMAKE_DIR})

# pkg-config, relocatable: prefix is found from the .pc file's own place.
set(COREMUSIC_PC_DIR "${CMAKE_INSTALL_LIBDIR}/pkgconfig")
file(RELATIVE_PATH COREMUSIC_PC_PREFIX_FROM_PCDIR
    "/prefix/${COREMUSIC_PC_DIR}" "/prefix")
string(REGEX REPLACE "/$" "" COREMUSIC_PC_PREFIX_FROM_PCDIR "${COREMUSIC_PC_PREFIX_FROM_PCDIR}")
if(_cm_pc_libs)
    set(COREMUSIC_PC_LIBS "-L\${libdir}${_cm_pc_libs}")
else()
    set(COREMUSIC_PC_LIBS "")
endif()
# A static coremusic hands its libraries on to the consumer's link, so they
# are plain requirements; a shared one needs them only at its own link.
list(REMOVE_DUPLICATES _cm_pc_requires)
string(REPLACE ";" " " _cm_pc_requires "${_cm_pc_requires}")
if(BUILD_SHARED_LIBS)
    set(COREMUSIC_PC_REQUIRES "")
    set(COREMUSIC_PC_REQUIRES_PRIVATE "${_cm_pc_requires}")
else()
    set(COREMUSIC_PC_REQUIRES "${_cm_pc_requires}")
    set(COREMUSIC_PC_REQUIRES_PRIVATE "")
endif()
set(COREMUSIC_PC_LIBS_PRIVATE "-pthread")
configure_file(cmake/templates/coremusic.pc.in "${PROJECT_BINARY_DIR}/coremusic.pc" @ONLY)
install(FILES "${PROJECT_BINARY_DIR}/coremusic.pc" DESTINATION ${COREMUSIC_PC_DIR})

install(FILES LICENSE README.md DESTINATION ${CMAKE_INSTALL_DATADIR}/doc/coremusic)
