\version "2.24.0"
% Dynamics (pp to ff, a crescendo hairpin), accents and staccato.
\score {
  \new Staff \with { midiInstrument = "violin" } \relative c'' {
    \tempo 4 = 96
    \time 4/4
    c4\pp d\p e\mp f\mf | g\f a\ff b2 |
    c,8\p\< d e f g a b c | d1\f |
    e4-> d-. c-. b-. | c1\fermata \bar "|."
  }
  \midi { }
}
