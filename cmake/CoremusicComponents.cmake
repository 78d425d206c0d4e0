# coremusic_add_component(<name> [SOURCES ...] [DEPENDS <component>...]
#                         [PACKAGES <find_package name>...] [LINK_TARGETS ...])
#
# Creates coremusic_<name> with the alias coremusic::<name>. Without SOURCES
# it is an INTERFACE (header-only) target. Every component gets its own export
# set so that the installed package can say which components it has.
function(coremusic_add_component name)
    cmake_parse_arguments(ARG "" "" "SOURCES;DEPENDS;PACKAGES;LINK_TARGETS" ${ARGN})
    set(target coremusic_${name})
    if(ARG_SOURCES)
        add_library(${target} ${ARG_SOURCES})
        set(scope PUBLIC)
        coremusic_target_warnings(${target})
        set_target_properties(${target} PROPERTIES
            OUTPUT_NAME coremusic_${name}
            VERSION ${PROJECT_VERSION}
            SOVERSION ${PROJECT_VERSION_MAJOR}
            CXX_VISIBILITY_PRESET hidden
            VISIBILITY_INLINES_HIDDEN ON)
        target_include_directories(${target} PRIVATE ${PROJECT_SOURCE_DIR}/src)
    else()
        add_library(${target} INTERFACE)
        set(scope INTERFACE)
    endif()
    add_library(coremusic::${name} ALIAS ${target})
    set_target_properties(${target} PROPERTIES EXPORT_NAME ${name})
    target_compile_features(${target} ${scope} cxx_std_20)
    target_include_directories(${target} ${scope}
        $<BUILD_INTERFACE:${PROJECT_SOURCE_DIR}/include>
        $<BUILD_INTERFACE:${PROJECT_BINARY_DIR}/include>
        $<INSTALL_INTERFACE:${CMAKE_INSTALL_INCLUDEDIR}>)
    foreach(dep IN LISTS ARG_DEPENDS)
        target_link_libraries(${target} ${scope} coremusic::${dep})
    endforeach()
    # Some packages' config files (AbletonLink's) fail when read twice, and the
    # backend detection may have read them already.
    set(have_all ON)
    foreach(t IN LISTS ARG_LINK_TARGETS)
        if(NOT TARGET ${t})
            set(have_all OFF)
        endif()
    endforeach()
    if(NOT have_all OR NOT ARG_LINK_TARGETS)
        foreach(pkg IN LISTS ARG_PACKAGES)
            find_package(${pkg} REQUIRED)
        endforeach()
    endif()
    if(ARG_LINK_TARGETS)
        target_link_libraries(${target} ${scope} ${ARG_LINK_TARGETS})
    endif()
    set_property(GLOBAL APPEND PROPERTY COREMUSIC_COMPONENTS ${name})
    set_property(GLOBAL PROPERTY COREMUSIC_COMPONENT_${name}_DEPENDS "${ARG_DEPENDS}")
    set_property(GLOBAL PROPERTY COREMUSIC_COMPONENT_${name}_PACKAGES "${ARG_PACKAGES}")
    set_property(GLOBAL PROPERTY COREMUSIC_COMPONENT_${name}_TARGETS "${ARG_LINK_TARGETS}")
endfunction()

# coremusic::coremusic: every component that was built.
function(coremusic_add_umbrella)
    get_property(components GLOBAL PROPERTY COREMUSIC_COMPONENTS)
    add_library(coremusic_coremusic INTERFACE)
    add_library(coremusic::coremusic ALIAS coremusic_coremusic)
    set_target_properties(coremusic_coremusic PROPERTIES EXPORT_NAME coremusic)
    foreach(c IN LISTS components)
        target_link_libraries(coremusic_coremusic INTERFACE coremusic::${c})
    endforeach()
endfunction()
