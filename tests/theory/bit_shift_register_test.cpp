// Shift registers: a 3-bit register's states and output stepped by hand,
// the maximal-length table checked two ways (stepping for widths 2..24; for
// 2..32 an independent algebraic test that each tap polynomial is
// primitive over GF(2)), known shorter periods, and the note mapping.
#include <coremusic/theory/bit_shift_register.hpp>

#include <gtest/gtest.h>

#include <cstddef>
#include <cstdint>
#include <set>
#include <vector>

#include <coremusic/theory/note.hpp>
#include <coremusic/theory/note_event.hpp>
#include <coremusic/theory/scale.hpp>

namespace {

using cm::theory::BitShiftRegister;
using cm::theory::NoteEvent;

TEST(BitShiftRegister, HandWorkedWidth3) {
    // Taps {3, 2} = 0b110, state 001. Each step: feedback = parity(state &
    // 110), output = bit 2, state = (state << 1 | feedback) & 111.
    //   state  state&110  feedback  output  next
    //   001    000        0         0       010
    //   010    010        1         0       101
    //   101    100        1         1       011
    //   011    010        1         0       111
    //   111    110        0         1       110
    //   110    110        0         1       100
    //   100    100        1         1       001
    BitShiftRegister r{3, 0b110, 0b001};
    const std::uint32_t next[] = {0b010, 0b101, 0b011, 0b111, 0b110, 0b100, 0b001};
    const int output[] = {0, 0, 1, 0, 1, 1, 1};
    for (std::size_t i = 0; i < 7; ++i) {
        EXPECT_EQ(r.step(), output[i]) << i;
        EXPECT_EQ(r.state(), next[i]) << i;
    }
    EXPECT_EQ(r.period(), 7u);
    EXPECT_EQ(BitShiftRegister::maximal_taps(3), 0b110u);
}

TEST(BitShiftRegister, HandWorkedWidth4) {
    // Taps {4, 3} = 0b1100 (x^4 + x^3 + 1), state 0001:
    // 0001 -> 0010 -> 0100 -> 1001 -> 0011 -> 0110 -> 1101 -> 1010 -> 0101
    // -> 1011 -> 0111 -> 1111 -> 1110 -> 1100 -> 1000 -> 0001 (15 states).
    BitShiftRegister r = BitShiftRegister::maximal(4);
    const std::uint32_t states[] = {0b0010, 0b0100, 0b1001, 0b0011, 0b0110, 0b1101, 0b1010, 0b0101,
                                    0b1011, 0b0111, 0b1111, 0b1110, 0b1100, 0b1000, 0b0001};
    for (const std::uint32_t s : states) {
        (void)r.step();
        EXPECT_EQ(r.state(), s);
    }
}

// x^k mod p over GF(2); p's bit i is the coefficient of x^i.
std::uint64_t mul_mod(std::uint64_t a, std::uint64_t b, std::uint64_t p, int degree) {
    std::uint64_t r = 0;
    while (b != 0) {
        if ((b & 1u) != 0) {
            r ^= a;
        }
        b >>= 1;
        a <<= 1;
        if (((a >> degree) & 1u) != 0) {
            a ^= p;
        }
    }
    return r;
}

std::uint64_t x_pow_mod(std::uint64_t e, std::uint64_t p, int degree) {
    std::uint64_t result = 1;
    std::uint64_t base = 2;  // x
    while (e != 0) {
        if ((e & 1u) != 0) {
            result = mul_mod(result, base, p, degree);
        }
        base = mul_mod(base, base, p, degree);
        e >>= 1;
    }
    return result;
}

TEST(BitShiftRegister, MaximalTapsArePrimitive) {
    // p(x) = 1 + sum of x^(i+1) over tap bits i is primitive iff x has order
    // exactly 2^n - 1 modulo p: x^(2^n-1) = 1 and x^((2^n-1)/q) != 1 for
    // every prime q dividing 2^n - 1. A primitive feedback polynomial is
    // what gives an n-bit LFSR the full period.
    for (int n = 2; n <= 32; ++n) {
        const std::uint64_t taps = BitShiftRegister::maximal_taps(n);
        const std::uint64_t p = (taps << 1) | 1u;
        const std::uint64_t order = (std::uint64_t{1} << n) - 1;
        EXPECT_EQ(x_pow_mod(order, p, n), 1u) << n;
        std::set<std::uint64_t> primes;
        std::uint64_t m = order;
        for (std::uint64_t d = 2; d * d <= m; ++d) {
            while (m % d == 0) {
                primes.insert(d);
                m /= d;
            }
        }
        if (m > 1) {
            primes.insert(m);
        }
        for (const std::uint64_t q : primes) {
            EXPECT_NE(x_pow_mod(order / q, p, n), 1u) << "width " << n << " prime " << q;
        }
    }
}

TEST(BitShiftRegister, MaximalPeriodByStepping) {
    for (int n = 2; n <= 24; ++n) {
        const std::uint64_t full = (std::uint64_t{1} << n) - 1;
        BitShiftRegister r = BitShiftRegister::maximal(n);
        EXPECT_EQ(r.period(), full) << n;
        if (n <= 16) {
            // Every non-zero state is visited once, and an m-sequence has
            // 2^(n-1) ones in a period.
            std::set<std::uint32_t> seen;
            std::uint64_t ones = 0;
            for (std::uint64_t i = 0; i < full; ++i) {
                ones += static_cast<std::uint64_t>(r.step());
                seen.insert(r.state());
            }
            EXPECT_EQ(seen.size(), full) << n;
            EXPECT_EQ(ones, std::uint64_t{1} << (n - 1)) << n;
        }
    }
}

TEST(BitShiftRegister, ShorterPeriods) {
    // x^4 + x^3 + x^2 + x + 1 divides x^5 - 1: period 5 from every state.
    for (std::uint32_t s = 1; s < 16; ++s) {
        EXPECT_EQ((BitShiftRegister{4, 0b1111, s}.period()), 5u) << s;
    }
    // x^4 + x^2 + 1 = (x^2 + x + 1)^2: the 3 non-zero states annihilated by
    // x^2 + x + 1 have period 3, the other 12 period 6.
    int threes = 0;
    int sixes = 0;
    for (std::uint32_t s = 1; s < 16; ++s) {
        const std::uint64_t p = BitShiftRegister{4, 0b1010, s}.period();
        threes += p == 3 ? 1 : 0;
        sixes += p == 6 ? 1 : 0;
    }
    EXPECT_EQ(threes, 3);
    EXPECT_EQ(sixes, 12);
    // Width 1, tap 1: the state 1 feeds itself.
    EXPECT_EQ((BitShiftRegister{1, 1, 1}.period()), 1u);
}

TEST(BitShiftRegister, InvalidThrows) {
    EXPECT_THROW((BitShiftRegister{0, 1, 1}), cm::TheoryError);
    EXPECT_THROW((BitShiftRegister{33, 1, 1}), cm::TheoryError);
    EXPECT_THROW((BitShiftRegister{4, 0b0110, 1}), cm::TheoryError);   // no top tap
    EXPECT_THROW((BitShiftRegister{4, 0b11000, 1}), cm::TheoryError);  // tap beyond width
    EXPECT_THROW((BitShiftRegister{4, 0b1100, 0}), cm::TheoryError);   // zero state
    EXPECT_THROW((BitShiftRegister{4, 0b1100, 16}), cm::TheoryError);  // state beyond width
    EXPECT_THROW((void)BitShiftRegister::maximal_taps(1), cm::TheoryError);
    EXPECT_THROW((void)BitShiftRegister::maximal_taps(33), cm::TheoryError);
    BitShiftRegister r = BitShiftRegister::maximal(8);
    EXPECT_THROW(r.set_state(0), cm::TheoryError);
    EXPECT_THROW(r.set_state(256), cm::TheoryError);
    r.set_state(0x80);
    EXPECT_EQ(r.state(), 0x80u);
    try {
        BitShiftRegister bad{4, 0b1100, 0};
        ADD_FAILURE();
    } catch (const cm::TheoryError& e) {
        EXPECT_EQ(e.code(), cm::Errc::InvalidArgument);
    }
}

TEST(BitShiftRegister, NotesFromStates) {
    // Width 3 from 001: states after each step 2 5 3 7 6 4 1 (hand table
    // above); mod 4 -> 2 1 3 3 2 0 1 over pitches {60, 62, 64, 67}.
    const BitShiftRegister r{3, 0b110, 1};
    const std::vector<int> pitches = {60, 62, 64, 67};
    const std::vector<NoteEvent> ev = r.generate(8, pitches, 0.5, 0.5, 90, 3);
    const int expected[] = {64, 62, 67, 67, 64, 60, 62, 64};
    ASSERT_EQ(ev.size(), 8u);
    for (std::size_t i = 0; i < ev.size(); ++i) {
        EXPECT_EQ(ev[i], (NoteEvent{0.5 * static_cast<double>(i), 0.25, expected[i], 90, 3})) << i;
    }
    EXPECT_EQ(r.state(), 1u);  // unchanged
    EXPECT_EQ(r.generate(8, pitches, 0.5, 0.5, 90, 3), ev);
    // Scale degrees: C4 major, 7 degrees, states 2 5 3 7 6 4 1 -> degrees
    // 1 + s mod 7 = 3 6 4 1 7 5 2 -> E4 A4 F4 C4 B4 G4 D4.
    const cm::theory::Scale c_major = cm::theory::Scale::from_name("C4 major");
    const std::vector<NoteEvent> sv = r.generate(7, c_major, 7);
    const int degrees[] = {64, 69, 65, 60, 71, 67, 62};
    for (std::size_t i = 0; i < sv.size(); ++i) {
        EXPECT_EQ(sv[i].note, degrees[i]) << i;
        EXPECT_EQ(sv[i].start_beat, 0.25 * static_cast<double>(i));
    }
    EXPECT_THROW((void)r.generate(4, std::vector<int>{}), cm::TheoryError);
    EXPECT_THROW((void)r.generate(4, std::vector<int>{60, 128}), cm::TheoryError);
    EXPECT_THROW((void)r.generate(4, pitches, 0.0), cm::TheoryError);
    EXPECT_THROW((void)r.generate(4, pitches, 0.25, 0.0), cm::TheoryError);
    EXPECT_THROW((void)r.generate(4, pitches, 0.25, 1.5), cm::TheoryError);
    EXPECT_THROW((void)r.generate(4, pitches, 0.25, 1.0, 0), cm::TheoryError);
    EXPECT_THROW((void)r.generate(4, pitches, 0.25, 1.0, 100, 16), cm::TheoryError);
    EXPECT_THROW((void)r.generate(4, c_major, 0), cm::TheoryError);
    EXPECT_THROW((void)r.generate(4, cm::theory::Scale::from_name("C9 major"), 7), cm::TheoryError);
}

} // namespace
