// Reads the plain text of a scraped story page: the headline, the header lines around the
// dateline, then paragraphs, captions, tags and the trailing related-links block, in one pass
// over the lines with small, named tests for what each line is.
#include "importers/scraped_story.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <cstdio>

#include "core/slug.h"
#include "importers/ascii_text.h"
#include "importers/refusal.h"
#include "importers/story_dates.h"

namespace marquee {

using importers_detail::collapse_spaces;
using importers_detail::date_story;
using importers_detail::ends_sentence;
using importers_detail::is_space;
using importers_detail::Refusal;
using importers_detail::starts_related_block;
using importers_detail::trim;

namespace {

constexpr std::size_t kMaxInputBytes = 8u << 20;
constexpr std::size_t kMaxLineBytes = 64u << 10;
constexpr std::size_t kMaxHeadlineBytes = 300;
constexpr std::size_t kCaptionBytes = 120;     // shorter unpunctuated lines are captions
constexpr std::size_t kWrappedLineBytes = 50;  // shorter lines never end for want of room
constexpr std::size_t kWrapColumn = 100;       // wider runs of lines are not hard-wrapped
constexpr int kHeaderLookahead = 5;            // lines after the headline that may hold a dateline
constexpr std::string_view kExampleDateline = "Jul 21, 2010 at 2:39 p.m. ET";

bool is_digit(char c) {
  return c >= '0' && c <= '9';
}

std::size_t find_ignoring_case(std::string_view s, std::string_view needle, std::size_t from = 0) {
  for (std::size_t i = from; i + needle.size() <= s.size(); ++i)
    if (istarts_with(s.substr(i), needle)) return i;
  return std::string_view::npos;
}

std::string quoted(std::string_view s, std::size_t limit = 80) {
  std::string out = "'";
  if (s.size() > limit) {
    std::size_t cut = limit;
    while (cut > 0 && (static_cast<unsigned char>(s[cut]) & 0xC0) == 0x80) --cut;
    out.append(s.substr(0, cut)).append("...");
  } else {
    out.append(s);
  }
  return out + "'";
}

std::string line_note(int line, std::string_view what) {
  return "line " + std::to_string(line) + ": " + std::string(what);
}

// The length of the UTF-8 sequence at s[i], or 0 when it is malformed (overlong forms,
// surrogates and code points past U+10FFFF included).
std::size_t utf8_sequence_length(std::string_view s, std::size_t i) {
  const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(s[k]); };
  const unsigned char b0 = byte(i);
  if (b0 < 0x80) return 1;
  std::size_t length = 0;
  unsigned char low = 0x80;
  unsigned char high = 0xBF;
  if (b0 >= 0xC2 && b0 <= 0xDF) {
    length = 2;
  } else if (b0 >= 0xE0 && b0 <= 0xEF) {
    length = 3;
    if (b0 == 0xE0) low = 0xA0;
    if (b0 == 0xED) high = 0x9F;
  } else if (b0 >= 0xF0 && b0 <= 0xF4) {
    length = 4;
    if (b0 == 0xF0) low = 0x90;
    if (b0 == 0xF4) high = 0x8F;
  } else {
    return 0;
  }
  if (i + length > s.size()) return 0;
  if (byte(i + 1) < low || byte(i + 1) > high) return 0;
  for (std::size_t k = 2; k < length; ++k)
    if ((byte(i + k) & 0xC0) != 0x80) return 0;
  return length;
}

std::string hex_byte(unsigned char b) {
  char buf[8];
  std::snprintf(buf, sizeof buf, "0x%02X", b);
  return buf;
}

// Line breaks of any convention become '\n'; no-break spaces become spaces; zero-width spaces,
// soft hyphens and byte-order marks, which pages sprinkle invisibly, are dropped.
std::string normalize_text(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c != '\r' && c != '\t' && c != '\f' && c != '\v' && static_cast<unsigned char>(c) < 0x80) {
      out += c;
      continue;
    }
    const std::string_view rest = text.substr(i);
    if (text[i] == '\r') {
      out += '\n';
      if (rest.starts_with("\r\n")) ++i;
    } else if (text[i] == '\t' || text[i] == '\f' || text[i] == '\v') {
      out += ' ';
    } else if (rest.starts_with("\xC2\xA0")) {
      out += ' ';
      ++i;
    } else if (rest.starts_with("\xC2\xAD")) {
      ++i;
    } else if (rest.starts_with("\xE2\x80\x8B") || rest.starts_with("\xEF\xBB\xBF")) {
      i += 2;
    } else {
      out += text[i];
    }
  }
  return out;
}

struct Line {
  int number = 0;
  std::string text;  // trimmed, spaces collapsed; empty for a blank line
};

std::vector<Line> split_lines(std::string_view text) {
  std::vector<Line> lines;
  int number = 1;
  std::size_t from = 0;
  while (from <= text.size()) {
    std::size_t end = text.find('\n', from);
    if (end == std::string_view::npos) end = text.size();
    lines.push_back({number++, collapse_spaces(text.substr(from, end - from))});
    from = end + 1;
  }
  return lines;
}

// ---- What a line is.

bool starts_lower(std::string_view s) {
  return !s.empty() && (ascii_is_lower(s.front()) || is_digit(s.front()) || s.front() == ',' ||
                        s.front() == ';' || s.front() == ')');
}

std::size_t word_count(std::string_view s) {
  std::size_t words = 0;
  bool in_word = false;
  for (char c : s) {
    const bool space = c == ' ';
    if (!space && !in_word) ++words;
    in_word = !space;
  }
  return words;
}

// "• Item", "- Item", "* Item" and "· Item" are list items.
std::optional<std::string_view> list_item(std::string_view s) {
  for (std::string_view bullet : {"\xE2\x80\xA2 ", "- ", "* ", "\xC2\xB7 "}) {
    if (s.starts_with(bullet)) return trim(s.substr(bullet.size()));
  }
  return std::nullopt;
}

// Lines ending in a photo credit: "(Getty Images)", "(AP Photo/Chris Pizzello)", "Photo: ...",
// "Courtesy Apparition".
bool has_credit(std::string_view s) {
  if (s.size() > 400) return false;
  const std::string low = ascii_lower(s);
  for (std::string_view marker :
       {"photo:", "photos:", "photograph:", "photo by ", "photo credit", "credit:", "courtesy of ",
        "image:", "getty images", "ap photo", "wireimage", "filmmagic"}) {
    if (low.find(marker) != std::string::npos) return true;
  }
  if (low.starts_with("courtesy ")) return true;
  if (low.find(" courtesy ") != std::string::npos && !ends_sentence(s)) return true;
  // A trailing parenthesis of capitalised words: "(Summit Entertainment)".
  if (!s.ends_with(')')) return false;
  const std::size_t open = s.rfind('(');
  if (open == std::string_view::npos || s.size() - open > 60) return false;
  const std::string_view inside = s.substr(open + 1, s.size() - open - 2);
  if (inside.empty()) return false;
  bool word_start = true;
  for (char c : inside) {
    if (word_start && ascii_is_lower(c)) return false;
    word_start = c == ' ' || c == '/';
  }
  return !is_digit(inside.front());
}

// Short and unpunctuated: the text under a photo.
bool caption_shaped(std::string_view s) {
  if (s.size() >= kCaptionBytes || word_count(s) < 2) return false;
  if (ends_sentence(s) || s.ends_with(',') || s.ends_with('-')) return false;
  return !list_item(s).has_value();
}

// Page furniture that a copy picks up with the story.
bool is_furniture(std::string_view s) {
  constexpr std::array<std::string_view, 22> kFurniture = {"advertisement",
                                                           "advertisements",
                                                           "ad",
                                                           "share",
                                                           "share this",
                                                           "share this story",
                                                           "share this article",
                                                           "tweet",
                                                           "email",
                                                           "print",
                                                           "comments",
                                                           "comment",
                                                           "share on facebook",
                                                           "share on twitter",
                                                           "continue reading",
                                                           "click to enlarge",
                                                           "enlarge",
                                                           "enlarge this image",
                                                           "skip ad",
                                                           "sponsored",
                                                           "related",
                                                           "more"};
  for (auto word : kFurniture)
    if (iequals(s, word)) return true;
  // "Comments (12)", "12 Comments"
  return (istarts_with(s, "comments (") && s.ends_with(')')) ||
         (s.size() < 20 && !s.empty() && is_digit(s.front()) &&
          find_ignoring_case(s, " comment") != std::string_view::npos);
}

std::optional<std::string_view> after_prefix(std::string_view s,
                                             std::initializer_list<std::string_view> prefixes) {
  for (auto prefix : prefixes)
    if (istarts_with(s, prefix)) return trim(s.substr(prefix.size()));
  return std::nullopt;
}

std::optional<std::string_view> tags_line(std::string_view s) {
  return after_prefix(s, {"tags:", "filed under:", "topics:"});
}

// ---- Datelines and bylines.

constexpr std::array<std::string_view, 12> kMonths = {
    "january", "february", "march",     "april",   "may",      "june",
    "july",    "august",   "september", "october", "november", "december"};
constexpr std::array<std::string_view, 7> kWeekdays = {
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"};

bool is_month_word(std::string_view word) {
  if (word.ends_with('.')) word.remove_suffix(1);
  if (word.size() < 3) return false;
  return std::any_of(kMonths.begin(), kMonths.end(), [&](std::string_view month) {
    return iequals(word, month) || iequals(word, month.substr(0, 3)) ||
           (month == "september" && iequals(word, "sept"));
  });
}

// "Jul 21" or "Sept. 3": a month name and then a number.
bool starts_with_date(std::string_view s) {
  std::size_t i = 0;
  while (i < s.size() && (ascii_is_lower(ascii_lower(s[i])) || s[i] == '.')) ++i;
  if (!is_month_word(s.substr(0, i))) return false;
  while (i < s.size() && s[i] == ' ') ++i;
  return i < s.size() && is_digit(s[i]);
}

// "2010", "2:39" or "p.m." somewhere: "July 4 Weekend Belongs to Eclipse" is no dateline.
bool has_year_or_clock(std::string_view s) {
  int digits = 0;
  for (std::size_t i = 0; i < s.size(); ++i) {
    digits = is_digit(s[i]) ? digits + 1 : 0;
    if (digits == 4) return true;
    if (s[i] == ':' && i > 0 && is_digit(s[i - 1]) && i + 1 < s.size() && is_digit(s[i + 1]))
      return true;
  }
  return find_ignoring_case(s, "a.m") != std::string_view::npos ||
         find_ignoring_case(s, "p.m") != std::string_view::npos;
}

// Where a date starts inside text, at a word boundary; npos when none does.
std::size_t find_date(std::string_view s) {
  for (std::size_t i = 0; i < s.size(); ++i) {
    if ((i == 0 || s[i - 1] == ' ' || s[i - 1] == ',') && starts_with_date(s.substr(i))) return i;
  }
  return std::string_view::npos;
}

std::string_view strip_weekday(std::string_view s) {
  for (auto day : kWeekdays) {
    for (auto form : {day, day.substr(0, 3)}) {
      if (!istarts_with(s, form)) continue;
      std::string_view rest = s.substr(form.size());
      if (rest.starts_with('.')) rest.remove_prefix(1);
      if (rest.starts_with(',')) rest.remove_prefix(1);
      if (!rest.empty() && rest.front() != ' ') continue;
      return trim(rest);
    }
  }
  return s;
}

std::string_view strip_trailing(std::string_view s, std::string_view chars) {
  s = trim(s);
  while (!s.empty() && chars.find(s.back()) != std::string_view::npos)
    s = trim(s.substr(0, s.size() - 1));
  return s;
}

// "MAYA OKAFOR" -> "Maya Okafor"; mixed case is left alone.
std::string title_case_if_shouting(std::string_view name) {
  const bool has_lower = std::any_of(name.begin(), name.end(), ascii_is_lower);
  std::string out(name);
  if (has_lower) return out;
  bool word_start = true;
  for (char& c : out) {
    if (!word_start) c = ascii_lower(c);
    word_start = c == ' ' || c == '-' || c == '\'';
  }
  return out;
}

bool is_name_particle(std::string_view word) {
  for (std::string_view particle : {"de", "van", "von", "da", "di", "le", "la", "del", "der", "den",
                                    "du", "dos", "bin", "al", "y"}) {
    if (word == particle) return true;
  }
  return false;
}

bool is_role_word(std::string_view word) {
  for (std::string_view role : {"staff", "writer", "writers", "editor", "editors", "correspondent",
                                "reporter", "contributor", "contributing", "senior", "special",
                                "critic", "columnist", "wire", "news", "services", "associated"}) {
    if (iequals(word, role)) return true;
  }
  return false;
}

// One name from a byline part: up to the first lower-case word that is not a name particle
// ("Maya Okafor for Marquee"), nothing when the part is a role ("Staff Writer").
std::string name_from_part(std::string_view part) {
  part = strip_trailing(part, ".,;:|-");
  std::string name;
  std::size_t from = 0;
  while (from < part.size()) {
    std::size_t end = part.find(' ', from);
    if (end == std::string_view::npos) end = part.size();
    const std::string_view word = part.substr(from, end - from);
    from = end + 1;
    if (word.empty()) continue;
    if (ascii_is_lower(word.front()) && !is_name_particle(word)) break;
    if (name.empty() && is_role_word(word)) return {};
    if (!name.empty()) name += ' ';
    name.append(word);
  }
  const bool has_letter = std::any_of(name.begin(), name.end(), [](char c) {
    return ascii_is_lower(c) || ascii_is_upper(c) || static_cast<unsigned char>(c) >= 0x80;
  });
  if (!has_letter || name.size() > 60 || word_count(name) > 5) return {};
  return title_case_if_shouting(name);
}

// Splits "text | text" style segments of a header line.
std::vector<std::string_view> dateline_segments(std::string_view s) {
  std::vector<std::string_view> parts;
  std::size_t from = 0;
  for (std::size_t i = 0; i <= s.size();) {
    std::size_t width = 0;
    if (i == s.size()) {
      width = 1;
    } else if (s[i] == '|') {
      width = 1;
    } else {
      for (std::string_view separator : {"\xE2\x80\xA2", "\xC2\xB7", "\xE2\x80\x94", " - "}) {
        if (s.substr(i).starts_with(separator)) width = separator.size();
      }
    }
    if (width == 0) {
      ++i;
      continue;
    }
    const auto part = trim(s.substr(from, i - from));
    if (!part.empty()) parts.push_back(part);
    i += width;
    from = i;
  }
  return parts;
}

// Reads the date part of a dateline: "Jul 21, 2010 at 2:39 p.m. ET" or a date alone.
void read_date(std::string_view text, const SiteTime& site_time, bool updated,
               DatelineReading& reading) {
  text = strip_trailing(strip_weekday(trim(text)), ",;|");
  auto when = site_time.parse_ap(text);
  if (!when) {
    when = site_time.parse_ap(std::string(text) + " at midnight");
    if (when) reading.dateline.date_only = true;
  }
  if (!when) {
    std::string problem = quoted(text) + " is not a date and time the reader knows";
    // Name a foreign zone label rather than leave the writer guessing.
    const std::size_t last_space = text.rfind(' ');
    if (last_space != std::string_view::npos && site_time.parse_ap(text.substr(0, last_space))) {
      problem += ": " + quoted(text.substr(last_space + 1)) +
                 " is not the site's time zone; give the time in " + site_time.zone_name();
    } else {
      problem += "; write it like " + quoted(kExampleDateline);
    }
    if (reading.problem.empty()) reading.problem = std::move(problem);
    return;
  }
  auto& slot = updated ? reading.dateline.updated : reading.dateline.published;
  if (!slot) slot = when;
}

}  // namespace

std::vector<std::string> byline_names(std::string_view byline) {
  std::string_view s = trim(byline);
  if (auto rest =
          after_prefix(s, {"posted by ", "written by ", "words by ", "story by ", "by:", "by "})) {
    s = *rest;
  }
  if (iequals(s, "by")) return {};
  // Separators between names, longest first so ", and " is not read as ",".
  std::vector<std::string> names;
  std::size_t from = 0;
  while (from <= s.size()) {
    std::size_t cut = s.size();
    std::size_t width = 0;
    for (std::string_view separator : {", and ", " and ", " & ", ", ", "; ", " with "}) {
      const std::size_t at = find_ignoring_case(s, separator, from);
      if (at != std::string_view::npos && (at < cut || (at == cut && separator.size() > width))) {
        cut = at;
        width = separator.size();
      }
    }
    std::string name = name_from_part(s.substr(from, cut - from));
    // A byline opens with a name; "By 1977, Currie had left" is a sentence.
    if (from == 0 && name.empty()) return {};
    if (!name.empty() && std::find(names.begin(), names.end(), name) == names.end())
      names.push_back(std::move(name));
    if (width == 0) break;
    from = cut + width;
  }
  return names;
}

DatelineReading read_dateline(std::string_view text, const SiteTime& site_time) {
  DatelineReading reading;
  const auto line = trim(text);
  if (line.empty() || line.size() > 300) return reading;
  std::size_t unknown_bytes = 0;
  for (std::string_view segment : dateline_segments(line)) {
    bool updated = false;
    bool labelled = false;  // "Updated:" says a date follows, so an unreadable one is an error
    if (auto rest = after_prefix(
            segment, {"last updated:", "last updated", "updated:", "updated", "modified:"})) {
      updated = true;
      labelled =
          segment.substr(0, segment.size() - rest->size()).find(':') != std::string_view::npos;
      segment = *rest;
    } else if (auto rest2 = after_prefix(
                   segment, {"first published:", "first published", "originally published",
                             "published:", "published", "posted:", "posted"})) {
      if (!istarts_with(*rest2, "by ")) {
        labelled =
            segment.substr(0, segment.size() - rest2->size()).find(':') != std::string_view::npos;
        segment = *rest2;
      }
    }
    if (auto rest = after_prefix(segment, {"on "})) segment = *rest;

    const bool byline =
        segment.size() <= 150 &&
        (istarts_with(segment, "by ") || istarts_with(segment, "by:") ||
         istarts_with(segment, "posted by ") || istarts_with(segment, "written by "));
    const std::string_view undated = strip_weekday(segment);
    if (starts_with_date(undated) && has_year_or_clock(undated)) {
      // "Jul 21, 2010 at 2:39 p.m. ET by Maya Okafor"
      std::string_view date = undated;
      const std::size_t by = find_ignoring_case(undated, " by ");
      if (by != std::string_view::npos) {
        date = undated.substr(0, by);
        for (auto& name : byline_names(undated.substr(by + 1)))
          reading.dateline.byline_names.push_back(std::move(name));
      }
      read_date(date, site_time, updated, reading);
      reading.is_dateline = true;
    } else if (byline) {
      // "By Maya Okafor, Jul 21, 2010 2:39 PM ET" or "By Maya Okafor on Jul 21, 2010"
      std::string_view names = segment;
      const std::size_t date_at = find_date(segment);
      if (date_at != std::string_view::npos) {
        names = strip_trailing(segment.substr(0, date_at), ",;");
        if (names.ends_with(" on") || names.ends_with(" at")) names.remove_suffix(3);
      }
      auto found = byline_names(names);
      // "By the time the film opened, ..." names nobody: a sentence, not a byline.
      if (found.empty() && date_at == std::string_view::npos) {
        unknown_bytes += segment.size();
        continue;
      }
      if (date_at != std::string_view::npos)
        read_date(segment.substr(date_at), site_time, updated, reading);
      for (auto& name : found) reading.dateline.byline_names.push_back(std::move(name));
      reading.is_dateline = true;
    } else if (labelled && segment.size() <= 40) {
      // "Updated: 2:39 p.m." and other dates that say they are dates but are not readable.
      read_date(segment, site_time, updated, reading);
      reading.is_dateline = true;
    } else {
      unknown_bytes += segment.size();
    }
  }
  // A section label beside the date ("Movies | Jul 21, 2010") is fine; a sentence is not.
  if (reading.is_dateline && unknown_bytes > 40) reading = DatelineReading{};
  return reading;
}

std::string markdown_text(std::string_view plain) {
  std::string out;
  out.reserve(plain.size() + 8);
  std::size_t line_start = 0;
  for (std::size_t i = 0; i < plain.size(); ++i) {
    const char c = plain[i];
    if (c == '\n') {
      out += c;
      line_start = i + 1;
      continue;
    }
    if (i == line_start) {
      // Block markers: headings, quotes, list bullets, numbered items, rules, tables.
      std::size_t digits = 0;
      while (i + digits < plain.size() && is_digit(plain[i + digits])) ++digits;
      const auto next = [&](std::size_t k) { return i + k < plain.size() ? plain[i + k] : '\0'; };
      if (c == '#' || c == '>' || c == '|' || c == '=' ||
          ((c == '-' || c == '+') && (next(1) == ' ' || next(1) == c || next(1) == '\0'))) {
        out += '\\';
      } else if (digits > 0 && digits <= 9 && (next(digits) == '.' || next(digits) == ')')) {
        out.append(plain.substr(i, digits));
        out += '\\';
        out += next(digits);
        i += digits;
        continue;
      }
    }
    if (c == '\\' || c == '`' || c == '*' || c == '_' || c == '[' || c == ']' || c == '<' ||
        c == '~') {
      out += '\\';
    } else if (c == '&' && i + 1 < plain.size() &&
               (std::isalnum(static_cast<unsigned char>(plain[i + 1])) || plain[i + 1] == '#')) {
      out += '\\';  // "&amp;" in the text stays five characters, not an entity
    }
    out += c;
  }
  return out;
}

std::optional<StoryFileError> unreadable_text(std::string_view text, std::size_t max_line_bytes) {
  int line = 1;
  std::size_t line_start = 0;
  for (std::size_t i = 0; i < text.size();) {
    const auto b = static_cast<unsigned char>(text[i]);
    if (b == '\n') {
      ++line;
      line_start = i + 1;
      ++i;
      continue;
    }
    const auto column = [&] { return "column " + std::to_string(i - line_start + 1); };
    if (i - line_start >= max_line_bytes) {
      std::size_t end = text.find('\n', line_start);
      if (end == std::string_view::npos) end = text.size();
      return StoryFileError{line, "the line is " + std::to_string(end - line_start) +
                                      " bytes long, more than the " +
                                      std::to_string(max_line_bytes) +
                                      " a story line may have; is this a text file?"};
    }
    if ((b < 0x20 && b != '\t' && b != '\r' && b != '\f' && b != '\v') || b == 0x7F) {
      return StoryFileError{line, "the file holds binary data (byte " + hex_byte(b) + " at " +
                                      column() + "), not text"};
    }
    const std::size_t length = utf8_sequence_length(text, i);
    if (length == 0) {
      return StoryFileError{line, "the text is not valid UTF-8 (byte " + hex_byte(b) + " at " +
                                      column() + "); save the page as UTF-8"};
    }
    i += length;
  }
  return std::nullopt;
}

namespace {

// The reader's state over one file.
class ScrapeReader {
 public:
  ScrapeReader(std::vector<Line> lines, const SiteTime& site_time, const GlueRepair& repair)
      : lines_(std::move(lines)), site_time_(site_time), repair_(repair) {}

  ScrapedStory read() {
    std::size_t at = read_headline();
    at = read_header(at);
    read_body(at);
    return finish();
  }

 private:
  std::string repaired(std::string_view text) const {
    if (!repair_) return std::string(text);
    return repair_(text);
  }

  std::size_t next_nonblank(std::size_t at) const {
    while (at < lines_.size() && lines_[at].text.empty()) ++at;
    return at;
  }

  std::size_t read_headline() {
    const std::size_t at = next_nonblank(0);
    if (at == lines_.size()) throw Refusal{1, "the file is empty"};
    const Line& line = lines_[at];
    const auto reading = read_dateline(line.text, site_time_);
    if (reading.is_dateline && reading.problem.empty()) {
      throw Refusal{line.number, "the story has no headline: the first line, " + quoted(line.text) +
                                     ", is a dateline or byline"};
    }
    if (line.text.size() > kMaxHeadlineBytes) {
      throw Refusal{line.number, "the story has no headline: the first line is " +
                                     std::to_string(line.text.size()) +
                                     " bytes long, a paragraph rather than a headline"};
    }
    if (starts_related_block(line.text)) {
      throw Refusal{line.number,
                    "the story has no headline: the first line is a "
                    "related-links heading"};
    }
    story_.story.article.headline = repaired(line.text);
    story_.story.article.slug = slugify(story_.story.article.headline);
    if (story_.story.article.slug.empty()) {
      throw Refusal{line.number, "the headline " + quoted(line.text) +
                                     " has no letters or digits to make an address from"};
    }
    headline_line_ = line.number;
    return at + 1;
  }

  // Takes what a dateline line says; refuses a date that is there but cannot be read.
  void take_dateline(const Line& line, DatelineReading reading) {
    if (!reading.problem.empty()) {
      throw Refusal{line.number, "the dateline cannot be read: " + reading.problem};
    }
    Dateline& d = reading.dateline;
    if (d.published && !published_) {
      published_ = d.published;
      if (d.date_only) {
        story_.notes.push_back(line_note(line.number,
                                         "the dateline has no time; midnight in the site's zone is "
                                         "assumed"));
      }
    }
    if (d.updated && (!updated_ || *d.updated > *updated_)) updated_ = d.updated;
    for (auto& name : d.byline_names) {
      if (std::find(story_.byline_names.begin(), story_.byline_names.end(), name) ==
          story_.byline_names.end())
        story_.byline_names.push_back(std::move(name));
    }
    last_header_line_ = line.number;
  }

  // Lines between the headline and the body: a dek, captions, datelines and bylines. Without a
  // dateline near the top there is no header, and the body starts under the headline.
  std::size_t read_header(std::size_t at) {
    std::size_t first_dateline = lines_.size();
    int seen = 0;
    for (std::size_t i = at; i < lines_.size() && seen < kHeaderLookahead; ++i) {
      if (lines_[i].text.empty()) continue;
      ++seen;
      if (read_dateline(lines_[i].text, site_time_).is_dateline) {
        first_dateline = i;
        break;
      }
    }
    if (first_dateline == lines_.size()) return at;

    for (std::size_t i = at; i < first_dateline; ++i) {
      const Line& line = lines_[i];
      if (line.text.empty() || is_furniture(line.text)) continue;
      if (has_credit(line.text)) {
        story_.captions.push_back(repaired(line.text));
      } else if (story_.story.article.dek.empty()) {
        story_.story.article.dek = repaired(line.text);
      } else if (caption_shaped(line.text)) {
        story_.captions.push_back(repaired(line.text));
      } else {
        story_.story.article.dek += ' ' + repaired(line.text);
      }
    }
    std::size_t i = first_dateline;
    for (; i < lines_.size(); ++i) {
      const Line& line = lines_[i];
      if (line.text.empty() || is_furniture(line.text)) continue;
      if (has_credit(line.text)) {
        story_.captions.push_back(repaired(line.text));
        continue;
      }
      auto reading = read_dateline(line.text, site_time_);
      if (!reading.is_dateline) break;
      take_dateline(line, std::move(reading));
    }
    return i;
  }

  // ---- The body: lines gather into blocks; a finished block is a paragraph, caption or list.

  struct Block {
    int line = 0;
    std::string text;
    bool list = false;
  };

  void flush() {
    if (open_.text.empty()) return;
    Block block = std::move(open_);
    open_ = Block{};
    if (block.list) {
      items_.push_back(std::move(block));
      return;
    }
    flush_list();
    if (caption_shaped(block.text)) {
      story_.captions.push_back(repaired(block.text));
    } else if (word_count(block.text) < 2 && !ends_sentence(block.text)) {
      story_.notes.push_back(line_note(block.line, "left out the lone word " + quoted(block.text)));
    } else {
      paragraphs_.push_back(markdown_text(repaired(block.text)));
      if (!first_body_line_) first_body_line_ = block.line;
    }
  }

  void flush_list() {
    if (items_.empty()) return;
    std::string list;
    for (const auto& item : items_) {
      if (!list.empty()) list += '\n';
      list += "- " + markdown_text(repaired(item.text));
    }
    paragraphs_.push_back(std::move(list));
    if (!first_body_line_) first_body_line_ = items_.front().line;
    items_.clear();
  }

  // Whether a line continues the open block. Hard-wrapped text runs on where the previous line
  // broke because the next word would not fit the column its run of lines is wrapped at (even
  // after a full stop), or where the next line goes on with a sentence. Runs wider than
  // kWrapColumn are one paragraph per line and never wrap.
  bool runs_on(std::size_t i) const {
    const Line& line = lines_[i];
    if (open_.text.empty() || open_.list || list_item(line.text)) return false;
    const std::string& previous = lines_[i - 1].text;
    if (previous.empty()) return false;
    const std::size_t width = run_width_[i];
    const std::size_t first_word = std::min(line.text.find(' '), line.text.size());
    if (width <= kWrapColumn && previous.size() >= kWrappedLineBytes &&
        previous.size() + 1 + first_word > width - width / 8) {
      return true;
    }
    return !ends_sentence(open_.text) && starts_lower(line.text);
  }

  void measure_runs() {
    run_width_.assign(lines_.size(), 0);
    for (std::size_t from = 0; from < lines_.size();) {
      std::size_t to = from;
      std::size_t widest = 0;
      while (to < lines_.size() && !lines_[to].text.empty())
        widest = std::max(widest, lines_[to++].text.size());
      for (std::size_t k = from; k < to; ++k) run_width_[k] = widest;
      from = to + 1;
    }
  }

  void read_body(std::size_t at) {
    measure_runs();
    for (std::size_t i = at; i < lines_.size(); ++i) {
      const Line& line = lines_[i];
      const std::string& text = line.text;
      if (text.empty()) {
        flush();
        continue;
      }
      if (is_furniture(text)) {
        flush();
        continue;
      }
      if (auto tags = tags_line(text)) {
        flush();
        read_tags(*tags);
        continue;
      }
      if (starts_related_block(text)) {
        flush();
        flush_list();
        i = read_related(i) - 1;
        continue;
      }
      if (after_prefix(text, {"updated", "last updated", "posted", "published"})) {
        // A late "Updated: ..." line, or one at the foot of the page.
        auto reading = read_dateline(text, site_time_);
        if (reading.is_dateline && reading.problem.empty() &&
            (reading.dateline.published || reading.dateline.updated)) {
          flush();
          take_dateline(line, std::move(reading));
          continue;
        }
      }
      if (has_credit(text)) {
        flush();
        story_.captions.push_back(repaired(text));
        continue;
      }
      if (runs_on(i)) {
        open_.text += ' ';
        open_.text += text;
        continue;
      }
      flush();
      if (auto item = list_item(text)) {
        open_ = Block{line.number, std::string(*item), true};
      } else {
        flush_list();
        open_ = Block{line.number, text, false};
      }
    }
    flush();
    flush_list();
  }

  void read_tags(std::string_view text) {
    std::size_t from = 0;
    while (from <= text.size()) {
      std::size_t end = text.find_first_of(",|;", from);
      if (end == std::string_view::npos) end = text.size();
      const auto tag = std::string(trim(text.substr(from, end - from)));
      const bool seen =
          std::any_of(story_.story.article.tags.begin(), story_.story.article.tags.end(),
                      [&](const std::string& t) { return iequals(t, tag); });
      if (!tag.empty() && !seen) story_.story.article.tags.push_back(tag);
      from = end + 1;
    }
  }

  // "Read on for more Dakota Fanning & Kristen Stewart" and the link texts under it, to the end
  // of the page, or up to the next paragraph when the block was a promotion inside the story
  // ("Read more: Stewart on Eclipse"). Returns the line where the body goes on.
  std::size_t read_related(std::size_t at) {
    const Line& heading = lines_[at];
    std::string_view heading_text = heading.text;
    // "Read more: Stewart on Eclipse" names its one link after the colon.
    const std::size_t colon = heading_text.find(':');
    if (colon != std::string_view::npos && colon + 1 < heading_text.size()) {
      add_related_link(heading_text.substr(colon + 1));
      heading_text = trim(heading_text.substr(0, colon));
    }
    // A heading glued to its first link text is split where a lower-case letter meets a capital.
    auto pieces = split_glued_titles(heading_text);
    if (story_.related_heading.empty()) story_.related_heading = repaired(pieces.front());
    for (std::size_t p = 1; p < pieces.size(); ++p) add_related_link(pieces[p]);
    for (std::size_t i = at + 1; i < lines_.size(); ++i) {
      std::string_view text = lines_[i].text;
      if (text.empty() || is_furniture(text)) continue;
      if (auto tags = tags_line(text)) {
        read_tags(*tags);
        continue;
      }
      // Link texts are titles; a long sentence means the story goes on.
      if (text.size() > kCaptionBytes && ends_sentence(text)) return i;
      if (auto item = list_item(text)) text = *item;
      for (const auto& piece : split_glued_titles(text)) add_related_link(piece);
    }
    return lines_.size();
  }

  void add_related_link(std::string_view text) {
    auto link = repaired(trim(text));
    if (!link.empty()) story_.related_links.push_back(std::move(link));
  }

  // "Stewart Rocks as Joan JettFanning on Cherie Currie" -> two titles. Splits only after a
  // capitalised word part of four or more letters, so "YouTube", "McDonald" and "MacGyver" stay.
  static std::vector<std::string> split_glued_titles(std::string_view text) {
    std::vector<std::string> out;
    std::size_t from = 0;
    std::size_t word_start = 0;
    for (std::size_t i = 1; i < text.size(); ++i) {
      if (text[i - 1] == ' ') word_start = i;
      if (!(ascii_is_lower(text[i - 1]) && ascii_is_upper(text[i]))) continue;
      if (!ascii_is_upper(text[word_start]) || i - word_start < 4) continue;
      bool letters = true;
      for (std::size_t k = word_start; k < i; ++k)
        letters = letters && std::isalpha(static_cast<unsigned char>(text[k]));
      if (!letters) continue;
      out.emplace_back(trim(text.substr(from, i - from)));
      from = word_start = i;
    }
    out.emplace_back(trim(text.substr(from)));
    return out;
  }

  ScrapedStory finish() {
    Article& article = story_.story.article;
    if (paragraphs_.empty()) {
      const int line = last_header_line_ ? last_header_line_ : headline_line_;
      throw Refusal{line, last_header_line_
                              ? "the story has no body: no paragraphs follow the dateline"
                              : "the story has no body: no paragraphs follow the headline"};
    }
    for (const auto& paragraph : paragraphs_) {
      if (!article.body.empty()) article.body += "\n\n";
      article.body += paragraph;
    }
    article.body += '\n';
    story_.story.body_line = first_body_line_;
    date_story(article, published_, updated_);
    if (!published_ && updated_) {
      story_.notes.push_back("the page gives only an update time; it is imported as a draft");
    } else if (!published_) {
      story_.notes.push_back(
          "no dateline was found; the story is imported as a draft without a publish time");
    }
    return std::move(story_);
  }

  std::vector<Line> lines_;
  const SiteTime& site_time_;
  const GlueRepair& repair_;
  ScrapedStory story_;
  std::optional<Time> published_;
  std::optional<Time> updated_;
  int headline_line_ = 0;
  int last_header_line_ = 0;
  int first_body_line_ = 0;
  std::vector<std::size_t> run_width_;  // per line: the longest line of its run of lines
  Block open_;
  std::vector<Block> items_;
  std::vector<std::string> paragraphs_;
};

}  // namespace

ScrapedStoryResult parse_scraped_story(std::string_view text, const SiteTime& site_time,
                                       const GlueRepair& repair) {
  try {
    if (text.starts_with("\xEF\xBB\xBF")) text.remove_prefix(3);
    if (text.size() > kMaxInputBytes) {
      throw Refusal{0, "the file is " + std::to_string(text.size()) + " bytes; a scraped story " +
                           "may have at most " + std::to_string(kMaxInputBytes)};
    }
    if (trim(text).empty()) throw Refusal{1, "the file is empty"};
    if (auto error = unreadable_text(text, kMaxLineBytes)) return *error;
    ScrapeReader reader(split_lines(normalize_text(text)), site_time, repair);
    return reader.read();
  } catch (Refusal& refusal) {
    return StoryFileError{refusal.line, std::move(refusal.message)};
  }
}

}  // namespace marquee
