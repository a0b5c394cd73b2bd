// The marquee binary: parses the command line and hands over to cli/commands.
#include "cli/commands.h"

int main(int argc, char** argv) {
  return marquee::cli::run(argc, argv);
}
