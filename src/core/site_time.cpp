// AP-style time formatting on Howard Hinnant's date/tz over the system tz database.
#include "core/site_time.h"

#include <date/date.h>
#include <date/tz.h>

#include <array>
#include <sstream>

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

std::string SiteTime::ap_datetime(Time t) const {
  auto local = zone_->to_local(t);
  auto day = date::floor<date::days>(local);
  date::hh_mm_ss<std::chrono::seconds> tod{local - day};
  return ap_date(t) + " at " +
         clock_ap(static_cast<int>(tod.hours().count()), static_cast<int>(tod.minutes().count())) +
         " " + zone_label(t);
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

std::optional<Time> SiteTime::parse_local(std::string_view text) const {
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

std::string iso_utc(Time t) { return date::format("%Y-%m-%dT%H:%M:%SZ", t); }

std::string http_date(Time t) { return date::format("%a, %d %b %Y %H:%M:%S GMT", t); }

std::optional<Time> parse_iso(std::string_view text) {
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
