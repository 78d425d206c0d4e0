# Warning flags for coremusic's own code (tests, examples, benchmarks, compiled
# sources). Third-party headers come in through imported targets, which CMake
# treats as SYSTEM includes, so their warnings never reach us.
function(coremusic_target_warnings target)
    if(MSVC)
        target_compile_options(${target} PRIVATE /W4 /permissive-)
        if(COREMUSIC_WERROR)
            target_compile_options(${target} PRIVATE /WX)
        endif()
        return()
    endif()
    target_compile_options(${target} PRIVATE
        -Wall -Wextra -Wpedantic -Wconversion -Wsign-conversion -Wshadow
        -Wnon-virtual-dtor -Wold-style-cast -Woverloaded-virtual)
    if(CMAKE_CXX_COMPILER_ID MATCHES "Clang" AND CMAKE_CXX_COMPILER_VERSION VERSION_GREATER_EQUAL 20)
        # Compile-time half of the real-time contract: a [[clang::nonblocking]]
        # function that calls something that may block or allocate is an error.
        target_compile_options(${target} PRIVATE -Wfunction-effects)
    endif()
    if(COREMUSIC_WERROR)
        target_compile_options(${target} PRIVATE -Werror)
    endif()
endfunction()
