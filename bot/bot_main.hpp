// Command-line entry of masscivic-bot, separate from main() so tests can reuse the parts.
#pragma once

namespace masscivic::bot {
int run_bot(int argc, char** argv);
}
