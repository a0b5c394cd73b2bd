// AP-style time formatting on Howard Hinnant's date/tz over the system tz database.
#include "core/site_time.h"

#include <date/date.h>
#include <date/tz.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <sstream>

#include "core/ascii.h"

namespace marquee {
namespace {

constexpr std::array<const char*, 12> kMonths = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                                 "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

std::string news_label_for(std::string_view zone) {
  if (zone == "America/New_York" || zone == "US/Eastern" || zone == "America/Detroit" ||
      zone == "America/Toronto")
    return "ET";
  if (zone == "America/Chicago" || zone == "US/Central") return "CT";
  if (zone == "America/Denver" || zone == "US/Mountain" || zone == "America/Phoenix") return "MT";
  if (zone == "America/Los_Angeles" || zone == "US/Pacific") return "PT";
  return {};
}

std::string clock_ap(int hour, int minute) {
  if (minute == 0 && hour == 12) return "noon";
  if (minute == 0 && hour == 0) return "midnight";
  int h12 = hour % 12 == 0 ? 12 : hour % 12;
  std::string out = std::to_string(h12);
  if (minute != 0) {
    out += ':';
    if (minute < 10) out += '0';
    out += std::to_string(minute);
  }
  out += hour < 12 ? " a.m." : " p.m.";
  return out;
}

// "Jul", "Jul.", "July", "Sept." -> 7 or 9; months are 1-based.
std::optional<unsigned> month_from_word(std::string_view word) {
  constexpr std::array<std::string_view, 12> kFull = {
      "january", "february", "march",     "april",   "may",      "june",
      "july",    "august",   "september", "october", "november", "december"};
  if (word.ends_with('.')) word.remove_suffix(1);
  if (word.size() < 3) return std::nullopt;
  for (unsigned m = 0; m < kFull.size(); ++m) {
    const bool full = iequals(word, kFull[m]);
    const bool short_form =
        iequals(word, kFull[m].substr(0, 3)) || (m == 8 && iequals(word, "sept"));
    if (full || short_form) return m + 1;
  }
  return std::nullopt;
}

// A cursor over the words and numbers of an AP-style date-time.
class ApReader {
 public:
  explicit ApReader(std::string_view text) : text_(text) {}

  void skip_spaces() {
    while (at_ < text_.size()) {
      if (text_[at_] == ' ' || text_[at_] == '\t') {
        ++at_;
      } else if (text_.substr(at_).starts_with("\xC2\xA0")) {  // no-break space
        at_ += 2;
      } else {
        break;
      }
    }
  }
  bool done() const { return at_ >= text_.size(); }
  bool eat(char c) {
    if (done() || text_[at_] != c) return false;
    ++at_;
    return true;
  }
  // Letters with the periods of abbreviations: "Sept.", "p.m.", "ET".
  std::string_view word() {
    const std::size_t from = at_;
    while (!done() && (std::isalpha(static_cast<unsigned char>(text_[at_])) || text_[at_] == '.'))
      ++at_;
    return text_.substr(from, at_ - from);
  }
  std::optional<int> number(std::size_t max_digits) {
    const std::size_t from = at_;
    int value = 0;
    while (!done() && std::isdigit(static_cast<unsigned char>(text_[at_])) &&
           at_ - from < max_digits) {
      value = value * 10 + (text_[at_++] - '0');
    }
    if (at_ == from || (!done() && std::isdigit(static_cast<unsigned char>(text_[at_]))))
      return std::nullopt;
    return value;
  }
  std::size_t position() const { return at_; }
  void rewind(std::size_t to) { at_ = to; }

 private:
  std::string_view text_;
  std::size_t at_ = 0;
};

// "p.m.", "PM", "pm", "a.m" -> "am" or "pm"; anything else -> empty.
std::string meridiem(std::string_view word) {
  std::string letters;
  for (char c : word)
    if (c != '.') letters += ascii_lower(c);
  return letters == "am" || letters == "pm" ? letters : std::string();
}

}  // namespace

std::optional<SiteTime> SiteTime::load(std::string_view zone_name, std::string label) {
  try {
    const date::time_zone* zone = date::locate_zone(zone_name);
    if (label.empty()) label = news_label_for(zone_name);
    return SiteTime(zone, std::string(zone_name), std::move(label));
  } catch (const std::exception&) {
    return std::nullopt;
  }
}

std::string SiteTime::zone_label(Time t) const {
  if (!label_.empty()) return label_;
  return zone_->get_info(t).abbrev;
}

std::string SiteTime::ap_date(Time t) const {
  auto local = zone_->to_local(t);
  date::year_month_day ymd{date::floor<date::days>(local)};
  std::string out = kMonths.at(static_cast<unsigned>(ymd.month()) - 1);
  out += ' ';
  out += std::to_string(static_cast<unsigned>(ymd.day()));
  out += ", ";
  out += std::to_string(static_cast<int>(ymd.year()));
  return out;
}

std::string SiteTime::ap_time(Time t) const {
  auto local = zone_->to_local(t);
  auto day = date::floor<date::days>(local);
  date::hh_mm_ss<std::chrono::seconds> tod{local - day};
  return clock_ap(static_cast<int>(tod.hours().count()), static_cast<int>(tod.minutes().count())) +
         " " + zone_label(t);
}

std::string SiteTime::ap_datetime(Time t) const {
  return ap_date(t) + " at " + ap_time(t);
}

std::string SiteTime::iso_local(Time t) const {
  auto info = zone_->get_info(t);
  auto local = t + info.offset;
  std::string out = date::format("%Y-%m-%dT%H:%M:%S", local);
  auto offset = std::chrono::duration_cast<std::chrono::minutes>(info.offset).count();
  char sign = offset < 0 ? '-' : '+';
  if (offset < 0) offset = -offset;
  char buf[8];
  std::snprintf(buf, sizeof buf, "%c%02d:%02d", sign, static_cast<int>(offset / 60),
                static_cast<int>(offset % 60));
  return out + buf;
}

LocalDate SiteTime::local_date(Time t) const {
  date::year_month_day ymd{date::floor<date::days>(zone_->to_local(t))};
  return {static_cast<int>(ymd.year()), static_cast<unsigned>(ymd.month()),
          static_cast<unsigned>(ymd.day())};
}

// Whether text has the shape of a numeric date and time: YYYY-MM-DD, then optionally T or a
// space and HH:MM, optionally :SS with a fraction, then optionally Z or an offset +HH:MM (or
// +HHMM). date::parse reads a field like %S as a floating-point number, and text that is no
// number there (empty, "nan", spaces) ends in a conversion of NaN to an integer, which is
// undefined: only this shape gets that far.
static bool numeric_time_text(std::string_view s) {
  std::size_t i = 0;
  const auto digits = [&](std::size_t n) {
    for (std::size_t k = 0; k < n; ++k, ++i) {
      if (i >= s.size() || s[i] < '0' || s[i] > '9') return false;
    }
    return true;
  };
  const auto take = [&](char c) {
    if (i >= s.size() || s[i] != c) return false;
    ++i;
    return true;
  };
  if (!digits(4) || !take('-') || !digits(2) || !take('-') || !digits(2)) return false;
  if (i == s.size()) return true;
  if (!take('T') && !take(' ')) return false;
  if (!digits(2) || !take(':') || !digits(2)) return false;
  if (take(':')) {
    if (!digits(2)) return false;
    if (take('.')) {
      if (!digits(1)) return false;
      while (i < s.size() && s[i] >= '0' && s[i] <= '9') ++i;
    }
  }
  if (i == s.size()) return true;
  if (take('Z')) return i == s.size();
  if (!take('+') && !take('-')) return false;
  if (!digits(2)) return false;
  take(':');
  return digits(2) && i == s.size();
}

std::optional<Time> SiteTime::parse_local(std::string_view text) const {
  if (!numeric_time_text(text)) return std::nullopt;
  std::string s(text);
  for (char& c : s)
    if (c == 'T') c = ' ';
  std::istringstream in(s);
  date::local_seconds local;
  in >> date::parse("%Y-%m-%d %H:%M", local);
  if (in.fail()) return std::nullopt;
  in >> std::ws;
  if (!in.eof()) {
    // Allow seconds.
    std::istringstream again(s);
    again >> date::parse("%Y-%m-%d %H:%M:%S", local);
    if (again.fail()) return std::nullopt;
    again >> std::ws;
    if (!again.eof()) return std::nullopt;
  }
  // For a unique time first.offset is the offset. For a repeated hour (fall back) it is the
  // earlier (daylight) one; for a skipped hour (spring forward) reading the wall clock with the
  // offset in force before the jump gives the later instant (2:30 EST -> 3:30 EDT).
  auto info = zone_->get_info(local);
  return Time{local.time_since_epoch() - info.first.offset};
}

std::optional<Time> SiteTime::parse_ap(std::string_view text) const {
  ApReader in(text);
  in.skip_spaces();
  const auto month = month_from_word(in.word());
  in.skip_spaces();
  const auto day = in.number(2);
  in.eat(',');
  in.skip_spaces();
  const auto year = in.number(4);
  if (!month || !day || !year || *year < 1000) return std::nullopt;
  const date::year_month_day ymd{date::year{*year}, date::month{*month},
                                 date::day{static_cast<unsigned>(*day)}};
  if (!ymd.ok()) return std::nullopt;
  in.eat(',');
  in.skip_spaces();

  // The clock: "at" is optional, then noon, midnight, "2:39 p.m.", "11 a.m." or "14:39".
  const std::size_t before_at = in.position();
  if (!iequals(in.word(), "at")) in.rewind(before_at);
  in.skip_spaces();
  int hour = 0;
  int minute = 0;
  const std::size_t clock_start = in.position();
  const std::string_view named = in.word();
  if (iequals(named, "noon")) {
    hour = 12;
  } else if (iequals(named, "midnight")) {
    hour = 0;
  } else {
    in.rewind(clock_start);
    const auto h = in.number(2);
    if (!h) return std::nullopt;
    hour = *h;
    const bool has_minutes = in.eat(':');
    if (has_minutes) {
      const auto m = in.number(2);
      if (!m || *m > 59) return std::nullopt;
      minute = *m;
    }
    in.skip_spaces();
    const std::size_t after_clock = in.position();
    const std::string half = meridiem(in.word());
    if (!half.empty()) {
      if (hour < 1 || hour > 12) return std::nullopt;
      hour = hour % 12 + (half == "pm" ? 12 : 0);
    } else {
      if (!has_minutes || hour > 23) return std::nullopt;  // "14:39"; a bare "3" means nothing
      in.rewind(after_clock);
    }
  }
  const auto local =
      date::local_days{ymd} + std::chrono::hours(hour) + std::chrono::minutes(minute);
  const auto info = zone_->get_info(local);

  in.skip_spaces();
  const std::string_view label = in.word();
  in.skip_spaces();
  if (!in.done()) return std::nullopt;
  if (!label.empty()) {
    const bool known =
        (!label_.empty() && iequals(label, label_)) || iequals(label, news_label_for(zone_name_)) ||
        iequals(label, info.first.abbrev) ||
        (info.result != date::local_info::unique && iequals(label, info.second.abbrev));
    if (!known) return std::nullopt;
  }
  // As parse_local: a repeated hour gives the earlier instant, a skipped one the later.
  return Time{local.time_since_epoch() - info.first.offset};
}

std::string iso_utc(Time t) {
  return date::format("%Y-%m-%dT%H:%M:%SZ", t);
}

std::string http_date(Time t) {
  return date::format("%a, %d %b %Y %H:%M:%S GMT", t);
}

std::optional<Time> parse_iso(std::string_view text) {
  if (!numeric_time_text(text)) return std::nullopt;
  std::string s(text);
  if (s.size() == 10) s += "T00:00:00Z";
  for (const char* format : {"%Y-%m-%dT%H:%M:%SZ", "%Y-%m-%dT%H:%M:%S%Ez", "%Y-%m-%d %H:%M:%S%Ez",
                             "%Y-%m-%dT%H:%MZ", "%Y-%m-%dT%H:%M%Ez"}) {
    std::istringstream in(s);
    date::sys_seconds t;
    in >> date::parse(format, t);
    if (!in.fail()) {
      in >> std::ws;
      if (in.eof()) return t;
    }
  }
  return std::nullopt;
}

}  // namespace marquee
