\version "2.24.0"
% A drum staff (channel 10) beside a bass line, with a tempo change.
\score {
  <<
    \new DrumStaff \drummode {
      \tempo 4 = 120 \time 4/4
      bd4 sn bd sn | bd8 hh sn hh bd hh sn hh |
      \tempo 4 = 140
      bd4 <sn hh> bd <sn cymc> |
    }
    \new Staff \with { midiInstrument = "electric bass (finger)" } \relative c, {
      \clef bass
      c4 c g' c, | c8 c' g c, c c' g c, | f4 f g g |
    }
  >>
  \midi { }
}
