// masscivic-bot: placeholder until the chat bot lands.
#include <iostream>
int main() {
    std::cerr << "masscivic-bot: not implemented yet\n";
    return 1;
}
