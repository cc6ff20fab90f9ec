// masscivic-server: placeholder until the lookup server lands.
#include <iostream>
int main() {
    std::cerr << "masscivic-server: not implemented yet\n";
    return 1;
}
