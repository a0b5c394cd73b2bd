// A progress bar on standard error for commands that go over the whole archive: redrawn in
// place on a terminal (at most every ProgressOptions::redraw), one line per tenth of the way
// otherwise, so that a log shows how far a run got.
#pragma once

#include <chrono>
#include <cstddef>
#include <ostream>
#include <string>

namespace marquee::cli {

struct ProgressOptions {
  bool terminal = false;                  // redraw one line in place
  std::chrono::milliseconds redraw{200};  // at most this often on a terminal
  int width = 30;                         // characters of the bar
};

class Progress {
 public:
  // what: the things counted ("stories").
  Progress(std::ostream& out, std::string what, ProgressOptions options);
  // The options for standard error as it is (a terminal or not).
  static ProgressOptions for_stderr();

  void update(std::size_t done, std::size_t total);
  void finish();  // ends the line on a terminal

  // "[#####-----] 50% 5,000 of 10,000 stories, 2,500/s, 2 s left", as drawn.
  static std::string line(std::size_t done, std::size_t total, const std::string& what,
                          double seconds, int width);

 private:
  std::ostream& out_;
  std::string what_;
  ProgressOptions options_;
  std::chrono::steady_clock::time_point start_, drawn_;
  int tenths_shown_ = -1;
  bool drew_ = false;
};

}  // namespace marquee::cli
