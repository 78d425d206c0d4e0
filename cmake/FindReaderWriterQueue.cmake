# FindReaderWriterQueue: moodycamel::ReaderWriterQueue (header-only), the peer
# our SpscQueue is benchmarked against. Debian's libreaderwriterqueue-dev and
# Homebrew ship no CMake config, hence this module.
# Defines ReaderWriterQueue_FOUND and the target ReaderWriterQueue::ReaderWriterQueue.
find_path(ReaderWriterQueue_INCLUDE_DIR readerwriterqueue/readerwriterqueue.h)
include(FindPackageHandleStandardArgs)
find_package_handle_standard_args(ReaderWriterQueue REQUIRED_VARS ReaderWriterQueue_INCLUDE_DIR)
if(ReaderWriterQueue_FOUND AND NOT TARGET ReaderWriterQueue::ReaderWriterQueue)
    add_library(ReaderWriterQueue::ReaderWriterQueue INTERFACE IMPORTED)
    set_target_properties(ReaderWriterQueue::ReaderWriterQueue PROPERTIES
        INTERFACE_INCLUDE_DIRECTORIES "${ReaderWriterQueue_INCLUDE_DIR}")
endif()
mark_as_advanced(ReaderWriterQueue_INCLUDE_DIR)
