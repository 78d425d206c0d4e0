\version "2.24.0"
% Two voices on one staff, triplets and quintuplets, ties, a tempo change and a 6/8 bar.
\score {
  \new Staff \with { midiInstrument = "flute" } <<
    \new Voice = "up" \relative c'' {
      \voiceOne \tempo 4 = 108 \time 2/4
      \tuplet 3/2 { c8 d e } \tuplet 3/2 { f g a } | b4~ b8 r |
      \tuplet 5/4 { c16 b a g f } e4 |
      \time 6/8 \tempo 4. = 54
      d8 e f g4. | c,2. \bar "|."
    }
    \new Voice = "down" \relative c' {
      \voiceTwo
      e4 f | g4 r |
      a8 g f4 |
      b,4. c4. | c2. |
    }
  >>
  \midi { }
}
