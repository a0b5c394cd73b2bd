#include "cli/progress.h"

#include <unistd.h>

#include <cmath>
#include <cstdio>

namespace marquee::cli {
namespace {

std::string grouped(std::size_t n) {  // 1234567 -> "1,234,567"
  std::string digits = std::to_string(n), out;
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return out;
}

std::string duration(double seconds) {
  const auto s = static_cast<long long>(std::llround(seconds));
  if (s < 60) return std::to_string(s) + " s";
  if (s < 3600) return std::to_string(s / 60) + " min " + std::to_string(s % 60) + " s";
  return std::to_string(s / 3600) + " h " + std::to_string(s % 3600 / 60) + " min";
}

}  // namespace

Progress::Progress(std::ostream& out, std::string what, ProgressOptions options)
    : out_(out),
      what_(std::move(what)),
      options_(options),
      start_(std::chrono::steady_clock::now()),
      drawn_(start_) {}

ProgressOptions Progress::for_stderr() {
  ProgressOptions options;
  options.terminal = isatty(STDERR_FILENO) == 1;
  return options;
}

std::string Progress::line(std::size_t done, std::size_t total, const std::string& what,
                           double seconds, int width) {
  const double share = total ? std::min(1.0, static_cast<double>(done) / total) : 1.0;
  const int filled = static_cast<int>(share * width);
  std::string out;
  out.append(1, '[').append(filled, '#').append(width - filled, '-').append("] ");
  out.append(std::to_string(static_cast<int>(share * 100))).append("% ");
  out.append(grouped(done)).append(" of ").append(grouped(total)).append(" ").append(what);
  if (seconds > 0 && done > 0) {
    const double rate = done / seconds;
    out.append(", ").append(grouped(static_cast<std::size_t>(rate))).append("/s");
    if (done < total) out.append(", ").append(duration((total - done) / rate)).append(" left");
  }
  return out;
}

void Progress::update(std::size_t done, std::size_t total) {
  const auto now = std::chrono::steady_clock::now();
  const double seconds = std::chrono::duration<double>(now - start_).count();
  if (options_.terminal) {
    if (drew_ && done < total && now - drawn_ < options_.redraw) return;
    out_ << "\r" << line(done, total, what_, seconds, options_.width) << "\x1b[K" << std::flush;
    drawn_ = now;
    drew_ = true;
    return;
  }
  const int tenths = total ? static_cast<int>(10 * done / total) : 10;
  if (tenths == tenths_shown_) return;
  tenths_shown_ = tenths;
  out_ << line(done, total, what_, seconds, options_.width) << "\n" << std::flush;
}

void Progress::finish() {
  if (options_.terminal && drew_) out_ << "\n" << std::flush;
  drew_ = false;
}

}  // namespace marquee::cli
