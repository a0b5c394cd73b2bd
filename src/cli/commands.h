// Every subcommand of the marquee binary (serve, migrate, import, user, bench-data, ...).
#pragma once

namespace marquee::cli {

// Runs the command line; returns the process exit status (2 for bad usage or bad input).
int run(int argc, char** argv);

}  // namespace marquee::cli
