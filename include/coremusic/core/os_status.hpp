// coremusic/core/os_status.hpp
// Apple OSStatus result codes by name: a constexpr table of the codes CoreAudio,
// AudioToolbox and CoreMIDI return, and the std::error_category that prints them.
#pragma once

#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <system_error>

#include <coremusic/core/error.hpp>
#include <coremusic/core/fourcc.hpp>

namespace cm {

/// One named OSStatus constant of Apple's SDK.
struct OSStatusEntry {
    std::int32_t value;            ///< The constant's value, e.g. -10879 or 'fmt?' (1718449215).
    std::string_view name;         ///< Its name in Apple's headers, e.g. "kAudioUnitErr_InvalidProperty".
    std::string_view description;  ///< What it means, in a few words.
};

namespace detail {
// 'fmt?' style values, written as Apple writes them.
consteval std::int32_t os_fourcc(const char (&text)[5]) {
    return static_cast<std::int32_t>(FourCC{text}.value());
}
} // namespace detail

/// Every OSStatus constant coremusic names, grouped by the Apple header that
/// declares it (the comment above each group). Several constants share a
/// value ('fmt?', '!siz', 'what', 'prop', 'op??', -4, -43, -50, -108, -10863, 0);
/// all of them are listed, and os_status_name() returns the one listed first.
/// Values are checked against Apple's headers by src/platform/apple/os_status_check.cpp
/// whenever coremusic is built on a Mac.
/// Thread-safe. Realtime-safe.
inline constexpr auto os_status_table = std::to_array<OSStatusEntry>({
    // MacTypes.h, CarbonCore/MacErrors.h
    {0, "noErr", "no error"},
    {-4, "unimpErr", "unimplemented routine"},
    {-43, "fnfErr", "file not found"},
    {-50, "paramErr", "invalid parameter"},
    {-108, "memFullErr", "not enough memory"},

    // CoreAudioTypes/CoreAudioBaseTypes.h
    {-4, "kAudio_UnimplementedError", "unimplemented routine"},
    {-43, "kAudio_FileNotFoundError", "file not found"},
    {-54, "kAudio_FilePermissionError", "file, directory or sandbox permissions forbid opening the file"},
    {-42, "kAudio_TooManyFilesOpenError", "too many files are already open"},
    {detail::os_fourcc("!pth"), "kAudio_BadFilePathError", "the file path is malformed"},
    {-50, "kAudio_ParamError", "invalid parameter"},
    {-108, "kAudio_MemFullError", "not enough memory"},

    // AudioToolbox/AudioFile.h
    {detail::os_fourcc("wht?"), "kAudioFileUnspecifiedError", "unspecified audio file error"},
    {detail::os_fourcc("typ?"), "kAudioFileUnsupportedFileTypeError", "the file type is not supported"},
    {detail::os_fourcc("fmt?"), "kAudioFileUnsupportedDataFormatError", "the data format is not supported by this file type"},
    {detail::os_fourcc("pty?"), "kAudioFileUnsupportedPropertyError", "the property is not supported"},
    {detail::os_fourcc("!siz"), "kAudioFileBadPropertySizeError", "the property data size is wrong"},
    {detail::os_fourcc("prm?"), "kAudioFilePermissionsError", "the file was not opened with the permission this operation needs"},
    {detail::os_fourcc("optm"), "kAudioFileNotOptimizedError", "chunks after the audio data prevent it from growing; optimize the file"},
    {detail::os_fourcc("chk?"), "kAudioFileInvalidChunkError", "the chunk does not exist in the file or is not supported by it"},
    {detail::os_fourcc("off?"), "kAudioFileDoesNotAllow64BitDataSizeError", "the file offset is too large for this file type"},
    {detail::os_fourcc("pck?"), "kAudioFileInvalidPacketOffsetError", "a packet offset is past the end of the file or corrupt"},
    {detail::os_fourcc("dep?"), "kAudioFileInvalidPacketDependencyError", "packet dependency information is missing or refers to an unavailable packet"},
    {detail::os_fourcc("dta?"), "kAudioFileInvalidFileError", "the file is malformed or not a valid file of its type"},
    {0x6F703F3F, "kAudioFileOperationNotSupportedError", "the operation is not supported"},  // 'op??'
    {-38, "kAudioFileNotOpenError", "the file is closed"},
    {-39, "kAudioFileEndOfFileError", "end of file"},
    {-40, "kAudioFilePositionError", "invalid file position"},
    {-43, "kAudioFileFileNotFoundError", "file not found"},

    // AudioToolbox/AudioFormat.h
    {detail::os_fourcc("what"), "kAudioFormatUnspecifiedError", "unspecified audio format error"},
    {detail::os_fourcc("prop"), "kAudioFormatUnsupportedPropertyError", "the property is not supported"},
    {detail::os_fourcc("!siz"), "kAudioFormatBadPropertySizeError", "the property data size is wrong"},
    {detail::os_fourcc("!spc"), "kAudioFormatBadSpecifierSizeError", "the specifier size is wrong"},
    {detail::os_fourcc("fmt?"), "kAudioFormatUnsupportedDataFormatError", "the data format is not supported"},
    {detail::os_fourcc("!fmt"), "kAudioFormatUnknownFormatError", "the data format is not a known format"},

    // AudioToolbox/AudioConverter.h
    {detail::os_fourcc("fmt?"), "kAudioConverterErr_FormatNotSupported", "the converter does not support this format"},
    {0x6F703F3F, "kAudioConverterErr_OperationNotSupported", "the operation is not supported"},  // 'op??'
    {detail::os_fourcc("prop"), "kAudioConverterErr_PropertyNotSupported", "the property is not supported"},
    {detail::os_fourcc("insz"), "kAudioConverterErr_InvalidInputSize", "invalid input size"},
    {detail::os_fourcc("otsz"), "kAudioConverterErr_InvalidOutputSize", "invalid output size"},
    {detail::os_fourcc("what"), "kAudioConverterErr_UnspecifiedError", "unspecified converter error"},
    {detail::os_fourcc("!siz"), "kAudioConverterErr_BadPropertySizeError", "the property data size is wrong"},
    {detail::os_fourcc("!pkd"), "kAudioConverterErr_RequiresPacketDescriptionsError", "packet descriptions are required"},
    {detail::os_fourcc("!isr"), "kAudioConverterErr_InputSampleRateOutOfRange", "the input sample rate is out of range"},
    {detail::os_fourcc("!osr"), "kAudioConverterErr_OutputSampleRateOutOfRange", "the output sample rate is out of range"},

    // AudioToolbox/ExtendedAudioFile.h
    {-66561, "kExtAudioFileError_InvalidProperty", "invalid property"},
    {-66562, "kExtAudioFileError_InvalidPropertySize", "invalid property size"},
    {-66563, "kExtAudioFileError_NonPCMClientFormat", "the client format is not linear PCM"},
    {-66564, "kExtAudioFileError_InvalidChannelMap", "the number of channels does not match the format"},
    {-66565, "kExtAudioFileError_InvalidOperationOrder", "operations were called in an invalid order"},
    {-66566, "kExtAudioFileError_InvalidDataFormat", "invalid data format"},
    {-66567, "kExtAudioFileError_MaxPacketSizeUnknown", "the maximum packet size is unknown"},
    {-66568, "kExtAudioFileError_InvalidSeek", "writing, or an offset, is out of bounds"},
    {-66569, "kExtAudioFileError_AsyncWriteTooLarge", "the asynchronous write is too large"},
    {-66570, "kExtAudioFileError_AsyncWriteBufferOverflow", "an asynchronous write could not be completed in time"},

    // AudioToolbox/AudioQueue.h
    {-66687, "kAudioQueueErr_InvalidBuffer", "the buffer does not belong to this audio queue"},
    {-66686, "kAudioQueueErr_BufferEmpty", "the buffer is empty"},
    {-66685, "kAudioQueueErr_DisposalPending", "the queue is being disposed of"},
    {-66684, "kAudioQueueErr_InvalidProperty", "invalid property"},
    {-66683, "kAudioQueueErr_InvalidPropertySize", "invalid property size"},
    {-66682, "kAudioQueueErr_InvalidParameter", "invalid parameter"},
    {-66681, "kAudioQueueErr_CannotStart", "the queue cannot start"},
    {-66680, "kAudioQueueErr_InvalidDevice", "the queue's device cannot be found or is not configured"},
    {-66679, "kAudioQueueErr_BufferInQueue", "an enqueued buffer cannot be disposed of"},
    {-66678, "kAudioQueueErr_InvalidRunState", "the queue is running (or stopped) but must not be"},
    {-66677, "kAudioQueueErr_InvalidQueueType", "the operation needs an output queue (or an input queue)"},
    {-66676, "kAudioQueueErr_Permissions", "the process lacks permission for this call"},
    {-66675, "kAudioQueueErr_InvalidPropertyValue", "invalid property value"},
    {-66674, "kAudioQueueErr_PrimeTimedOut", "priming did not convert the requested frames in time"},
    {-66673, "kAudioQueueErr_CodecNotFound", "the required codec was not found"},
    {-66672, "kAudioQueueErr_InvalidCodecAccess", "access to the codec is not permitted"},
    {-66671, "kAudioQueueErr_QueueInvalidated", "the audio server exited and the queue is invalid"},
    {-66670, "kAudioQueueErr_TooManyTaps", "a queue can have only one processing tap"},
    {-66669, "kAudioQueueErr_InvalidTapContext", "the call is only allowed from the tap's callback"},
    {-66668, "kAudioQueueErr_RecordUnderrun", "input was lost: no buffer was enqueued to record into"},
    {-66667, "kAudioQueueErr_InvalidTapType", "the call is only allowed on an output queue's tap"},
    {-66666, "kAudioQueueErr_BufferEnqueuedTwice", "a buffer was enqueued twice"},
    {-66665, "kAudioQueueErr_CannotStartYet", "the queue is reconfiguring; retry shortly"},
    {-66632, "kAudioQueueErr_EnqueueDuringReset", "buffers cannot be enqueued during reset, stop or dispose"},
    {-66626, "kAudioQueueErr_InvalidOfflineMode", "the operation needs the queue in (or out of) offline mode"},

    // AudioToolbox/AUComponent.h: audio unit errors
    {-10879, "kAudioUnitErr_InvalidProperty", "the property is not supported"},
    {-10878, "kAudioUnitErr_InvalidParameter", "the parameter is not supported"},
    {-10877, "kAudioUnitErr_InvalidElement", "the element is not valid"},
    {-10876, "kAudioUnitErr_NoConnection", "the unit has no input to render from"},
    {-10875, "kAudioUnitErr_FailedInitialization", "the unit could not be initialized"},
    {-10874, "kAudioUnitErr_TooManyFramesToProcess", "more frames than the unit's maximum frames per slice"},
    {-10871, "kAudioUnitErr_InvalidFile", "an external file the unit uses is invalid"},
    {-10870, "kAudioUnitErr_UnknownFileType", "an external file the unit uses has an unknown type"},
    {-10869, "kAudioUnitErr_FileNotSpecified", "the unit needs a file that has not been set"},
    {-10868, "kAudioUnitErr_FormatNotSupported", "the input or output format is not supported"},
    {-10867, "kAudioUnitErr_Uninitialized", "the unit must be initialized first"},
    {-10866, "kAudioUnitErr_InvalidScope", "the scope is not valid"},
    {-10865, "kAudioUnitErr_PropertyNotWritable", "the property cannot be written"},
    {-10863, "kAudioUnitErr_CannotDoInCurrentContext", "cannot be done now (e.g. from the render thread); retry later"},
    {-10851, "kAudioUnitErr_InvalidPropertyValue", "the property value is not valid"},
    {-10850, "kAudioUnitErr_PropertyNotInUse", "the property has not been set to a valid value yet"},
    {-10849, "kAudioUnitErr_Initialized", "not allowed while the unit is initialized"},
    {-10848, "kAudioUnitErr_InvalidOfflineRender", "invalid offline render (e.g. not preflighted)"},
    {-10847, "kAudioUnitErr_Unauthorized", "the unit is not authorized to be used"},
    {-66753, "kAudioUnitErr_MIDIOutputBufferFull", "the unit produced more MIDI output than the buffer holds"},
    {-66754, "kAudioComponentErr_InstanceTimedOut", "the component instance timed out"},
    {-66749, "kAudioComponentErr_InstanceInvalidated", "the component's implementation is gone (its process exited)"},
    {-66745, "kAudioUnitErr_RenderTimeout", "the unit did not render in time"},
    {-66744, "kAudioUnitErr_ExtensionNotFound", "no audio unit extension matches the identifier"},
    {-66743, "kAudioUnitErr_InvalidParameterValue", "the parameter value is not supported (e.g. NaN or infinite)"},
    {-66742, "kAudioUnitErr_InvalidFilePath", "the file path is too long or has invalid characters"},
    {-66741, "kAudioUnitErr_MissingKey", "a required key is missing from a dictionary"},

    // AudioToolbox/AUComponent.h: audio component (inter-app) errors
    {-66752, "kAudioComponentErr_DuplicateDescription", "the component description is not unique"},
    {-66751, "kAudioComponentErr_UnsupportedType", "unsupported component type"},
    {-66750, "kAudioComponentErr_TooManyInstances", "the component allows only one instance"},
    {-66748, "kAudioComponentErr_NotPermitted", "the app is not entitled to publish or use this component"},
    {-66747, "kAudioComponentErr_InitializationTimedOut", "the host did not render in time; reinitialize"},
    {-66746, "kAudioComponentErr_InvalidFormat", "the element format does not match the hardware sample rate"},

    // AudioToolbox/AUGraph.h
    {-10860, "kAUGraphErr_NodeNotFound", "the node cannot be found"},
    {-10861, "kAUGraphErr_InvalidConnection", "the connection between the nodes cannot be made"},
    {-10862, "kAUGraphErr_OutputNodeErr", "a graph can contain only one output unit"},
    {-10863, "kAUGraphErr_CannotDoInCurrentContext", "the graph's lock is held; retry later"},
    {-10864, "kAUGraphErr_InvalidAudioUnit", "invalid audio unit"},

    // AudioToolbox/MusicPlayer.h
    {-10846, "kAudioToolboxErr_InvalidSequenceType", "invalid sequence type"},
    {-10859, "kAudioToolboxErr_TrackIndexError", "track index out of range"},
    {-10858, "kAudioToolboxErr_TrackNotFound", "track not found"},
    {-10857, "kAudioToolboxErr_EndOfTrack", "end of track"},
    {-10856, "kAudioToolboxErr_StartOfTrack", "start of track"},
    {-10855, "kAudioToolboxErr_IllegalTrackDestination", "illegal track destination"},
    {-10854, "kAudioToolboxErr_NoSequence", "no sequence"},
    {-10853, "kAudioToolboxErr_InvalidEventType", "invalid event type"},
    {-10852, "kAudioToolboxErr_InvalidPlayerState", "invalid player state"},
    {-10863, "kAudioToolboxErr_CannotDoInCurrentContext", "cannot be done now; retry later"},
    {-66720, "kAudioToolboxError_NoTrackDestination", "a track has no destination"},

    // CoreAudio/AudioHardwareBase.h
    {0, "kAudioHardwareNoError", "no error"},
    {detail::os_fourcc("stop"), "kAudioHardwareNotRunningError", "the hardware must be running but is not"},
    {detail::os_fourcc("what"), "kAudioHardwareUnspecifiedError", "unspecified hardware error"},
    {detail::os_fourcc("who?"), "kAudioHardwareUnknownPropertyError", "the object does not know this property"},
    {detail::os_fourcc("!siz"), "kAudioHardwareBadPropertySizeError", "the property data size is wrong"},
    {detail::os_fourcc("nope"), "kAudioHardwareIllegalOperationError", "the operation could not be completed"},
    {detail::os_fourcc("!obj"), "kAudioHardwareBadObjectError", "the AudioObjectID is not a valid object"},
    {detail::os_fourcc("!dev"), "kAudioHardwareBadDeviceError", "the AudioObjectID is not a valid device"},
    {detail::os_fourcc("!str"), "kAudioHardwareBadStreamError", "the AudioObjectID is not a valid stream"},
    {detail::os_fourcc("unop"), "kAudioHardwareUnsupportedOperationError", "the object does not support the operation"},
    {detail::os_fourcc("nrdy"), "kAudioHardwareNotReadyError", "the object is not ready for the operation"},
    {detail::os_fourcc("!dat"), "kAudioDeviceUnsupportedFormatError", "the stream does not support the format"},
    {detail::os_fourcc("!hog"), "kAudioDevicePermissionsError", "the process lacks permission (e.g. the device is hogged)"},

    // CoreMIDI/MIDIServices.h
    {-10830, "kMIDIInvalidClient", "invalid MIDI client"},
    {-10831, "kMIDIInvalidPort", "invalid MIDI port"},
    {-10832, "kMIDIWrongEndpointType", "a source was given where a destination was needed, or the reverse"},
    {-10833, "kMIDINoConnection", "the connection to close does not exist"},
    {-10834, "kMIDIUnknownEndpoint", "unknown MIDI endpoint"},
    {-10835, "kMIDIUnknownProperty", "the property is not set on the object"},
    {-10836, "kMIDIWrongPropertyType", "the property value has the wrong type"},
    {-10837, "kMIDINoCurrentSetup", "there is no current MIDI setup"},
    {-10838, "kMIDIMessageSendErr", "communication with the MIDI server failed"},
    {-10839, "kMIDIServerStartErr", "the MIDI server could not be started"},
    {-10840, "kMIDISetupFormatErr", "the saved MIDI state could not be read"},
    {-10841, "kMIDIWrongThread", "a driver called a non-I/O function from the wrong thread"},
    {-10842, "kMIDIObjectNotFound", "the MIDI object does not exist"},
    {-10843, "kMIDIIDNotUnique", "the unique ID is already in use"},
    {-10844, "kMIDINotPermitted", "the process lacks privileges for the operation"},
    {-10845, "kMIDIUnknownError", "internal CoreMIDI error"},
});

namespace detail {

// The table sorted by value, equal values kept in table order, so lookups
// are a binary search and the first match is the documented primary name.
// (std::stable_sort is not constexpr before C++26.)
inline constexpr auto os_status_by_value = [] {
    auto sorted = os_status_table;
    for (std::size_t i = 1; i < sorted.size(); ++i) {
        const OSStatusEntry e = sorted[i];
        std::size_t j = i;
        for (; j > 0 && sorted[j - 1].value > e.value; --j) {
            sorted[j] = sorted[j - 1];
        }
        sorted[j] = e;
    }
    return sorted;
}();

struct OSStatusCondition {
    std::int32_t value;
    std::errc condition;
};

// Only where the std::errc says the same thing; the rest stay OSStatus-only.
inline constexpr auto os_status_conditions = std::to_array<OSStatusCondition>({
    {-4, std::errc::function_not_supported},
    {-38, std::errc::bad_file_descriptor},
    {-40, std::errc::invalid_seek},
    {-42, std::errc::too_many_files_open},
    {-43, std::errc::no_such_file_or_directory},
    {-50, std::errc::invalid_argument},
    {-54, std::errc::permission_denied},
    {-108, std::errc::not_enough_memory},
    {-10844, std::errc::operation_not_permitted},  // kMIDINotPermitted
    {-10847, std::errc::permission_denied},        // kAudioUnitErr_Unauthorized
    {-10868, std::errc::not_supported},            // kAudioUnitErr_FormatNotSupported
    {-10878, std::errc::invalid_argument},         // kAudioUnitErr_InvalidParameter
    {-10879, std::errc::invalid_argument},         // kAudioUnitErr_InvalidProperty
    {-66568, std::errc::invalid_seek},             // kExtAudioFileError_InvalidSeek
    {-66674, std::errc::timed_out},                // kAudioQueueErr_PrimeTimedOut
    {-66676, std::errc::permission_denied},        // kAudioQueueErr_Permissions
    {-66680, std::errc::no_such_device},           // kAudioQueueErr_InvalidDevice
    {-66745, std::errc::timed_out},                // kAudioUnitErr_RenderTimeout
    {-66747, std::errc::timed_out},                // kAudioComponentErr_InitializationTimedOut
    {-66754, std::errc::timed_out},                // kAudioComponentErr_InstanceTimedOut
    {0x6F703F3F, std::errc::operation_not_supported},              // 'op??'
    {detail::os_fourcc("!dev"), std::errc::no_such_device},        // kAudioHardwareBadDeviceError
    {detail::os_fourcc("!hog"), std::errc::permission_denied},     // kAudioDevicePermissionsError
    {detail::os_fourcc("!pth"), std::errc::invalid_argument},      // kAudio_BadFilePathError
    {detail::os_fourcc("fmt?"), std::errc::not_supported},         // unsupported data format
    {detail::os_fourcc("prm?"), std::errc::permission_denied},     // kAudioFilePermissionsError
    {detail::os_fourcc("unop"), std::errc::operation_not_supported},  // kAudioHardwareUnsupportedOperationError
});

} // namespace detail

/// Every table entry with this value, in table order (empty when unknown):
/// os_status_names(-10863) gives kAudioUnitErr_CannotDoInCurrentContext,
/// kAUGraphErr_CannotDoInCurrentContext, kAudioToolboxErr_CannotDoInCurrentContext.
/// Thread-safe. Realtime-safe.
[[nodiscard]] constexpr std::span<const OSStatusEntry> os_status_names(std::int32_t value) noexcept {
    const auto& t = detail::os_status_by_value;
    const auto [first, last] = std::equal_range(t.begin(), t.end(), OSStatusEntry{value, {}, {}},
        [](const OSStatusEntry& a, const OSStatusEntry& b) { return a.value < b.value; });
    return {first, last};
}

/// The name of an OSStatus value, e.g. "kAudioUnitErr_InvalidProperty" for
/// -10879; empty when the table does not know it. When several constants
/// share the value, the one listed first in os_status_table (the more
/// general header first: "fnfErr" for -43, "kAudioFileUnsupportedDataFormatError"
/// for 'fmt?'); os_status_names() gives them all.
/// Thread-safe. Realtime-safe.
[[nodiscard]] constexpr std::string_view os_status_name(std::int32_t value) noexcept {
    const auto names = os_status_names(value);
    return names.empty() ? std::string_view{} : names.front().name;
}

/// The value of the OSStatus constant with this exact name, or nothing when
/// the table has no such name. Thread-safe. Realtime-safe.
[[nodiscard]] constexpr std::optional<std::int32_t> os_status_value(std::string_view name) noexcept {
    for (const OSStatusEntry& e : os_status_table) {
        if (e.name == name) {
            return e.value;
        }
    }
    return std::nullopt;
}

namespace detail {

class OSStatusCategoryImpl final : public std::error_category {
public:
    constexpr OSStatusCategoryImpl() noexcept = default;

    [[nodiscard]] const char* name() const noexcept override { return "OSStatus"; }

    // "kAudioUnitErr_InvalidProperty (-10879): the property is not supported";
    // codes that are four printable characters are shown as Apple writes them:
    // "kAudioFileUnsupportedDataFormatError / ... ('fmt?'): ...".
    [[nodiscard]] std::string message(int code) const override {
        const auto value = static_cast<std::int32_t>(code);
        const FourCC as_fourcc{static_cast<std::uint32_t>(value)};
        // Appended piece by piece: GCC 12 at -O3 reports a false -Wrestrict
        // for `"'" + std::string&&` (GCC bug 105651).
        std::string shown;
        if (as_fourcc.printable()) {
            shown += '\'';
            shown += as_fourcc.to_string();
            shown += '\'';
        } else {
            shown = std::to_string(value);
        }
        const auto names = os_status_names(value);
        if (names.empty()) {
            return as_fourcc.printable() ? "unknown OSStatus " + shown + " (" + std::to_string(value) + ")"
                                         : "unknown OSStatus " + shown;
        }
        std::string out;
        for (const OSStatusEntry& e : names) {
            if (!out.empty()) {
                out += " / ";
            }
            out += e.name;
        }
        out += " (" + shown + "): ";
        out += names.front().description;
        return out;
    }

    [[nodiscard]] std::error_condition default_error_condition(int code) const noexcept override {
        for (const OSStatusCondition& c : os_status_conditions) {
            if (c.value == code) {
                return std::make_error_condition(c.condition);
            }
        }
        return {code, *this};
    }
};

// See error.hpp for why the visibility and constinit.
CM_DETAIL_CATEGORY_VISIBILITY inline constinit const OSStatusCategoryImpl os_status_category_instance{};

} // namespace detail

/// The category of Apple OSStatus codes. message() names the constant(s)
/// with the value; default_error_condition() maps the codes that have a
/// std::errc counterpart (paramErr -> invalid_argument, fnfErr ->
/// no_such_file_or_directory, permission and timeout codes, ...).
/// Thread-safe. Realtime-safe (message() is not: it allocates).
[[nodiscard]] inline const std::error_category& os_status_category() noexcept {
    return detail::os_status_category_instance;
}

/// The error_code for an OSStatus an Apple API returned.
/// Thread-safe. Realtime-safe.
[[nodiscard]] inline std::error_code os_status_code(std::int32_t status) noexcept {
    return {static_cast<int>(status), os_status_category()};
}

} // namespace cm
