// src/platform/apple/os_status_check.cpp
// Compile-time proof that cm::os_status_table agrees with Apple's SDK: every
// entry's value is compared with the SDK constant of the same name.
//
// Built on Apple platforms only. It defines nothing and generates no code; a
// table entry whose value or name differs from the SDK, or an entry missing
// from the list below, stops the build with the constant's name in the error.

#include <AudioToolbox/AudioToolbox.h>
#include <CoreAudio/CoreAudio.h>
#include <CoreMIDI/CoreMIDI.h>
// paramErr, fnfErr, memFullErr, unimpErr live in CarbonCore's MacErrors.h.
#include <CoreServices/CoreServices.h>

#include <coremusic/core/os_status.hpp>

#include <cstddef>
#include <cstdint>
#include <string_view>

// Every name in cm::os_status_table, by the header that declares it. Each is
// used twice below: as a string to find the table entry and as the SDK's
// identifier, so a misspelt name fails to compile rather than pass.
#define CM_OS_STATUS_CONSTANTS(X) \
    /* MacTypes.h, CarbonCore/MacErrors.h */ \
    X(noErr) \
    X(unimpErr) \
    X(fnfErr) \
    X(paramErr) \
    X(memFullErr) \
    /* CoreAudioTypes/CoreAudioBaseTypes.h */ \
    X(kAudio_UnimplementedError) \
    X(kAudio_FileNotFoundError) \
    X(kAudio_FilePermissionError) \
    X(kAudio_TooManyFilesOpenError) \
    X(kAudio_BadFilePathError) \
    X(kAudio_ParamError) \
    X(kAudio_MemFullError) \
    /* AudioToolbox/AudioFile.h */ \
    X(kAudioFileUnspecifiedError) \
    X(kAudioFileUnsupportedFileTypeError) \
    X(kAudioFileUnsupportedDataFormatError) \
    X(kAudioFileUnsupportedPropertyError) \
    X(kAudioFileBadPropertySizeError) \
    X(kAudioFilePermissionsError) \
    X(kAudioFileNotOptimizedError) \
    X(kAudioFileInvalidChunkError) \
    X(kAudioFileDoesNotAllow64BitDataSizeError) \
    X(kAudioFileInvalidPacketOffsetError) \
    X(kAudioFileInvalidPacketDependencyError) \
    X(kAudioFileInvalidFileError) \
    X(kAudioFileOperationNotSupportedError) \
    X(kAudioFileNotOpenError) \
    X(kAudioFileEndOfFileError) \
    X(kAudioFilePositionError) \
    X(kAudioFileFileNotFoundError) \
    /* AudioToolbox/AudioFormat.h */ \
    X(kAudioFormatUnspecifiedError) \
    X(kAudioFormatUnsupportedPropertyError) \
    X(kAudioFormatBadPropertySizeError) \
    X(kAudioFormatBadSpecifierSizeError) \
    X(kAudioFormatUnsupportedDataFormatError) \
    X(kAudioFormatUnknownFormatError) \
    /* AudioToolbox/AudioConverter.h */ \
    X(kAudioConverterErr_FormatNotSupported) \
    X(kAudioConverterErr_OperationNotSupported) \
    X(kAudioConverterErr_PropertyNotSupported) \
    X(kAudioConverterErr_InvalidInputSize) \
    X(kAudioConverterErr_InvalidOutputSize) \
    X(kAudioConverterErr_UnspecifiedError) \
    X(kAudioConverterErr_BadPropertySizeError) \
    X(kAudioConverterErr_RequiresPacketDescriptionsError) \
    X(kAudioConverterErr_InputSampleRateOutOfRange) \
    X(kAudioConverterErr_OutputSampleRateOutOfRange) \
    /* AudioToolbox/ExtendedAudioFile.h */ \
    X(kExtAudioFileError_InvalidProperty) \
    X(kExtAudioFileError_InvalidPropertySize) \
    X(kExtAudioFileError_NonPCMClientFormat) \
    X(kExtAudioFileError_InvalidChannelMap) \
    X(kExtAudioFileError_InvalidOperationOrder) \
    X(kExtAudioFileError_InvalidDataFormat) \
    X(kExtAudioFileError_MaxPacketSizeUnknown) \
    X(kExtAudioFileError_InvalidSeek) \
    X(kExtAudioFileError_AsyncWriteTooLarge) \
    X(kExtAudioFileError_AsyncWriteBufferOverflow) \
    /* AudioToolbox/AudioQueue.h */ \
    X(kAudioQueueErr_InvalidBuffer) \
    X(kAudioQueueErr_BufferEmpty) \
    X(kAudioQueueErr_DisposalPending) \
    X(kAudioQueueErr_InvalidProperty) \
    X(kAudioQueueErr_InvalidPropertySize) \
    X(kAudioQueueErr_InvalidParameter) \
    X(kAudioQueueErr_CannotStart) \
    X(kAudioQueueErr_InvalidDevice) \
    X(kAudioQueueErr_BufferInQueue) \
    X(kAudioQueueErr_InvalidRunState) \
    X(kAudioQueueErr_InvalidQueueType) \
    X(kAudioQueueErr_Permissions) \
    X(kAudioQueueErr_InvalidPropertyValue) \
    X(kAudioQueueErr_PrimeTimedOut) \
    X(kAudioQueueErr_CodecNotFound) \
    X(kAudioQueueErr_InvalidCodecAccess) \
    X(kAudioQueueErr_QueueInvalidated) \
    X(kAudioQueueErr_TooManyTaps) \
    X(kAudioQueueErr_InvalidTapContext) \
    X(kAudioQueueErr_RecordUnderrun) \
    X(kAudioQueueErr_InvalidTapType) \
    X(kAudioQueueErr_BufferEnqueuedTwice) \
    X(kAudioQueueErr_CannotStartYet) \
    X(kAudioQueueErr_EnqueueDuringReset) \
    X(kAudioQueueErr_InvalidOfflineMode) \
    /* AudioToolbox/AUComponent.h: audio unit errors */ \
    X(kAudioUnitErr_InvalidProperty) \
    X(kAudioUnitErr_InvalidParameter) \
    X(kAudioUnitErr_InvalidElement) \
    X(kAudioUnitErr_NoConnection) \
    X(kAudioUnitErr_FailedInitialization) \
    X(kAudioUnitErr_TooManyFramesToProcess) \
    X(kAudioUnitErr_InvalidFile) \
    X(kAudioUnitErr_UnknownFileType) \
    X(kAudioUnitErr_FileNotSpecified) \
    X(kAudioUnitErr_FormatNotSupported) \
    X(kAudioUnitErr_Uninitialized) \
    X(kAudioUnitErr_InvalidScope) \
    X(kAudioUnitErr_PropertyNotWritable) \
    X(kAudioUnitErr_CannotDoInCurrentContext) \
    X(kAudioUnitErr_InvalidPropertyValue) \
    X(kAudioUnitErr_PropertyNotInUse) \
    X(kAudioUnitErr_Initialized) \
    X(kAudioUnitErr_InvalidOfflineRender) \
    X(kAudioUnitErr_Unauthorized) \
    X(kAudioUnitErr_MIDIOutputBufferFull) \
    X(kAudioComponentErr_InstanceTimedOut) \
    X(kAudioComponentErr_InstanceInvalidated) \
    X(kAudioUnitErr_RenderTimeout) \
    X(kAudioUnitErr_ExtensionNotFound) \
    X(kAudioUnitErr_InvalidParameterValue) \
    X(kAudioUnitErr_InvalidFilePath) \
    X(kAudioUnitErr_MissingKey) \
    /* AudioToolbox/AUComponent.h: audio component (inter-app) errors */ \
    X(kAudioComponentErr_DuplicateDescription) \
    X(kAudioComponentErr_UnsupportedType) \
    X(kAudioComponentErr_TooManyInstances) \
    X(kAudioComponentErr_NotPermitted) \
    X(kAudioComponentErr_InitializationTimedOut) \
    X(kAudioComponentErr_InvalidFormat) \
    /* AudioToolbox/AUGraph.h */ \
    X(kAUGraphErr_NodeNotFound) \
    X(kAUGraphErr_InvalidConnection) \
    X(kAUGraphErr_OutputNodeErr) \
    X(kAUGraphErr_CannotDoInCurrentContext) \
    X(kAUGraphErr_InvalidAudioUnit) \
    /* AudioToolbox/MusicPlayer.h */ \
    X(kAudioToolboxErr_InvalidSequenceType) \
    X(kAudioToolboxErr_TrackIndexError) \
    X(kAudioToolboxErr_TrackNotFound) \
    X(kAudioToolboxErr_EndOfTrack) \
    X(kAudioToolboxErr_StartOfTrack) \
    X(kAudioToolboxErr_IllegalTrackDestination) \
    X(kAudioToolboxErr_NoSequence) \
    X(kAudioToolboxErr_InvalidEventType) \
    X(kAudioToolboxErr_InvalidPlayerState) \
    X(kAudioToolboxErr_CannotDoInCurrentContext) \
    X(kAudioToolboxError_NoTrackDestination) \
    /* CoreAudio/AudioHardwareBase.h */ \
    X(kAudioHardwareNoError) \
    X(kAudioHardwareNotRunningError) \
    X(kAudioHardwareUnspecifiedError) \
    X(kAudioHardwareUnknownPropertyError) \
    X(kAudioHardwareBadPropertySizeError) \
    X(kAudioHardwareIllegalOperationError) \
    X(kAudioHardwareBadObjectError) \
    X(kAudioHardwareBadDeviceError) \
    X(kAudioHardwareBadStreamError) \
    X(kAudioHardwareUnsupportedOperationError) \
    X(kAudioHardwareNotReadyError) \
    X(kAudioDeviceUnsupportedFormatError) \
    X(kAudioDevicePermissionsError) \
    /* CoreMIDI/MIDIServices.h */ \
    X(kMIDIInvalidClient) \
    X(kMIDIInvalidPort) \
    X(kMIDIWrongEndpointType) \
    X(kMIDINoConnection) \
    X(kMIDIUnknownEndpoint) \
    X(kMIDIUnknownProperty) \
    X(kMIDIWrongPropertyType) \
    X(kMIDINoCurrentSetup) \
    X(kMIDIMessageSendErr) \
    X(kMIDIServerStartErr) \
    X(kMIDISetupFormatErr) \
    X(kMIDIWrongThread) \
    X(kMIDIObjectNotFound) \
    X(kMIDIIDNotUnique) \
    X(kMIDINotPermitted) \
    X(kMIDIUnknownError)

#define CM_CHECK_OS_STATUS(name)                                                      \
    static_assert(cm::os_status_value(#name).has_value(), #name " is not in cm::os_status_table"); \
    static_assert(*cm::os_status_value(#name) == static_cast<std::int32_t>(name),     \
                  "cm::os_status_table's value for " #name " differs from Apple's SDK");
CM_OS_STATUS_CONSTANTS(CM_CHECK_OS_STATUS)
#undef CM_CHECK_OS_STATUS

namespace {

#define CM_COUNT_OS_STATUS(name) +1
constexpr std::size_t checked_count = 0 CM_OS_STATUS_CONSTANTS(CM_COUNT_OS_STATUS);
#undef CM_COUNT_OS_STATUS

constexpr bool names_are_unique() {
    const auto& t = cm::os_status_table;
    for (std::size_t i = 0; i < t.size(); ++i) {
        for (std::size_t j = i + 1; j < t.size(); ++j) {
            if (t[i].name == t[j].name) {
                return false;
            }
        }
    }
    return true;
}

// Unique names + as many checks as entries + every check finds its entry
// = every entry was checked.
static_assert(names_are_unique(), "cm::os_status_table lists a name twice");
static_assert(checked_count == cm::os_status_table.size(),
              "cm::os_status_table has entries this file does not check: add them to CM_OS_STATUS_CONSTANTS");

} // namespace
