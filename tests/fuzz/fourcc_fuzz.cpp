// tests/fuzz/fourcc_fuzz.cpp
// libFuzzer target: arbitrary bytes parsed as a FourCC must either be rejected
// with Errc::InvalidFormat or round-trip exactly; it traps on any violation.
#include <coremusic/core/fourcc.hpp>

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <system_error>

namespace {

void check(bool ok) {
    if (!ok) {
        __builtin_trap();
    }
}

bool is_valid_text(std::string_view s) {
    if (s.size() != 4) {
        return false;
    }
    for (const char c : s) {
        if (c < 0x20 || c > 0x7E) {
            return false;
        }
    }
    return true;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);

    std::error_code ec = cm::Errc::TimedOut;  // must be overwritten either way
    const cm::FourCC f = cm::FourCC::parse(text, ec);

    if (is_valid_text(text)) {
        check(!ec);
        check(f.printable());
        check(f.to_string() == text);
        check(cm::FourCC{f.value()} == f);
        std::uint32_t packed = 0;
        for (const char c : text) {
            packed = (packed << 8U) | static_cast<unsigned char>(c);
        }
        check(f.value() == packed);
        check(cm::FourCC::parse(text) == f);  // the throwing overload agrees
    } else {
        check(ec == cm::Errc::InvalidFormat);
        check(f == cm::FourCC{});
        bool threw = false;
        try {
            (void)cm::FourCC::parse(text);
        } catch (const cm::AudioFormatError& e) {
            threw = e.code() == cm::Errc::InvalidFormat && std::string_view(e.what()).starts_with("FourCC \"");
        }
        check(threw);
    }

    // Any 32-bit value prints, and printable ones parse back to themselves.
    if (size >= 4) {
        std::uint32_t v = 0;
        for (std::size_t i = 0; i < 4; ++i) {
            v = (v << 8U) | data[i];
        }
        const cm::FourCC g{v};
        const std::string shown = g.to_string();
        check(shown.size() >= 4 && shown.size() <= 16);
        std::error_code ec2;
        const cm::FourCC back = cm::FourCC::parse(shown, ec2);
        check(g.printable() ? (!ec2 && back == g) : static_cast<bool>(ec2));
    }
    return 0;
}
