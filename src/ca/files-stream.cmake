# Disk streaming for real-time code (StreamingReader, RecordingWriter) and
# whole-file load/save, synchronous and async.
set(COREMUSIC_CA_STREAM_SOURCES
    ${_ca_src}/streaming_reader.cpp
    ${_ca_src}/recording_writer.cpp
    ${_ca_src}/async_file.cpp)
