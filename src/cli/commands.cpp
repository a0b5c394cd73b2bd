#include "cli/commands.h"

#include <CLI/CLI.hpp>

namespace marquee::cli {

int run(int argc, char** argv) {
  CLI::App app{"Marquee: an entertainment-news publishing engine"};
  app.require_subcommand(1);
  CLI11_PARSE(app, argc, argv);
  return 0;
}

}  // namespace marquee::cli
