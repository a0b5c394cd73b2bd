// HTTP byte ranges and If-Range for serving clips, after RFC 9110 sections 13.1.5 and 14.
// Parsing only: the route that sends the bytes lives in the web layer.
#include <date/date.h>

#include <algorithm>
#include <limits>
#include <sstream>
#include <vector>

#include "core/ascii.h"
#include "media/media.h"

namespace marquee::media {
namespace {

constexpr std::uint64_t kMax = std::numeric_limits<std::uint64_t>::max();
constexpr std::size_t kMaxHeaderLength = 1024;  // longer Range headers are ignored

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

// One or more decimal digits; values past 64 bits saturate at the largest one.
std::optional<std::uint64_t> parse_digits(std::string_view s) {
  if (s.empty()) return std::nullopt;
  std::uint64_t value = 0;
  for (char c : s) {
    if (c < '0' || c > '9') return std::nullopt;
    const auto digit = static_cast<std::uint64_t>(c - '0');
    value = value > (kMax - digit) / 10 ? kMax : value * 10 + digit;
  }
  return value;
}

// The non-empty elements of a comma-separated list, without their surrounding whitespace.
std::vector<std::string_view> list_elements(std::string_view s) {
  std::vector<std::string_view> out;
  while (true) {
    const std::size_t comma = s.find(',');
    const std::string_view element = trim(s.substr(0, comma));
    if (!element.empty()) out.push_back(element);
    if (comma == std::string_view::npos) return out;
    s.remove_prefix(comma + 1);
  }
}

// A strong entity tag: DQUOTE *etagc DQUOTE, where etagc is any visible character but DQUOTE.
bool is_strong_etag(std::string_view tag) {
  if (tag.size() < 2 || tag.front() != '"' || tag.back() != '"') return false;
  for (char c : tag.substr(1, tag.size() - 2)) {
    const auto u = static_cast<unsigned char>(c);
    if (u == '"' || u < 0x21 || u == 0x7F) return false;
  }
  return true;
}

// An HTTP-date in any of the three forms recipients must accept (RFC 9110 section 5.6.7).
std::optional<Time> parse_http_date(std::string_view text) {
  static constexpr const char* kFormats[] = {
      "%a, %d %b %Y %H:%M:%S GMT",  // IMF-fixdate: Sun, 06 Nov 1994 08:49:37 GMT
      "%A, %d-%b-%y %H:%M:%S GMT",  // RFC 850: Sunday, 06-Nov-94 08:49:37 GMT
      "%a %b %e %H:%M:%S %Y",       // asctime: Sun Nov  6 08:49:37 1994
  };
  for (const char* format : kFormats) {
    std::istringstream in{std::string(text)};
    Time parsed{};
    in >> date::parse(format, parsed);
    if (in.fail()) continue;
    in >> std::ws;
    if (in.eof()) return parsed;
  }
  return std::nullopt;
}

}  // namespace

int RangeAnswer::status() const {
  switch (kind) {
    case Kind::whole:
      return 200;
    case Kind::partial:
    case Kind::multipart:
      return 206;
    case Kind::unsatisfiable:
      return 416;
  }
  return 200;
}

std::uint64_t RangeAnswer::length() const {
  switch (kind) {
    case Kind::whole:
      return size;
    case Kind::partial:
      return last - first + 1;
    case Kind::multipart: {
      std::uint64_t total = 0;
      for (const auto& part : parts) total += part.last - part.first + 1;
      return total;
    }
    case Kind::unsatisfiable:
      return 0;
  }
  return 0;
}

std::string RangeAnswer::content_range() const {
  switch (kind) {
    case Kind::whole:
    case Kind::multipart:
      return {};
    case Kind::partial:
      return "bytes " + std::to_string(first) + "-" + std::to_string(last) + "/" +
             std::to_string(size);
    case Kind::unsatisfiable:
      return "bytes */" + std::to_string(size);
  }
  return {};
}

namespace {

// Gaps smaller than this between two ranges cost less to send than a part's own headers.
constexpr std::uint64_t kMergeGap = 80;

enum class SpecResult { range, unsatisfiable, malformed };

// One byte-range-spec of a Range header, clamped to the file.
SpecResult parse_spec(std::string_view spec, std::uint64_t size, ByteRange& out) {
  const std::size_t dash = spec.find('-');
  if (dash == std::string_view::npos) return SpecResult::malformed;
  const std::string_view first_text = spec.substr(0, dash);
  const std::string_view last_text = spec.substr(dash + 1);
  if (first_text.empty()) {  // "-n": the last n bytes
    const auto suffix = parse_digits(last_text);
    if (!suffix) return SpecResult::malformed;
    if (*suffix == 0 || size == 0) return SpecResult::unsatisfiable;
    const std::uint64_t length = std::min(*suffix, size);
    out = {size - length, size - 1};
    return SpecResult::range;
  }
  const auto first = parse_digits(first_text);
  const auto last =
      last_text.empty() ? std::optional<std::uint64_t>(kMax) : parse_digits(last_text);
  if (!first || !last) return SpecResult::malformed;
  if (*last < *first || *first >= size) return SpecResult::unsatisfiable;
  out = {*first, std::min(*last, size - 1)};
  return SpecResult::range;
}

}  // namespace

RangeAnswer parse_range(std::string_view header, std::uint64_t size) {
  using Kind = RangeAnswer::Kind;
  const RangeAnswer whole{Kind::whole, 0, 0, size, {}};
  const RangeAnswer unsatisfiable{Kind::unsatisfiable, 0, 0, size, {}};

  header = trim(header);
  if (header.empty() || header.size() > kMaxHeaderLength) return whole;
  const std::size_t equals = header.find('=');
  if (equals == std::string_view::npos || !iequals(header.substr(0, equals), "bytes")) {
    return whole;  // no unit, or a unit we do not serve
  }
  const std::vector<std::string_view> specs = list_elements(header.substr(equals + 1));
  if (specs.empty()) return whole;

  std::vector<ByteRange> ranges;
  for (const std::string_view spec : specs) {
    ByteRange range;
    switch (parse_spec(spec, size, range)) {
      case SpecResult::malformed:
        return whole;  // one bad element spoils the header: ignore it all
      case SpecResult::unsatisfiable:
        break;
      case SpecResult::range:
        ranges.push_back(range);
    }
  }
  if (ranges.empty()) return unsatisfiable;
  std::sort(ranges.begin(), ranges.end(),
            [](const ByteRange& a, const ByteRange& b) { return a.first < b.first; });
  if (ranges.size() > kMaxRanges) {
    std::uint64_t last = 0;
    for (const auto& r : ranges) last = std::max(last, r.last);
    return RangeAnswer{Kind::partial, ranges.front().first, last, size, {}};
  }
  std::vector<ByteRange> merged;
  for (const auto& r : ranges) {
    if (!merged.empty() &&
        (merged.back().last >= r.first || r.first - merged.back().last <= kMergeGap)) {
      merged.back().last = std::max(merged.back().last, r.last);
    } else {
      merged.push_back(r);
    }
  }
  if (merged.size() == 1) {
    return RangeAnswer{Kind::partial, merged.front().first, merged.front().last, size, {}};
  }
  return RangeAnswer{Kind::multipart, 0, 0, size, std::move(merged)};
}

bool if_range_matches(std::string_view if_range, std::string_view etag,
                      std::optional<Time> last_modified) {
  if_range = trim(if_range);
  if (if_range.empty()) return true;
  if (if_range.starts_with("W/")) return false;  // a weak tag never matches for ranges
  if (if_range.front() == '"') {
    etag = trim(etag);
    return is_strong_etag(if_range) && is_strong_etag(etag) && if_range == etag;
  }
  const auto date = parse_http_date(if_range);
  return date && last_modified && *date == *last_modified;
}

}  // namespace marquee::media
