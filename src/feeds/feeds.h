// Syndication documents: RSS 2.0, Atom 1.0 and JSON Feed 1.1 from one neutral description of a
// channel and its items. Pure functions over plain values: the site decides what goes in (and
// which URLs), this module only writes well-formed documents, whatever bytes the text holds.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/types.h"

namespace marquee::feeds {

struct FeedPerson {
  std::string name;
  std::string url;  // absolute; may be empty
};

// A file that travels with an item: the story's clip.
struct Enclosure {
  std::string url;  // absolute
  std::string mime;
  std::int64_t bytes = 0;       // RSS requires a length; 0 when unknown
  double duration_seconds = 0;  // JSON Feed only; 0 when unknown
};

// The story's lead photo, as a feed reader shows it beside the item.
struct FeedImage {
  std::string url;  // absolute: the largest JPEG rendition
  int width = 0;
  int height = 0;
  std::int64_t bytes = 0;  // 0 when unknown
  std::string alt;
  std::string credit;
};

struct FeedItem {
  std::string id;   // stable and unique: the story's canonical URL
  std::string url;  // absolute
  std::string title;
  std::string summary;       // plain text (the dek)
  std::string content_html;  // the whole rendered body
  Time published{};
  Time updated{};
  std::vector<FeedPerson> authors;
  std::vector<std::string> categories;  // section name first, then tags
  std::optional<Enclosure> enclosure;
  std::optional<FeedImage> image;
};

struct FeedChannel {
  std::string title;
  std::string description;
  std::string site_url;  // the HTML page the feed follows (home, section, topic), absolute
  std::string feed_url;  // this document's own URL, absolute
  std::string language = "en";
  Time updated{};  // newest change among the items (or now when there are none)
};

enum class FeedFormat { rss, atom, json };

std::string render_feed(FeedFormat format, const FeedChannel& channel,
                        const std::vector<FeedItem>& items);
std::string render_rss(const FeedChannel& channel, const std::vector<FeedItem>& items);
std::string render_atom(const FeedChannel& channel, const std::vector<FeedItem>& items);
std::string render_json_feed(const FeedChannel& channel, const std::vector<FeedItem>& items);

// "application/rss+xml; charset=utf-8", "application/atom+xml; ...", "application/feed+json; ..."
const char* content_type(FeedFormat format);
// "rss.xml", "atom.xml", "feed.json": the file name each format is served under.
const char* file_name(FeedFormat format);
std::optional<FeedFormat> format_for_file_name(std::string_view name);

// Text made safe for XML 1.0: invalid UTF-8 becomes U+FFFD and control characters other than
// tab, newline and carriage return are dropped (XML cannot carry them even escaped).
std::string xml_safe(std::string_view text);

}  // namespace marquee::feeds
