// tests/core/os_status_test.cpp
// The OSStatus table and category. Expected values are Apple's, copied by hand
// from the SDK headers named in each block (AudioFile.h writes its FourCC codes
// with the hex and decimal value beside them), not computed from our table.
#include <coremusic/core/os_status.hpp>

#include <gtest/gtest.h>

#include <rt_check.hpp>

#include <cstdint>
#include <set>
#include <string>
#include <string_view>
#include <system_error>
#include <vector>

namespace {

struct Expected {
    std::string_view name;
    std::int32_t value;
};

// A representative from every header, FourCC codes as Apple's decimal.
const Expected apple_values[] = {
    // MacErrors.h / CoreAudioBaseTypes.h
    {"noErr", 0},
    {"unimpErr", -4},
    {"fnfErr", -43},
    {"paramErr", -50},
    {"memFullErr", -108},
    {"kAudio_FilePermissionError", -54},
    {"kAudio_TooManyFilesOpenError", -42},
    {"kAudio_BadFilePathError", 561017960},  // '!pth' 0x21707468
    // AudioFile.h
    {"kAudioFileUnspecifiedError", 2003334207},             // 'wht?' 0x7768743F
    {"kAudioFileUnsupportedFileTypeError", 1954115647},     // 'typ?' 0x7479703F
    {"kAudioFileUnsupportedDataFormatError", 1718449215},   // 'fmt?' 0x666D743F
    {"kAudioFileUnsupportedPropertyError", 1886681407},     // 'pty?' 0x7074793F
    {"kAudioFileBadPropertySizeError", 561211770},          // '!siz' 0x2173697A
    {"kAudioFilePermissionsError", 1886547263},             // 'prm?' 0x70726D3F
    {"kAudioFileNotOptimizedError", 1869640813},            // 'optm' 0x6F70746D
    {"kAudioFileInvalidChunkError", 1667787583},            // 'chk?' 0x63686B3F
    {"kAudioFileDoesNotAllow64BitDataSizeError", 1868981823},  // 'off?' 0x6F66663F
    {"kAudioFileInvalidPacketOffsetError", 1885563711},     // 'pck?' 0x70636B3F
    {"kAudioFileInvalidPacketDependencyError", 1684369471}, // 'dep?' 0x6465703F
    {"kAudioFileInvalidFileError", 1685348671},             // 'dta?' 0x6474613F
    {"kAudioFileOperationNotSupportedError", 0x6F703F3F},
    {"kAudioFileNotOpenError", -38},
    {"kAudioFileEndOfFileError", -39},
    {"kAudioFilePositionError", -40},
    {"kAudioFileFileNotFoundError", -43},
    // AudioFormat.h
    {"kAudioFormatBadSpecifierSizeError", 561213539},  // '!spc' 0x21737063
    {"kAudioFormatUnknownFormatError", 560360820},     // '!fmt' 0x21666D74
    // AudioConverter.h
    {"kAudioConverterErr_FormatNotSupported", 1718449215},
    {"kAudioConverterErr_OperationNotSupported", 1869627199},
    {"kAudioConverterErr_PropertyNotSupported", 1886547824},  // 'prop'
    {"kAudioConverterErr_InvalidInputSize", 1768846202},      // 'insz'
    {"kAudioConverterErr_InvalidOutputSize", 1869902714},     // 'otsz'
    {"kAudioConverterErr_UnspecifiedError", 2003329396},      // 'what'
    {"kAudioConverterErr_BadPropertySizeError", 561211770},
    {"kAudioConverterErr_RequiresPacketDescriptionsError", 561015652},  // '!pkd'
    {"kAudioConverterErr_InputSampleRateOutOfRange", 560558962},        // '!isr'
    {"kAudioConverterErr_OutputSampleRateOutOfRange", 560952178},       // '!osr'
    // ExtendedAudioFile.h
    {"kExtAudioFileError_InvalidProperty", -66561},
    {"kExtAudioFileError_InvalidSeek", -66568},
    {"kExtAudioFileError_AsyncWriteBufferOverflow", -66570},
    // AudioQueue.h
    {"kAudioQueueErr_InvalidBuffer", -66687},
    {"kAudioQueueErr_BufferEmpty", -66686},
    {"kAudioQueueErr_CannotStartYet", -66665},
    {"kAudioQueueErr_EnqueueDuringReset", -66632},
    {"kAudioQueueErr_InvalidOfflineMode", -66626},
    // AUComponent.h
    {"kAudioUnitErr_InvalidProperty", -10879},
    {"kAudioUnitErr_InvalidParameter", -10878},
    {"kAudioUnitErr_TooManyFramesToProcess", -10874},
    {"kAudioUnitErr_InvalidFile", -10871},
    {"kAudioUnitErr_CannotDoInCurrentContext", -10863},
    {"kAudioUnitErr_InvalidPropertyValue", -10851},
    {"kAudioUnitErr_Unauthorized", -10847},
    {"kAudioUnitErr_MIDIOutputBufferFull", -66753},
    {"kAudioUnitErr_RenderTimeout", -66745},
    {"kAudioUnitErr_ExtensionNotFound", -66744},
    {"kAudioUnitErr_InvalidParameterValue", -66743},
    {"kAudioUnitErr_InvalidFilePath", -66742},
    {"kAudioUnitErr_MissingKey", -66741},
    {"kAudioComponentErr_InstanceTimedOut", -66754},
    {"kAudioComponentErr_DuplicateDescription", -66752},
    {"kAudioComponentErr_UnsupportedType", -66751},
    {"kAudioComponentErr_TooManyInstances", -66750},
    {"kAudioComponentErr_InstanceInvalidated", -66749},
    {"kAudioComponentErr_NotPermitted", -66748},
    {"kAudioComponentErr_InitializationTimedOut", -66747},
    {"kAudioComponentErr_InvalidFormat", -66746},
    // AUGraph.h
    {"kAUGraphErr_NodeNotFound", -10860},
    {"kAUGraphErr_InvalidConnection", -10861},
    {"kAUGraphErr_OutputNodeErr", -10862},
    {"kAUGraphErr_CannotDoInCurrentContext", -10863},
    {"kAUGraphErr_InvalidAudioUnit", -10864},
    // MusicPlayer.h
    {"kAudioToolboxErr_InvalidSequenceType", -10846},
    {"kAudioToolboxErr_InvalidPlayerState", -10852},
    {"kAudioToolboxErr_TrackIndexError", -10859},
    {"kAudioToolboxErr_CannotDoInCurrentContext", -10863},
    {"kAudioToolboxError_NoTrackDestination", -66720},
    // AudioHardwareBase.h
    {"kAudioHardwareNoError", 0},
    {"kAudioHardwareNotRunningError", 1937010544},            // 'stop' 0x73746F70
    {"kAudioHardwareUnspecifiedError", 2003329396},           // 'what'
    {"kAudioHardwareUnknownPropertyError", 2003332927},       // 'who?' 0x77686F3F
    {"kAudioHardwareBadPropertySizeError", 561211770},        // '!siz'
    {"kAudioHardwareIllegalOperationError", 1852797029},      // 'nope' 0x6E6F7065
    {"kAudioHardwareBadObjectError", 560947818},              // '!obj' 0x216F626A
    {"kAudioHardwareBadDeviceError", 560227702},              // '!dev' 0x21646576
    {"kAudioHardwareBadStreamError", 561214578},              // '!str' 0x21737472
    {"kAudioHardwareUnsupportedOperationError", 1970171760},  // 'unop' 0x756E6F70
    {"kAudioHardwareNotReadyError", 1852990585},              // 'nrdy' 0x6E726479
    {"kAudioDeviceUnsupportedFormatError", 560226676},        // '!dat' 0x21646174
    {"kAudioDevicePermissionsError", 560492391},              // '!hog' 0x21686F67
    // MIDIServices.h
    {"kMIDIInvalidClient", -10830},
    {"kMIDIInvalidPort", -10831},
    {"kMIDIObjectNotFound", -10842},
    {"kMIDINotPermitted", -10844},
    {"kMIDIUnknownError", -10845},
};

TEST(OSStatusTable, HoldsApplesValues) {
    for (const Expected& e : apple_values) {
        const auto v = cm::os_status_value(e.name);
        ASSERT_TRUE(v.has_value()) << e.name << " is missing";
        EXPECT_EQ(*v, e.value) << e.name;
    }
}

TEST(OSStatusTable, CoversEveryFamilyCompletely) {
    // Contiguous ranges in Apple's headers: every value in them is named.
    for (std::int32_t v = -10845; v <= -10830; ++v) {
        EXPECT_EQ(cm::os_status_name(v).substr(0, 5), "kMIDI") << v;
    }
    for (std::int32_t v = -66687; v <= -66665; ++v) {
        EXPECT_EQ(cm::os_status_name(v).substr(0, 14), "kAudioQueueErr") << v;
    }
    for (std::int32_t v = -66570; v <= -66561; ++v) {
        EXPECT_EQ(cm::os_status_name(v).substr(0, 18), "kExtAudioFileError") << v;
    }
    for (std::int32_t v = -10864; v <= -10860; ++v) {
        EXPECT_FALSE(cm::os_status_name(v).empty()) << v;
    }
    for (std::int32_t v = -10859; v <= -10852; ++v) {
        EXPECT_EQ(cm::os_status_name(v).substr(0, 16), "kAudioToolboxErr") << v;
    }
    for (std::int32_t v = -66754; v <= -66741; ++v) {
        EXPECT_FALSE(cm::os_status_name(v).empty()) << v;
    }
    // -10873 and -10872 are deprecated AudioUnit codes Apple no longer declares.
    for (std::int32_t v : {-10879, -10878, -10877, -10876, -10875, -10874, -10871, -10870, -10869, -10868, -10867,
                           -10866, -10865, -10863, -10851, -10850, -10849, -10848, -10847}) {
        EXPECT_EQ(cm::os_status_name(v).substr(0, 13), "kAudioUnitErr") << v;
    }
}

TEST(OSStatusTable, NamesAreUniqueAndDescribed) {
    std::set<std::string_view> seen;
    for (const cm::OSStatusEntry& e : cm::os_status_table) {
        EXPECT_TRUE(seen.insert(e.name).second) << e.name << " twice";
        EXPECT_FALSE(e.description.empty()) << e.name;
        EXPECT_EQ(cm::os_status_value(e.name), e.value);
    }
    EXPECT_FALSE(cm::os_status_value("kAudioUnitErr_NoSuchThing").has_value());
    EXPECT_FALSE(cm::os_status_value("").has_value());
}

TEST(OSStatusTable, SharedValuesListEveryNamePrimaryFirst) {
    auto names = [](std::int32_t v) {
        std::vector<std::string_view> out;
        for (const cm::OSStatusEntry& e : cm::os_status_names(v)) {
            out.push_back(e.name);
        }
        return out;
    };
    using V = std::vector<std::string_view>;
    EXPECT_EQ(names(-10863), (V{"kAudioUnitErr_CannotDoInCurrentContext", "kAUGraphErr_CannotDoInCurrentContext",
                                "kAudioToolboxErr_CannotDoInCurrentContext"}));
    EXPECT_EQ(names(1718449215), (V{"kAudioFileUnsupportedDataFormatError", "kAudioFormatUnsupportedDataFormatError",
                                    "kAudioConverterErr_FormatNotSupported"}));
    EXPECT_EQ(names(561211770), (V{"kAudioFileBadPropertySizeError", "kAudioFormatBadPropertySizeError",
                                   "kAudioConverterErr_BadPropertySizeError", "kAudioHardwareBadPropertySizeError"}));
    EXPECT_EQ(names(-43), (V{"fnfErr", "kAudio_FileNotFoundError", "kAudioFileFileNotFoundError"}));
    EXPECT_EQ(names(-50), (V{"paramErr", "kAudio_ParamError"}));
    EXPECT_EQ(names(0), (V{"noErr", "kAudioHardwareNoError"}));
    EXPECT_EQ(names(0x6F703F3F), (V{"kAudioFileOperationNotSupportedError", "kAudioConverterErr_OperationNotSupported"}));
    EXPECT_TRUE(names(12345).empty());

    EXPECT_EQ(cm::os_status_name(-10863), "kAudioUnitErr_CannotDoInCurrentContext");
    EXPECT_EQ(cm::os_status_name(-43), "fnfErr");
    EXPECT_EQ(cm::os_status_name(12345), "");
}

TEST(OSStatusTable, LooksUpAtCompileTime) {
    static_assert(cm::os_status_name(-10879) == "kAudioUnitErr_InvalidProperty");
    static_assert(cm::os_status_value("kMIDIUnknownError") == -10845);
    static_assert(cm::os_status_names(-10863).size() == 3);
    SUCCEED();
}

TEST(OSStatusTable, LookupsNeitherAllocateNorLock) {
    std::size_t found = 0;
    cm::test::RtCounts counts;
    {
        cm::test::RtScope scope;
        for (const Expected& e : apple_values) {
            found += cm::os_status_names(e.value).size();
            found += cm::os_status_value(e.name).has_value() ? 1U : 0U;
        }
        (void)cm::os_status_code(-50);
        counts = scope.counts();
    }
    EXPECT_GT(found, std::size(apple_values));
    EXPECT_EQ(counts.allocations, 0U);
    EXPECT_EQ(counts.locks, 0U);
}

std::string message(std::int32_t status) {
    return cm::os_status_code(status).message();
}

TEST(OSStatusCategory, NamesNegativeCodesWithTheirValue) {
    EXPECT_STREQ(cm::os_status_category().name(), "OSStatus");
    EXPECT_EQ(message(-10879).rfind("kAudioUnitErr_InvalidProperty (-10879)", 0), 0U) << message(-10879);
    EXPECT_EQ(message(-66632).rfind("kAudioQueueErr_EnqueueDuringReset (-66632): ", 0), 0U) << message(-66632);
    EXPECT_EQ(message(-10845).rfind("kMIDIUnknownError (-10845)", 0), 0U);
}

TEST(OSStatusCategory, ShowsFourCharacterCodesAsApplesLiterals) {
    EXPECT_EQ(message(1718449215).rfind("kAudioFileUnsupportedDataFormatError", 0), 0U) << message(1718449215);
    EXPECT_NE(message(1718449215).find("kAudioConverterErr_FormatNotSupported ('fmt?'): "), std::string::npos)
        << message(1718449215);
    EXPECT_EQ(message(560492391).rfind("kAudioDevicePermissionsError ('!hog'): ", 0), 0U) << message(560492391);
    EXPECT_EQ(message(0x6F703F3F).find("('op?\?')"), message(0x6F703F3F).find(" ('") + 1);
}

TEST(OSStatusCategory, SharedCodesNameAllConstants) {
    const std::string m = message(-10863);
    EXPECT_EQ(m.rfind("kAudioUnitErr_CannotDoInCurrentContext / kAUGraphErr_CannotDoInCurrentContext / "
                      "kAudioToolboxErr_CannotDoInCurrentContext (-10863): ",
                      0),
              0U)
        << m;
}

TEST(OSStatusCategory, UnknownCodesStillSayWhatTheyAre) {
    EXPECT_EQ(message(-12345), "unknown OSStatus -12345");
    EXPECT_EQ(message(0x61626364), "unknown OSStatus 'abcd' (1633837924)");
    // Not four printable bytes: the number only.
    EXPECT_EQ(message(0x01020304), "unknown OSStatus 16909060");
}

TEST(OSStatusCategory, MapsToStdErrcWhereMeaningful) {
    EXPECT_EQ(cm::os_status_code(-50), std::errc::invalid_argument);
    EXPECT_EQ(cm::os_status_code(-43), std::errc::no_such_file_or_directory);
    EXPECT_EQ(cm::os_status_code(-108), std::errc::not_enough_memory);
    EXPECT_EQ(cm::os_status_code(-54), std::errc::permission_denied);
    EXPECT_EQ(cm::os_status_code(560492391), std::errc::permission_denied);  // '!hog'
    EXPECT_EQ(cm::os_status_code(1718449215), std::errc::not_supported);     // 'fmt?'
    EXPECT_EQ(cm::os_status_code(-66745), std::errc::timed_out);             // render timeout
    EXPECT_EQ(cm::os_status_code(-10879), std::errc::invalid_argument);
    // Codes without a std counterpart stay OSStatus conditions.
    const std::error_condition c = cm::os_status_code(-10863).default_error_condition();
    EXPECT_EQ(&c.category(), &cm::os_status_category());
    EXPECT_EQ(c.value(), -10863);
    EXPECT_NE(cm::os_status_code(-10863), std::errc::invalid_argument);
}

TEST(OSStatusCategory, CarriesIntoErrors) {
    try {
        throw cm::AudioUnitError(cm::os_status_code(-10868), "AUHAL output bus 0: set 7.1 float32 stream format");
    } catch (const cm::Error& e) {
        const std::string what = e.what();
        EXPECT_NE(what.find("AUHAL output bus 0"), std::string::npos) << what;
        EXPECT_NE(what.find("kAudioUnitErr_FormatNotSupported (-10868)"), std::string::npos) << what;
        EXPECT_EQ(e.code(), std::errc::not_supported);
    }
}

} // namespace
