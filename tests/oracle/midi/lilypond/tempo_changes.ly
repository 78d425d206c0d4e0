\version "2.24.0"
% Tempo changes, a ritardando by steps and a meter change.
\score {
  \relative c' {
    \tempo 4 = 72
    \time 4/4
    c4 d e f | g1 |
    \tempo 4 = 132
    g8 f e d c d e f | g2 g |
    \time 3/4
    \tempo 4 = 100
    a4 g f | e2. |
    \tempo 4 = 60
    d4 e d | c2. \bar "|."
  }
  \midi { }
}
