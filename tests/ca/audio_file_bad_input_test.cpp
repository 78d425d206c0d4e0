// Damaged and foreign input to the WAV/AIFF reader: every prefix of small
// valid files sox makes, lying chunk sizes, zero channels, absurd sample
// rates, unsupported codecs and files that are no audio at all give a typed
// AudioFileError whose message names the problem (run under ASan too: no
// leak, no out-of-bounds read).
#include <coremusic/ca/audio_file.hpp>
#include <coremusic/ca/mmap_audio_file.hpp>
#include <coremusic/ca/pcm_file.hpp>

#include <gtest/gtest.h>

#include <cstring>
#include <fstream>
#include <iterator>
#include <limits>
#include <string>
#include <vector>

#include "external_tool.hpp"

namespace {

using namespace cm::ca;
using cm::test::run_tool;
using cm::test::ScratchDir;
using Bytes = std::vector<unsigned char>;

Bytes load(const std::filesystem::path& p) {
    std::ifstream in(p, std::ios::binary);
    return Bytes(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

void save(const std::filesystem::path& p, const Bytes& b) {
    std::ofstream out(p, std::ios::binary | std::ios::trunc);
    out.write(reinterpret_cast<const char*>(b.data()), static_cast<std::streamsize>(b.size()));
}

std::span<const std::byte> as_span(const Bytes& b) { return std::as_bytes(std::span(b)); }

std::size_t find(const Bytes& b, const char* id) {
    const std::string s(b.begin(), b.end());
    const std::size_t at = s.find(id);
    EXPECT_NE(at, std::string::npos) << id;
    return at;
}

void set_le32(Bytes& b, std::size_t at, std::uint32_t v) { std::memcpy(&b[at], &v, 4); }
void set_le16(Bytes& b, std::size_t at, std::uint16_t v) { std::memcpy(&b[at], &v, 2); }

// The error parse_pcm_file() and AudioFile::open() give for `bytes`, which
// must both throw AudioFileError with `code`; returns the parser's message.
std::string expect_error(const ScratchDir& dir, const Bytes& bytes, cm::Errc code, const std::string& needle) {
    std::string message;
    try {
        (void)parse_pcm_file(as_span(bytes), "bad.wav");
        ADD_FAILURE() << "parse_pcm_file accepted a damaged file (" << needle << ")";
    } catch (const cm::AudioFileError& e) {
        message = e.what();
        EXPECT_EQ(e.code(), code) << message;
        EXPECT_NE(message.find(needle), std::string::npos) << "message: " << message << "\nexpected: " << needle;
        EXPECT_NE(message.find("'bad.wav'"), std::string::npos) << message;
    }
    const auto path = dir / "bad.bin";
    save(path, bytes);
    EXPECT_THROW((void)AudioFile::open(path), cm::AudioFileError) << needle;
    std::error_code ec;
    const AudioFile f = AudioFile::open(path, ec);
    EXPECT_TRUE(ec) << needle;
    EXPECT_FALSE(f.is_open());
    EXPECT_THROW((void)MMapAudioFile(path), cm::AudioFileError) << needle;
    return message;
}

class BadInput : public ::testing::Test {
protected:
    void SetUp() override {
        if (!cm::test::have_tool("sox")) GTEST_SKIP() << "sox not installed";
        const auto w = dir / "ok.wav";
        const auto a = dir / "ok.aiff";
        ASSERT_EQ(run_tool({"sox", "-n", "-r", "8000", "-c", "2", "-b", "16", w.string(), "synth", "0.01", "sine", "440"})
                      .exit_code,
                  0);
        ASSERT_EQ(run_tool({"sox", "-n", "-r", "8000", "-c", "2", "-b", "16", a.string(), "synth", "0.01", "sine", "440"})
                      .exit_code,
                  0);
        wav = load(w);
        aiff = load(a);
        ASSERT_EQ(wav.size(), 44U + 80U * 4U);  // canonical header, fmt at 12, data at 36
    }
    ScratchDir dir;
    Bytes wav;
    Bytes aiff;
};

TEST_F(BadInput, EveryPrefixOfAValidFileFailsCleanlyOrReadsWhatIsThere) {
    for (const Bytes* file : {&wav, &aiff}) {
        const PcmFileInfo full = parse_pcm_file(as_span(*file));
        for (std::size_t len = 0; len < file->size(); ++len) {
            const Bytes prefix(file->begin(), file->begin() + static_cast<std::ptrdiff_t>(len));
            std::error_code ec;
            const PcmFileInfo info = parse_pcm_file(as_span(prefix), "prefix", ec);
            if (len < full.data_offset) {
                ASSERT_TRUE(ec) << "prefix of " << len << " bytes accepted";
                try {
                    (void)parse_pcm_file(as_span(prefix), "prefix");
                } catch (const cm::AudioFileError& e) {
                    const std::string m = e.what();
                    const bool named = m.find("truncated") != std::string::npos ||
                                       m.find("no 'data' chunk") != std::string::npos ||
                                       m.find("no 'fmt ' chunk") != std::string::npos ||
                                       m.find("no 'COMM' chunk") != std::string::npos ||
                                       m.find("no 'SSND' chunk") != std::string::npos ||
                                       m.find("beyond the file") != std::string::npos ||
                                       m.find("shorter than") != std::string::npos;
                    EXPECT_TRUE(named) << len << ": " << m;
                    if (len < 12) {
                        EXPECT_NE(m.find("truncated header"), std::string::npos) << m;
                    }
                }
            } else {
                // Cut inside the samples: the data is clamped to the whole frames present.
                ASSERT_FALSE(ec) << len << ": " << ec.message();
                EXPECT_TRUE(info.truncated);
                EXPECT_EQ(info.frame_count, static_cast<std::int64_t>((len - full.data_offset) / 4));
            }
        }
        // A few prefixes through the file APIs as well.
        for (const std::size_t len : {std::size_t{0}, std::size_t{5}, std::size_t{20}, std::size_t{40}}) {
            const auto path = dir / "prefix.bin";
            save(path, Bytes(file->begin(), file->begin() + static_cast<std::ptrdiff_t>(len)));
            EXPECT_THROW((void)AudioFile::open(path), cm::AudioFileError) << len;
            EXPECT_THROW((void)MMapAudioFile(path), cm::AudioFileError) << len;
        }
    }
}

TEST_F(BadInput, ATruncatedDataChunkIsClampedAndSaidSo) {
    Bytes b = wav;
    b.resize(b.size() - 7);  // 1 whole frame and 3 bytes missing
    const auto path = dir / "cut.wav";
    save(path, b);
    AudioFile f(path);
    EXPECT_EQ(f.frame_count(), 78);
    EXPECT_EQ(f.read_all().frames(), 78U);
    const PcmFileInfo info = parse_pcm_file(as_span(b));
    EXPECT_TRUE(info.truncated);
    EXPECT_EQ(info.declared_data_bytes, 320U);
    // A data size far beyond the file: the same.
    Bytes lying = wav;
    set_le32(lying, 40, 0x7FFFFFF0U);
    EXPECT_EQ(parse_pcm_file(as_span(lying)).frame_count, 80);
}

TEST_F(BadInput, LyingChunkSizes) {
    Bytes b = wav;
    set_le32(b, 16, 0xFFFFFF00U);  // fmt size
    expect_error(dir, b, cm::Errc::InvalidFormat, "beyond the file");

    b = wav;
    set_le32(b, 16, 8);  // fmt too short
    expect_error(dir, b, cm::Errc::InvalidFormat, "16 needed");

    b = wav;
    set_le32(b, 40, 319);  // not a multiple of the 4-byte block
    expect_error(dir, b, cm::Errc::InvalidFormat, "not a multiple of the block align 4");

    b = wav;
    set_le16(b, 32, 3);  // block align 3 for 2 channels
    expect_error(dir, b, cm::Errc::InvalidFormat, "block align 3");

    Bytes a = aiff;
    const std::size_t comm = find(a, "COMM");
    a[comm + 4] = 0x7F;  // COMM size ~2 GB
    expect_error(dir, a, cm::Errc::InvalidFormat, "beyond the file");

    a = aiff;
    const std::size_t ssnd = find(a, "SSND");
    a[ssnd + 8] = 0x7F;  // SSND offset beyond the chunk
    expect_error(dir, a, cm::Errc::InvalidFormat, "offset");
}

TEST_F(BadInput, ZeroChannels) {
    Bytes b = wav;
    set_le16(b, 22, 0);
    expect_error(dir, b, cm::Errc::InvalidFormat, "zero channels");
    Bytes a = aiff;
    const std::size_t comm = find(a, "COMM");
    a[comm + 8] = 0;
    a[comm + 9] = 0;
    expect_error(dir, a, cm::Errc::InvalidFormat, "zero channels");
}

TEST_F(BadInput, AbsurdSampleRates) {
    for (const std::uint32_t rate : {0U, 4000001U, 0xFFFFFFFFU}) {
        Bytes b = wav;
        set_le32(b, 24, rate);
        expect_error(dir, b, cm::Errc::InvalidFormat, "absurd sample rate");
    }
    // AIFF's 80-bit rate: 0, -44100, 1e30, +inf, NaN.
    const std::vector<std::array<unsigned char, 10>> rates{
        {0, 0, 0, 0, 0, 0, 0, 0, 0, 0},
        {0xC0, 0x0E, 0xAC, 0x44, 0, 0, 0, 0, 0, 0},
        {0x40, 0x63, 0xC9, 0xF2, 0xC9, 0xCD, 0x04, 0x67, 0x4E, 0xDE},
        {0x7F, 0xFF, 0x80, 0, 0, 0, 0, 0, 0, 0},
        {0x7F, 0xFF, 0xC0, 0, 0, 0, 0, 0, 0, 0},
    };
    for (const auto& r : rates) {
        Bytes a = aiff;
        const std::size_t comm = find(a, "COMM");
        std::memcpy(&a[comm + 16], r.data(), 10);
        expect_error(dir, a, cm::Errc::InvalidFormat, "absurd sample rate");
    }
}

TEST_F(BadInput, UnsupportedCodecs) {
    const auto alaw = dir / "alaw.wav";
    ASSERT_EQ(run_tool({"sox", "-n", "-r", "8000", "-c", "1", "-e", "a-law", alaw.string(), "synth", "0.01", "sine", "440"})
                  .exit_code,
              0);
    expect_error(dir, load(alaw), cm::Errc::NotSupported, "unsupported codec: WAVE format tag 0x0006");
    // sox cannot write u-law AIFF-C: mark one of its 'NONE' files 'ulaw'.
    const auto aifc = dir / "pcm.aifc";
    ASSERT_EQ(run_tool({"sox", "-n", "-r", "8000", "-c", "1", "-b", "16", "-t", "aifc", aifc.string(), "synth", "0.01",
                        "sine", "440"})
                  .exit_code,
              0);
    Bytes ulaw = load(aifc);
    std::memcpy(&ulaw[find(ulaw, "NONE")], "ulaw", 4);
    expect_error(dir, ulaw, cm::Errc::NotSupported, "unsupported codec: AIFF-C compression 'ulaw'");
}

TEST_F(BadInput, NotAudioFiles) {
    const Bytes png{0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, 'I', 'H', 'D', 'R',
                    0,    0,   0,   1,   0,    0,    0,    1,    8, 2, 0, 0,  0,   0x90, 0x77, 0x53, 0xDE};
    const std::string text = "This is a text file, not audio.\nIt has two lines.\n";
    const Bytes txt(text.begin(), text.end());
    Bytes avi;
    for (const char* s : {"RIFF", "\x10\0\0\0", "AVI ", "LIST", "\0\0\0\0"}) avi.insert(avi.end(), s, s + 4);
    Bytes form8svx;
    for (const char* s : {"FORM", "\x04\0\0\0", "8SVX"}) form8svx.insert(form8svx.end(), s, s + 4);
    const Bytes empty;
    struct Case {
        const Bytes* bytes;
        const char* needle;
    };
    for (const Case& c : {Case{&png, "not a RIFF/WAVE"}, Case{&txt, "not a RIFF/WAVE"}, Case{&avi, "not WAVE"},
                          Case{&form8svx, "not AIFF or AIFC"}, Case{&empty, "truncated header"}}) {
        try {
            (void)parse_pcm_file(as_span(*c.bytes), "x");
            ADD_FAILURE() << c.needle;
        } catch (const cm::AudioFileError& e) {
            EXPECT_EQ(e.code(), cm::Errc::InvalidFormat);
            EXPECT_NE(std::string(e.what()).find(c.needle), std::string::npos) << e.what();
        }
        const auto path = dir / "x.wav";  // the name says WAV; the content decides
        save(path, *c.bytes);
        try {
            (void)AudioFile::open(path);
            ADD_FAILURE() << c.needle;
        } catch (const cm::AudioFileError& e) {
            EXPECT_EQ(e.code(), cm::Errc::InvalidFormat);
            EXPECT_NE(std::string(e.what()).find("x.wav"), std::string::npos) << e.what();
        }
        EXPECT_THROW((void)MMapAudioFile(path), cm::AudioFileError);
    }
    EXPECT_THROW((void)AudioFile::open(dir / "missing.wav"), cm::AudioFileError);
}

TEST_F(BadInput, Rf64WithoutDs64AndDuplicateChunks) {
    Bytes b = wav;
    std::memcpy(&b[0], "RF64", 4);
    expect_error(dir, b, cm::Errc::InvalidFormat, "ds64");

    // A second fmt chunk after the data.
    b = wav;
    b.insert(b.end(), wav.begin() + 12, wav.begin() + 36);
    set_le32(b, 4, static_cast<std::uint32_t>(b.size() - 8));  // inside the RIFF
    expect_error(dir, b, cm::Errc::InvalidFormat, "a second 'fmt ' chunk");
}

} // namespace
