// Built against an installed coremusic by tests/package: proves the headers,
// the targets and the pkg-config flags are enough on their own.
#include <coremusic/coremusic.hpp>

#include <cstdio>
#include <cstring>

int main() {
    if (std::strcmp(COREMUSIC_VERSION_STRING, "0.1.0") != 0) return 1;
    std::printf("consumer built against coremusic %s\n", COREMUSIC_VERSION_STRING);
    return 0;
}
