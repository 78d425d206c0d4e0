// Integer <-> float conversion against the documented convention (scale
// 2^(N-1) both ways, round to nearest even, clip, NaN -> 0), and interleave /
// deinterleave. Expected values are worked out by hand in the comments.
#include <coremusic/core/sample_conversion.hpp>

#include "rt_check.hpp"

#include <gtest/gtest.h>

#include <array>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <span>
#include <vector>

namespace {

constexpr float nan_f = std::numeric_limits<float>::quiet_NaN();
constexpr float inf_f = std::numeric_limits<float>::infinity();

std::vector<std::byte> bytes(std::initializer_list<unsigned> values) {
    std::vector<std::byte> out;
    for (const unsigned v : values) out.push_back(static_cast<std::byte>(v));
    return out;
}

TEST(SampleConversion, Int16ToFloatDividesBy32768) {
    const std::vector<std::int16_t> in{-32768, 32767, 0, 16384, -1, 1};
    std::vector<float> out(in.size());
    EXPECT_EQ(cm::int16_to_float(in, out), in.size());
    EXPECT_EQ(out[0], -1.0f);                 // -32768 / 32768 exactly
    EXPECT_EQ(out[1], 0.999969482421875f);    // 32767 / 32768 = 1 - 2^-15
    EXPECT_EQ(out[2], 0.0f);
    EXPECT_EQ(out[3], 0.5f);                  // 16384 / 32768
    EXPECT_EQ(out[4], -0.000030517578125f);   // -1 / 32768 = -2^-15
    EXPECT_EQ(out[5], 0.000030517578125f);
}

TEST(SampleConversion, FloatToInt16ScalesRoundsAndClips) {
    const std::vector<float> in{1.0f, -1.0f, 2.0f, -2.0f, nan_f, inf_f, -inf_f, 0.5f, 0.0f, -0.0f};
    std::vector<std::int16_t> out(in.size(), 99);
    EXPECT_EQ(cm::float_to_int16(in, out), in.size());
    EXPECT_EQ(out[0], 32767);  // 1.0 * 32768 = 32768 clips to 32767
    EXPECT_EQ(out[1], -32768); // -1.0 * 32768
    EXPECT_EQ(out[2], 32767);  // 65536 clips
    EXPECT_EQ(out[3], -32768); // -65536 clips
    EXPECT_EQ(out[4], 0);      // NaN
    EXPECT_EQ(out[5], 32767);
    EXPECT_EQ(out[6], -32768);
    EXPECT_EQ(out[7], 16384);  // 0.5 * 32768
    EXPECT_EQ(out[8], 0);
    EXPECT_EQ(out[9], 0);
}

TEST(SampleConversion, FloatToInt16RoundsToNearestEven) {
    // x = k / 32768 so that x * 32768 = k exactly (powers of two scale exactly).
    const std::vector<float> in{1.5f / 32768, 2.5f / 32768, -1.5f / 32768, -2.5f / 32768,
                                0.49f / 32768, 0.51f / 32768, -0.51f / 32768, 100.75f / 32768,
                                32766.5f / 32768, -32767.5f / 32768};
    std::vector<std::int16_t> out(in.size());
    cm::float_to_int16(in, out);
    EXPECT_EQ(out[0], 2);      // 1.5 -> even 2
    EXPECT_EQ(out[1], 2);      // 2.5 -> even 2
    EXPECT_EQ(out[2], -2);     // -1.5 -> -2
    EXPECT_EQ(out[3], -2);     // -2.5 -> -2
    EXPECT_EQ(out[4], 0);      // 0.49 -> 0
    EXPECT_EQ(out[5], 1);      // 0.51 -> 1
    EXPECT_EQ(out[6], -1);
    EXPECT_EQ(out[7], 101);    // 100.75 -> 101
    EXPECT_EQ(out[8], 32766);  // 32766.5 -> even 32766
    EXPECT_EQ(out[9], -32768); // -32767.5 -> even -32768
}

TEST(SampleConversion, Int16RoundTripIsExactForEveryValue) {
    std::vector<std::int16_t> all;
    for (int i = -32768; i <= 32767; ++i) all.push_back(static_cast<std::int16_t>(i));
    std::vector<float> f(all.size());
    std::vector<std::int16_t> back(all.size());
    cm::int16_to_float(all, f);
    cm::float_to_int16(f, back);
    EXPECT_EQ(back, all);
}

TEST(SampleConversion, MismatchedLengthsConvertTheCommonPart) {
    const std::vector<std::int16_t> in{100, 200, 300};
    std::vector<float> out(2, 7.0f);
    EXPECT_EQ(cm::int16_to_float(in, out), 2U);
    std::vector<float> longer(5, 7.0f);
    EXPECT_EQ(cm::int16_to_float(in, longer), 3U);
    EXPECT_EQ(longer[3], 7.0f); // untouched
}

TEST(SampleConversion, PackedInt24IsLittleEndianSigned) {
    // 3 bytes a sample, low byte first; bit 23 is the sign.
    const auto in = bytes({0x00, 0x00, 0x80,   // 0x800000 = -8388608 -> -1.0
                           0xFF, 0xFF, 0x7F,   // 0x7FFFFF = 8388607 -> 1 - 2^-23
                           0x01, 0x00, 0x00,   // 1 -> 2^-23
                           0xFF, 0xFF, 0xFF,   // 0xFFFFFF = -1 -> -2^-23
                           0x00, 0x00, 0x40,   // 0x400000 = 2^22 -> 0.5
                           0xAB});             // a partial sample, ignored
    std::vector<float> out(6, 7.0f);
    EXPECT_EQ(cm::int24_to_float(in, out), 5U);
    EXPECT_EQ(out[0], -1.0f);
    EXPECT_EQ(out[1], 0.99999988079071044921875f);
    EXPECT_EQ(out[2], 1.1920928955078125e-7f);
    EXPECT_EQ(out[3], -1.1920928955078125e-7f);
    EXPECT_EQ(out[4], 0.5f);
    EXPECT_EQ(out[5], 7.0f);
}

TEST(SampleConversion, FloatToPackedInt24) {
    const std::vector<float> in{1.0f, -1.0f, 0.5f, nan_f, 2.0f, -0.5f};
    std::vector<std::byte> out(in.size() * 3);
    EXPECT_EQ(cm::float_to_int24(in, out), in.size());
    // 1.0 * 2^23 = 8388608 clips to 8388607 = 0x7FFFFF
    EXPECT_EQ(out, bytes({0xFF, 0xFF, 0x7F,     // 8388607
                          0x00, 0x00, 0x80,     // -8388608 = 0x800000
                          0x00, 0x00, 0x40,     // 0.5 * 2^23 = 0x400000
                          0x00, 0x00, 0x00,     // NaN -> 0
                          0xFF, 0xFF, 0x7F,     // 2.0 clips
                          0x00, 0x00, 0xC0}));  // -2^22 = 0xC00000 in 24-bit two's complement
    std::vector<std::byte> short_out(7);        // room for 2 samples only
    EXPECT_EQ(cm::float_to_int24(in, short_out), 2U);
}

TEST(SampleConversion, Int24InInt32UsesTheLowThreeBytes) {
    const std::vector<std::int32_t> in{0x00800000,                       // bit 23 set: -8388608 -> -1.0
                                       static_cast<std::int32_t>(0xFF800000U), // the same, sign-extended
                                       0x007FFFFF,                       // 8388607 -> 1 - 2^-23
                                       0x12000001};                      // high byte ignored: 1 -> 2^-23
    std::vector<float> out(in.size());
    cm::int24_in_int32_to_float(in, out);
    EXPECT_EQ(out[0], -1.0f);
    EXPECT_EQ(out[1], -1.0f);
    EXPECT_EQ(out[2], 0.99999988079071044921875f);
    EXPECT_EQ(out[3], 1.1920928955078125e-7f);

    const std::vector<float> f{1.0f, -1.0f, 2.0f, nan_f, -0.5f};
    std::vector<std::int32_t> back(f.size());
    cm::float_to_int24_in_int32(f, back);
    EXPECT_EQ(back[0], 8388607);  // 2^23 clips to 2^23 - 1
    EXPECT_EQ(back[1], -8388608); // written sign-extended
    EXPECT_EQ(back[2], 8388607);
    EXPECT_EQ(back[3], 0);
    EXPECT_EQ(back[4], -4194304); // -0.5 * 2^23
}

TEST(SampleConversion, Int24RoundTripIsExact) {
    std::vector<std::int32_t> values;
    for (std::int32_t i = -8388608; i < 8388608; i += 997) values.push_back(i);
    values.push_back(8388607);
    std::vector<float> f(values.size());
    std::vector<std::int32_t> back(values.size());
    cm::int24_in_int32_to_float(values, f);
    cm::float_to_int24_in_int32(f, back);
    EXPECT_EQ(back, values);
}

TEST(SampleConversion, Int32) {
    const std::vector<std::int32_t> in{std::numeric_limits<std::int32_t>::min(),
                                       std::numeric_limits<std::int32_t>::max(), 1073741824, 0};
    std::vector<float> out(in.size());
    cm::int32_to_float(in, out);
    EXPECT_EQ(out[0], -1.0f); // -2^31 / 2^31
    // 2147483647 has no float: it rounds to 2^31 first, documented.
    EXPECT_EQ(out[1], 1.0f);
    EXPECT_EQ(out[2], 0.5f);  // 2^30 / 2^31
    EXPECT_EQ(out[3], 0.0f);

    const std::vector<float> f{1.0f, -1.0f, 0.5f, nan_f, 2.0f, 1.5f / 2147483648.0f,
                               0.25f / 2147483648.0f, -inf_f};
    std::vector<std::int32_t> back(f.size());
    cm::float_to_int32(f, back);
    EXPECT_EQ(back[0], 2147483647);  // 2^31 clips to 2^31 - 1
    EXPECT_EQ(back[1], -2147483647 - 1);
    EXPECT_EQ(back[2], 1073741824);  // 0.5 * 2^31
    EXPECT_EQ(back[3], 0);
    EXPECT_EQ(back[4], 2147483647);
    EXPECT_EQ(back[5], 2);           // 1.5 -> even 2
    EXPECT_EQ(back[6], 0);           // 0.25 -> 0
    EXPECT_EQ(back[7], -2147483647 - 1);
}

TEST(SampleConversion, InterleaveStereo) {
    std::vector<float> left{1, 2, 3};
    std::vector<float> right{4, 5, 6};
    std::vector<float> out(6);
    EXPECT_EQ(cm::interleave(cm::AudioBufferView{left, right}, cm::InterleavedView(out, 2)), 3U);
    EXPECT_EQ(out, (std::vector<float>{1, 4, 2, 5, 3, 6}));

    std::vector<float> l2(3);
    std::vector<float> r2(3);
    EXPECT_EQ(cm::deinterleave(cm::InterleavedView(out, 2), cm::AudioBufferView{l2, r2}), 3U);
    EXPECT_EQ(l2, left);
    EXPECT_EQ(r2, right);
}

TEST(SampleConversion, InterleaveLongStereoCoversBlocksAndTail) {
    constexpr std::size_t frames = 16 * 5 + 7;
    std::vector<float> left(frames);
    std::vector<float> right(frames);
    for (std::size_t i = 0; i < frames; ++i) {
        left[i] = static_cast<float>(i);
        right[i] = -static_cast<float>(i);
    }
    std::vector<float> out(2 * frames);
    cm::interleave(cm::AudioBufferView{left, right}, cm::InterleavedView(out, 2));
    for (std::size_t i = 0; i < frames; ++i) {
        ASSERT_EQ(out[2 * i], static_cast<float>(i));
        ASSERT_EQ(out[2 * i + 1], -static_cast<float>(i));
    }
    std::vector<float> l2(frames);
    std::vector<float> r2(frames);
    cm::deinterleave(cm::InterleavedView(out, 2), cm::AudioBufferView{l2, r2});
    EXPECT_EQ(l2, left);
    EXPECT_EQ(r2, right);
}

TEST(SampleConversion, InterleaveThreeChannelsAndMono) {
    std::vector<float> a{1, 2};
    std::vector<float> b{3, 4};
    std::vector<float> c{5, 6};
    std::vector<float> out(6);
    cm::interleave(cm::AudioBufferView{a, b, c}, cm::InterleavedView(out, 3));
    EXPECT_EQ(out, (std::vector<float>{1, 3, 5, 2, 4, 6}));
    std::vector<float> a2(2);
    std::vector<float> b2(2);
    std::vector<float> c2(2);
    cm::deinterleave(cm::InterleavedView(out, 3), cm::AudioBufferView{a2, b2, c2});
    EXPECT_EQ(a2, a);
    EXPECT_EQ(b2, b);
    EXPECT_EQ(c2, c);

    std::vector<float> mono_out(2);
    cm::interleave(cm::AudioBufferView{a}, cm::InterleavedView(mono_out, 1));
    EXPECT_EQ(mono_out, a);
}

TEST(SampleConversion, InterleaveMonoSourceToBothSides) {
    // The same channel twice: aliasing sources are only read, so allowed.
    std::vector<float> mono{1, 2, 3};
    std::vector<float> out(6);
    cm::interleave(cm::AudioBufferView{mono, mono}, cm::InterleavedView(out, 2));
    EXPECT_EQ(out, (std::vector<float>{1, 1, 2, 2, 3, 3}));
}

TEST(SampleConversion, InterleaveMismatchedShapesUseTheCommonPart) {
    std::vector<float> left{1, 2, 3};
    std::vector<float> right{4, 5, 6};
    std::vector<float> out(8, 0.0f); // 2 frames of 4 channels
    EXPECT_EQ(cm::interleave(cm::AudioBufferView{left, right}, cm::InterleavedView(out, 4)), 2U);
    EXPECT_EQ(out, (std::vector<float>{1, 4, 0, 0, 2, 5, 0, 0}));
    EXPECT_EQ(cm::interleave(cm::AudioBufferView{left, right}, cm::InterleavedView{}), 0U);
}

struct ConversionBuffers {
    std::span<float> f;
    std::span<std::int16_t> i16;
    std::span<std::int32_t> i32;
    std::span<std::byte> packed;
    cm::AudioBufferView planar;
    cm::InterleavedView interleaved;
};

// Checked by the rtsan preset at compile time (-Wfunction-effects) and run
// time (RealtimeSanitizer), as an audio callback would be.
std::size_t convert_all(const ConversionBuffers& b) noexcept CM_NONBLOCKING {
    std::size_t total = 0;
    total += cm::float_to_int16(b.f, b.i16);
    total += cm::int16_to_float(b.i16, b.f);
    total += cm::float_to_int24(b.f, b.packed);
    total += cm::int24_to_float(b.packed, b.f);
    total += cm::float_to_int24_in_int32(b.f, b.i32);
    total += cm::int24_in_int32_to_float(b.i32, b.f);
    total += cm::float_to_int32(b.f, b.i32);
    total += cm::int32_to_float(b.i32, b.f);
    total += cm::interleave(b.planar, b.interleaved);
    total += cm::deinterleave(b.interleaved, b.planar);
    return total;
}

TEST(SampleConversion, ConversionsAreRealtimeSafe) {
    constexpr std::size_t n = 1000;
    std::vector<float> f(n, 0.25f);
    std::vector<float> left(n, 0.5f);
    std::vector<float> right(n, -0.5f);
    std::vector<float> inter(2 * n);
    std::vector<std::int16_t> i16(n);
    std::vector<std::int32_t> i32(n);
    std::vector<std::byte> packed(3 * n);
    const ConversionBuffers buffers{f, i16, i32, packed, cm::AudioBufferView{left, right},
                                    cm::InterleavedView(inter, 2)};
    cm::test::RtScope scope;
    const std::size_t total = convert_all(buffers);
    const cm::test::RtCounts counts = scope.counts();
    EXPECT_EQ(counts.allocations, 0U);
    EXPECT_EQ(counts.deallocations, 0U);
    if (cm::test::lock_counting_available()) {
        EXPECT_EQ(counts.locks, 0U);
    }
    EXPECT_EQ(total, 10 * n);
}

} // namespace
