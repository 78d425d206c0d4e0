#include <vector>
int main() { return static_cast<int>(std::vector<int>{}.size()); }
