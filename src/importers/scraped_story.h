// Stories copied from news web pages as plain text, read into the StoryFile value that story
// files produce, plus what the page carried around the story: captions, byline names and the
// related-reading links. Pure parsers; finding authors, linking entities and saving are the
// caller's.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "core/site_time.h"
#include "importers/story_file.h"

namespace marquee {

// Splits link texts that a scrape ran together ("The RunawaysThe Twilight Saga: Eclipsemay be");
// the import command binds enrich's repair_glued_text to the live graph. It is applied to each
// paragraph, caption and heading on its own. An empty function leaves the text as it is.
using GlueRepair = std::function<std::string(std::string_view)>;

// One story read from a scraped page. story.article has headline, dek, body (Markdown
// paragraphs), slug (from the headline), publish_at and updated_at, and status published when the
// page is dated (draft otherwise); the section is left empty for the caller's default and
// story.author_slugs empty, since the page names people, not accounts (see byline_names).
struct ScrapedStory {
  StoryFile story;
  std::vector<std::string> byline_names;   // "Maya Okafor", in byline order
  std::vector<std::string> captions;       // photo captions with their credits, in page order
  std::string related_heading;             // "Read on for more Dakota Fanning & Kristen Stewart"
  std::vector<std::string> related_links;  // the link texts listed under that heading
  // What the reader assumed or left out, for the operator: "line 3: no time in the dateline;
  // midnight in the site's zone is assumed".
  std::vector<std::string> notes;
};

// Refusals reuse the story-file error: a 1-based line (0 when no line applies) and a reason.
using ScrapedStoryResult = std::variant<ScrapedStory, StoryFileError>;

// Reads the plain text of a story page: the headline on the first non-empty line; a dek and
// photo captions before the dateline; datelines and bylines in their common forms ("By Maya
// Okafor | Jul 21, 2010 at 2:39 p.m. ET", "Jul 21, 2010 2:39 PM ET", "Updated: ..."); then
// paragraphs, blank-line separated or one per line, with short unpunctuated lines and lines
// ending in a credit taken as captions; a trailing "Read on for more ..." block read as related
// links; "Tags:" lines as tags. Refuses, with the line and the reason: empty or binary input,
// invalid UTF-8, a line over 64 KiB, no headline, a dateline that cannot be read, no body.
ScrapedStoryResult parse_scraped_story(std::string_view text, const SiteTime& site_time,
                                       const GlueRepair& repair);

// ---- Pieces the HTML reader (html_story.h) shares with the text reader.

// What one dateline or byline says.
struct Dateline {
  std::optional<Time> published;
  std::optional<Time> updated;
  std::vector<std::string> byline_names;
  bool date_only = false;  // a date without a clock: midnight in the site's zone was assumed
};

struct DatelineReading {
  bool is_dateline = false;  // the text is a dateline or byline, read or not
  Dateline dateline;
  std::string problem;  // why a date that is there cannot be read; empty when it was read
};

// Reads text such as "By Maya Okafor and Dev Lindqvist | Jul 21, 2010 at 2:39 p.m. ET",
// "Updated: Jul 22, 2010 at 10:05 a.m. ET", "Wednesday, July 21, 2010" or "By MAYA OKAFOR".
DatelineReading read_dateline(std::string_view text, const SiteTime& site_time);

// "By Maya Okafor and Dev Lindqvist, Staff Writers" -> {"Maya Okafor", "Dev Lindqvist"}.
std::vector<std::string> byline_names(std::string_view byline);

// Plain text as Markdown that renders as that text: inline markers and line-opening block
// markers are backslash-escaped ("*NSYNC" -> "\*NSYNC", "1977. The" -> "1977\. The").
std::string markdown_text(std::string_view plain);

// The first reason the bytes cannot be read as text: a NUL or other control byte, invalid UTF-8,
// a line longer than max_line_bytes. nullopt for readable text.
std::optional<StoryFileError> unreadable_text(std::string_view text, std::size_t max_line_bytes);

}  // namespace marquee
