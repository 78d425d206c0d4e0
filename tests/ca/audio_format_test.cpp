// AudioFormat against Apple's documented constants (CoreAudioBaseTypes.h)
// and the ASBDs Apple's own helpers produce (FillOutASBDForLPCM in
// CoreAudioTypes.h), written out by hand here.
#include <coremusic/ca/audio_format.hpp>

#include <gtest/gtest.h>

namespace {

using cm::ca::AudioFormat;
using cm::ca::SampleFormat;
namespace ff = cm::ca::format_flags;

TEST(AudioFormat, FlagValuesAreApples) {
    EXPECT_EQ(ff::is_float, 0x1U);
    EXPECT_EQ(ff::is_big_endian, 0x2U);
    EXPECT_EQ(ff::is_signed_integer, 0x4U);
    EXPECT_EQ(ff::is_packed, 0x8U);
    EXPECT_EQ(ff::is_aligned_high, 0x10U);
    EXPECT_EQ(ff::is_non_interleaved, 0x20U);
    EXPECT_EQ(ff::is_non_mixable, 0x40U);
    EXPECT_EQ(ff::are_all_clear, 0x80000000U);
    EXPECT_EQ(ff::native_float_packed, 0x9U);
    EXPECT_EQ(cm::ca::format_id::linear_pcm.value(), 0x6C70636DU);  // 'lpcm'
    EXPECT_EQ(cm::ca::format_id::mpeg_layer3.value(), 0x2E6D7033U); // '.mp3'
}

// FillOutASBDForLPCM(asbd, 44100, 2, 16, 16, false, false, false):
// flags = kAudioFormatFlagIsSignedInteger | kAudioFormatFlagIsPacked = 0xC,
// bytes per packet/frame 4, frames per packet 1, bits 16.
TEST(AudioFormat, PcmInt16MatchesFillOutASBDForLPCM) {
    const AudioFormat f = AudioFormat::pcm_int16(44100.0, 2);
    EXPECT_EQ(f.sample_rate, 44100.0);
    EXPECT_EQ(f.format_id, cm::ca::format_id::linear_pcm);
    EXPECT_EQ(f.format_flags, 0xCU);
    EXPECT_EQ(f.bytes_per_packet, 4U);
    EXPECT_EQ(f.frames_per_packet, 1U);
    EXPECT_EQ(f.bytes_per_frame, 4U);
    EXPECT_EQ(f.channels_per_frame, 2U);
    EXPECT_EQ(f.bits_per_channel, 16U);
    EXPECT_EQ(f.sample_format(), SampleFormat::Int16);
}

// The canonical AudioUnit stream format: 32-bit float, non-interleaved:
// flags 0x29 (float | packed | non-interleaved), 4 bytes per frame.
TEST(AudioFormat, Float32NonInterleavedIsTheAudioUnitCanonicalFormat) {
    const AudioFormat f = AudioFormat::pcm_float32(48000.0, 2, false);
    EXPECT_EQ(f.format_flags, 0x29U);
    EXPECT_EQ(f.bytes_per_frame, 4U);
    EXPECT_EQ(f.bytes_per_packet, 4U);
    EXPECT_FALSE(f.is_interleaved());
    EXPECT_EQ(f.sample_format(), SampleFormat::Float32);
}

TEST(AudioFormat, BigEndianInt24AsInAiff) {
    const AudioFormat f = AudioFormat::pcm(SampleFormat::Int24, 96000.0, 6, true, true);
    EXPECT_EQ(f.format_flags, 0xEU);  // signed | packed | big-endian
    EXPECT_EQ(f.bytes_per_frame, 18U);
    EXPECT_EQ(f.sample_format(), SampleFormat::Int24);
}

TEST(AudioFormat, UnsignedEightBitHasNoSignedFlag) {
    const AudioFormat f = AudioFormat::pcm(SampleFormat::UInt8, 8000.0, 1);
    EXPECT_EQ(f.format_flags, ff::is_packed);
    EXPECT_EQ(f.sample_format(), SampleFormat::UInt8);
}

TEST(AudioFormat, ValidationNamesTheBadField) {
    auto message_of = [](const AudioFormat& f) {
        try {
            f.validate();
        } catch (const cm::AudioFormatError& e) {
            return std::string(e.what());
        }
        return std::string("valid");
    };
    AudioFormat f = AudioFormat::pcm_int16(44100.0, 2);
    EXPECT_EQ(message_of(f), "valid");
    AudioFormat bad = f;
    bad.sample_rate = 0.0;
    EXPECT_NE(message_of(bad).find("sample_rate"), std::string::npos);
    bad = f;
    bad.sample_rate = 1e12;
    EXPECT_NE(message_of(bad).find("sample_rate"), std::string::npos);
    bad = f;
    bad.channels_per_frame = 0;
    EXPECT_NE(message_of(bad).find("channels_per_frame"), std::string::npos);
    bad = f;
    bad.bytes_per_frame = 3;
    EXPECT_NE(message_of(bad).find("bytes_per_frame"), std::string::npos);
    bad = f;
    bad.bytes_per_packet = 8;
    EXPECT_NE(message_of(bad).find("bytes_per_packet"), std::string::npos);
    bad = f;
    bad.format_flags |= ff::is_float;
    EXPECT_NE(message_of(bad).find("float"), std::string::npos);
    std::error_code ec;
    bad.validate(ec);
    EXPECT_EQ(ec, cm::Errc::InvalidFormat);
    f.validate(ec);
    EXPECT_FALSE(ec);
    EXPECT_THROW((void)AudioFormat::pcm_int16(-1.0, 2), cm::AudioFormatError);
    EXPECT_THROW((void)AudioFormat::pcm_int16(44100.0, 65), cm::AudioFormatError);
}

TEST(AudioFormat, Describe) {
    EXPECT_EQ(AudioFormat::pcm_int16(44100.0, 2).describe(), "44100 Hz, 2 ch, lpcm int16 interleaved little-endian");
    EXPECT_EQ(AudioFormat::pcm(SampleFormat::Int24, 22050.5, 1, true, true).describe(),
              "22050.5 Hz, 1 ch, lpcm int24 interleaved big-endian");
}

} // namespace
