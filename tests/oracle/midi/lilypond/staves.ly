\version "2.24.0"
% Three staves (strings, piano right and left hand), chords and a key change.
\score {
  <<
    \new Staff \with { midiInstrument = "string ensemble 1" } \relative c'' {
      \key d \major \time 4/4 \tempo 4 = 84
      fis2 e | d4 cis b a | \key bes \major bes1 | d2 c |
    }
    \new PianoStaff <<
      \new Staff \with { midiInstrument = "acoustic grand" } \relative c' {
        \key d \major
        <d fis a>4 q q q | <cis e a>2 <d fis b> | \key bes \major <bes d f>1 | <c ees f a>2 <bes d f> |
      }
      \new Staff \with { midiInstrument = "acoustic grand" } \relative c {
        \clef bass \key d \major
        d2 a | fis4 g a2 | \key bes \major bes1 | f2 bes, |
      }
    >>
  >>
  \midi { }
}
