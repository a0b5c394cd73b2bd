// Times as the site shows them: in the site's zone, in the newsroom's AP-like style
// ("Jul 21, 2010 at 2:39 p.m. ET"). Stored times are UTC; only this class knows about zones.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "core/types.h"

namespace date {
class time_zone;
}

namespace marquee {

struct LocalDate {
  int year = 0;
  unsigned month = 0;
  unsigned day = 0;
};

class SiteTime {
 public:
  // zone_name is an IANA name ("America/New_York"). label replaces the zone's own abbreviation
  // when not empty; when empty, the US zones get their usual news labels (ET, CT, MT, PT) and
  // other zones their abbreviation at that instant (GMT, BST, CET). nullopt for an unknown zone.
  static std::optional<SiteTime> load(std::string_view zone_name, std::string label = {});

  // "Jul 21, 2010 at 2:39 p.m. ET"; on the hour "3 p.m."; 12:00 is "noon", 00:00 "midnight".
  std::string ap_datetime(Time t) const;
  // "Jul 21, 2010"
  std::string ap_date(Time t) const;
  // "2:39 p.m. ET": a live entry's time, within its night.
  std::string ap_time(Time t) const;
  // "2010-07-21T14:39:00-04:00", for <time datetime> and feeds that want a local offset.
  std::string iso_local(Time t) const;
  LocalDate local_date(Time t) const;
  // "2010-07-21 14:39" or "2010-07-21T14:39" read as a wall-clock time in the site's zone. For a
  // time that does not exist (spring forward) the later instant; for one that occurs twice, the
  // earlier.
  std::optional<Time> parse_local(std::string_view text) const;
  // Reads the site's own display style back: "Jul 21, 2010 at 2:39 p.m. ET", "July 21, 2010 at
  // 2:39 PM ET", "Sept. 3, 2010 at 11 a.m.", "Jul 21, 2010 at noon", "Jul 21, 2010 2:39 PM"
  // (a 24-hour "14:39" too). The wall clock is in the site's zone, read as parse_local does. A
  // trailing zone label must be the site's label or the zone's abbreviation at that time (EDT,
  // EST); another label, a day the month lacks, or any other text gives nullopt.
  std::optional<Time> parse_ap(std::string_view text) const;

  const std::string& zone_name() const { return zone_name_; }

 private:
  SiteTime(const date::time_zone* zone, std::string zone_name, std::string label)
      : zone_(zone), zone_name_(std::move(zone_name)), label_(std::move(label)) {}
  std::string zone_label(Time t) const;

  const date::time_zone* zone_;
  std::string zone_name_;
  std::string label_;
};

// "2010-07-21T18:39:00Z": UTC in RFC 3339, for machines (JSON, Atom, sitemaps).
std::string iso_utc(Time t);
// RFC 1123 / RFC 822 date used in HTTP headers and RSS: "Wed, 21 Jul 2010 18:39:00 GMT".
std::string http_date(Time t);
// Reads "2010-07-21T18:39:00Z", "2010-07-21T14:39:00-04:00" or "2010-07-21" (midnight UTC).
std::optional<Time> parse_iso(std::string_view text);

}  // namespace marquee
