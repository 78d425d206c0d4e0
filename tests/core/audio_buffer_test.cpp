// Planar and interleaved views and the owning AudioBuffer: layout checks at
// construction, accessors, and the real-time contract of the accessors.
#include <coremusic/core/audio_buffer.hpp>

#include "rt_check.hpp"

#include <gtest/gtest.h>

#include <array>
#include <cstdint>
#include <limits>
#include <span>
#include <system_error>
#include <vector>

namespace {

using cm::AudioBuffer;
using cm::AudioBufferView;
using cm::ConstAudioBufferView;
using cm::ConstInterleavedView;
using cm::InterleavedView;

template <class F>
cm::Errc layout_error_code(F&& f) {
    try {
        f();
    } catch (const cm::AudioFormatError& e) {
        return static_cast<cm::Errc>(e.code().value());
    }
    ADD_FAILURE() << "expected cm::AudioFormatError";
    return {};
}

bool aligned_to_cache_line(const float* p) {
    return reinterpret_cast<std::uintptr_t>(p) % cm::cache_line_size == 0;
}

TEST(AudioBufferView, ViewsChannelsOfEqualLength) {
    std::vector<float> left{1, 2, 3};
    std::vector<float> right{4, 5, 6};
    const AudioBufferView view{left, right};
    EXPECT_EQ(view.channels(), 2U);
    EXPECT_EQ(view.frames(), 3U);
    EXPECT_FALSE(view.empty());
    EXPECT_EQ(view.channel(0).data(), left.data());
    EXPECT_EQ(view.channel(1).data(), right.data());
    view.channel(1)[2] = 7; // a view writes through to the samples
    EXPECT_EQ(right[2], 7.0f);
    EXPECT_EQ(view.data()[0], left.data());
}

TEST(AudioBufferView, RejectsMismatchedLengths) {
    std::vector<float> left(4);
    std::vector<float> right(3);
    try {
        const AudioBufferView view{left, right};
        FAIL() << "mismatched channel lengths were accepted";
    } catch (const cm::AudioFormatError& e) {
        EXPECT_EQ(e.code(), cm::Errc::InvalidArgument);
        EXPECT_NE(std::string(e.what()).find("channel 1 has 3 frames but channel 0 has 4"),
                  std::string::npos)
            << e.what();
    }
}

TEST(AudioBufferView, RejectsZeroAndTooManyChannels) {
    EXPECT_EQ(layout_error_code([] { const AudioBufferView v{std::span<const std::span<float>>{}}; }),
              cm::Errc::InvalidArgument);
    std::vector<float> samples(8);
    std::vector<std::span<float>> channels(cm::max_channels + 1, std::span<float>(samples));
    EXPECT_EQ(layout_error_code([&] { const AudioBufferView v{channels}; }), cm::Errc::OutOfRange);
    channels.pop_back(); // exactly max_channels is fine
    const AudioBufferView v{channels};
    EXPECT_EQ(v.channels(), cm::max_channels);
}

TEST(AudioBufferView, PointerArrayConstructorCopiesThePointers) {
    std::vector<float> a(16, 1.0f);
    std::vector<float> b(16, 2.0f);
    AudioBufferView view;
    {
        std::array<float*, 2> pointers{a.data(), b.data()};
        view = AudioBufferView(pointers.data(), 2, 16);
        pointers = {nullptr, nullptr}; // the view must not depend on the array
    }
    EXPECT_EQ(view.channel(0).data(), a.data());
    EXPECT_EQ(view.channel(1)[15], 2.0f);

    std::array<float*, 2> with_null{a.data(), nullptr};
    EXPECT_EQ(layout_error_code([&] { const AudioBufferView v(with_null.data(), 2, 16); }),
              cm::Errc::InvalidArgument);
    // A null channel of zero frames is harmless.
    EXPECT_NO_THROW(AudioBufferView(with_null.data(), 2, 0));
    EXPECT_EQ(layout_error_code([&] { const AudioBufferView v(with_null.data(), 0, 16); }),
              cm::Errc::InvalidArgument);
}

TEST(AudioBufferView, TryMakeReportsInvalidArgumentsWithoutThrowing) {
    std::vector<float> a(8);
    std::array<float*, 2> pointers{a.data(), a.data()};
    std::array<float*, 2> with_null{a.data(), nullptr};
    EXPECT_TRUE(AudioBufferView::try_make(pointers.data(), 2, 8).has_value());
    EXPECT_FALSE(AudioBufferView::try_make(pointers.data(), 0, 8).has_value());
    EXPECT_FALSE(AudioBufferView::try_make(pointers.data(), cm::max_channels + 1, 8).has_value());
    EXPECT_FALSE(AudioBufferView::try_make(with_null.data(), 2, 8).has_value());
    EXPECT_FALSE(AudioBufferView::try_make(nullptr, 2, 8).has_value());
}

TEST(AudioBufferView, SubviewIsClippedToTheView) {
    std::vector<float> left{0, 1, 2, 3, 4, 5};
    std::vector<float> right{10, 11, 12, 13, 14, 15};
    const AudioBufferView view{left, right};
    const AudioBufferView middle = view.subview(2, 3);
    EXPECT_EQ(middle.frames(), 3U);
    EXPECT_EQ(middle.channel(0)[0], 2.0f);
    EXPECT_EQ(middle.channel(1)[2], 14.0f);
    EXPECT_EQ(view.subview(4).frames(), 2U);    // count past the end is shortened
    EXPECT_EQ(view.subview(4, 100).frames(), 2U);
    EXPECT_EQ(view.subview(9, 1).frames(), 0U); // offset past the end: nothing
    EXPECT_EQ(view.subview(9, 1).channels(), 2U);
}

TEST(AudioBufferView, MutableConvertsToConst) {
    std::vector<float> mono{1, 2};
    const AudioBufferView view{mono};
    const ConstAudioBufferView read_only = view;
    EXPECT_EQ(read_only.channels(), 1U);
    EXPECT_EQ(read_only.channel(0)[1], 2.0f);
    static_assert(!std::is_convertible_v<ConstAudioBufferView, AudioBufferView>);
    static_assert(std::is_trivially_copyable_v<AudioBufferView>);
}

TEST(AudioBufferView, DefaultIsEmpty) {
    const AudioBufferView view;
    EXPECT_EQ(view.channels(), 0U);
    EXPECT_EQ(view.frames(), 0U);
    EXPECT_TRUE(view.empty());
}

TEST(InterleavedView, FramesAndSamples) {
    std::vector<float> samples{1, 4, 2, 5, 3, 6}; // L R L R L R
    const InterleavedView view(samples, 2);
    EXPECT_EQ(view.channels(), 2U);
    EXPECT_EQ(view.frames(), 3U);
    EXPECT_EQ(view.frame(1)[0], 2.0f);
    EXPECT_EQ(view.frame(1)[1], 5.0f);
    EXPECT_EQ(view.sample(2, 1), 6.0f);
    view.sample(0, 1) = 9.0f;
    EXPECT_EQ(samples[1], 9.0f);
    const ConstInterleavedView read_only = view;
    EXPECT_EQ(read_only.samples().size(), 6U);
}

TEST(InterleavedView, RejectsPartialFramesAndBadChannelCounts) {
    std::vector<float> samples(5);
    try {
        const InterleavedView view(samples, 2);
        FAIL() << "5 samples accepted as stereo";
    } catch (const cm::AudioFormatError& e) {
        EXPECT_EQ(e.code(), cm::Errc::InvalidArgument);
        EXPECT_NE(std::string(e.what()).find("5 samples"), std::string::npos) << e.what();
    }
    EXPECT_EQ(layout_error_code([&] { const InterleavedView v(samples, 0); }), cm::Errc::InvalidArgument);
    std::vector<float> many(65 * 2);
    EXPECT_EQ(layout_error_code([&] { const InterleavedView v(many, 65); }), cm::Errc::OutOfRange);
    EXPECT_FALSE(InterleavedView::try_make(samples, 2).has_value());
    EXPECT_TRUE(InterleavedView::try_make(samples, 5).has_value());
}

TEST(AudioBuffer, IsZeroFilledAlignedAndContiguous) {
    const AudioBuffer buffer(100, 3);
    EXPECT_EQ(buffer.frames(), 100U);
    EXPECT_EQ(buffer.channels(), 3U);
    // 100 frames rounded up to whole 64-byte lines of 16 floats: 112.
    EXPECT_EQ(buffer.channel_stride(), 112U);
    for (std::size_t c = 0; c < 3; ++c) {
        EXPECT_TRUE(aligned_to_cache_line(buffer.channel(c).data()));
        for (const float x : buffer.channel(c)) ASSERT_EQ(x, 0.0f);
    }
    EXPECT_EQ(buffer.channel(1).data(), buffer.channel(0).data() + 112);
    const ConstAudioBufferView view = buffer.view();
    EXPECT_EQ(view.channels(), 3U);
    EXPECT_EQ(view.channel(2).data(), buffer.channel(2).data());
}

TEST(AudioBuffer, CopyIsDeepMoveTransfers) {
    AudioBuffer a(4, 2);
    a.channel(1)[3] = 0.5f;
    AudioBuffer b = a;
    EXPECT_NE(b.channel(1).data(), a.channel(1).data());
    EXPECT_EQ(b.channel(1)[3], 0.5f);
    b.channel(1)[3] = 0.25f;
    EXPECT_EQ(a.channel(1)[3], 0.5f);

    const float* storage = a.channel(0).data();
    AudioBuffer c = std::move(a);
    EXPECT_EQ(c.channel(0).data(), storage);
    EXPECT_EQ(a.channels(), 0U); // NOLINT(bugprone-use-after-move): moved-from is empty
    EXPECT_TRUE(a.empty());

    b = c;
    EXPECT_EQ(b.channel(1)[3], 0.5f);
}

TEST(AudioBuffer, ResizeZeroesAndReusesMemory) {
    AudioBuffer buffer(64, 2);
    buffer.channel(0)[0] = 1.0f;
    const float* storage = buffer.channel(0).data();
    buffer.resize(32, 2); // smaller: same allocation
    EXPECT_EQ(buffer.channel(0).data(), storage);
    EXPECT_EQ(buffer.channel(0)[0], 0.0f);
    EXPECT_EQ(buffer.frames(), 32U);
    buffer.resize(1000, 4);
    EXPECT_EQ(buffer.frames(), 1000U);
    EXPECT_EQ(buffer.channels(), 4U);
    EXPECT_EQ(buffer.channel(3)[999], 0.0f);
    buffer.channel(3)[999] = 2.0f;
    buffer.clear();
    EXPECT_EQ(buffer.channel(3)[999], 0.0f);
}

TEST(AudioBuffer, RejectsBadShapes) {
    EXPECT_EQ(layout_error_code([] { const AudioBuffer b(16, 0); }), cm::Errc::InvalidArgument);
    EXPECT_EQ(layout_error_code([] { const AudioBuffer b(16, cm::max_channels + 1); }),
              cm::Errc::OutOfRange);
    try {
        const AudioBuffer b(std::numeric_limits<std::size_t>::max() / 8, 2);
        FAIL() << "an impossible size was accepted";
    } catch (const cm::Error& e) {
        EXPECT_EQ(e.code(), std::errc::value_too_large);
    }
    AudioBuffer keep(8, 1);
    EXPECT_THROW(keep.resize(8, 0), cm::AudioFormatError);
    EXPECT_EQ(keep.channels(), 1U); // unchanged after a failed resize
}

TEST(AudioBuffer, ZeroFramesIsAllowed) {
    const AudioBuffer buffer(0, 2);
    EXPECT_TRUE(buffer.empty());
    EXPECT_EQ(buffer.channel(1).size(), 0U);
    EXPECT_EQ(buffer.view().channels(), 2U);
}

// Checked by the rtsan preset at compile time (-Wfunction-effects) and run
// time (RealtimeSanitizer), as an audio callback would be.
std::size_t use_views(AudioBuffer& buffer, AudioBuffer& spare, std::span<float> interleaved,
                      float* const* pointers) noexcept CM_NONBLOCKING {
    std::size_t sink = 0;
    const AudioBufferView view = buffer.view();
    const ConstAudioBufferView read_only = view;
    sink += read_only.subview(10, 20).frames() + view.channel(1).size();
    const auto made = AudioBufferView::try_make(pointers, 2, 256);
    sink += made ? made->frames() : 0;
    const auto iv = InterleavedView::try_make(interleaved, 2);
    sink += iv ? iv->frame(3).size() : 0;
    buffer.clear();
    // Swapping is how storage changes hands on the audio thread (a moved-into
    // local would free memory when it dies, which the checker rejects).
    buffer.swap(spare);
    spare.swap(buffer);
    return sink;
}

TEST(AudioBufferView, AccessorsAreRealtimeSafe) {
    AudioBuffer buffer(256, 2);
    AudioBuffer spare(16, 1);
    std::vector<float> interleaved(512);
    std::array<float*, 2> pointers{buffer.channel(0).data(), buffer.channel(1).data()};
    cm::test::RtScope scope;
    const std::size_t sink = use_views(buffer, spare, interleaved, pointers.data());
    const cm::test::RtCounts counts = scope.counts();
    EXPECT_EQ(counts.allocations, 0U);
    EXPECT_EQ(counts.deallocations, 0U);
    if (cm::test::lock_counting_available()) {
        EXPECT_EQ(counts.locks, 0U);
    }
    EXPECT_EQ(sink, 20U + 256U + 256U + 2U);
    EXPECT_EQ(buffer.channels(), 2U);
}

} // namespace
