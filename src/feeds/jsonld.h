// schema.org structured data (JSON-LD) for pages: NewsArticle for stories (with the entities
// it is about and mentions), VideoObject for clips, and Person / Movie / MusicGroup / ... for
// topic pages. Builds plain JSON from values the site resolved (absolute URLs, names).
#pragma once

#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "core/types.h"

namespace marquee::feeds {

struct LdThing {
  EntityKind kind = EntityKind::person;
  std::string name;
  std::string url;  // absolute topic page
};

struct LdImage {
  std::string url;
  int width = 0;
  int height = 0;
  std::string caption;
};

struct LdVideo {
  std::string name;
  std::string description;
  std::vector<std::string> thumbnail_urls;  // the poster, widest first
  std::string content_url;                  // the file itself
  std::string embed_url;                    // the clip's own page, where it plays
  double duration_seconds = 0;
  Time uploaded{};
};

struct LdArticle {
  std::string url;
  std::string headline;
  std::string description;
  std::string section;  // section name
  Time published{};
  Time modified{};
  std::vector<std::pair<std::string, std::string>> authors;  // name, absolute URL
  std::string publisher_name;
  std::string publisher_url;
  std::optional<LdImage> publisher_logo;  // the theme's logo, absolute
  // The lead photo in the shapes search engines ask for (16:9, 4:3 and 1:1), widest first; or
  // the whole photo alone when its crops are not made.
  std::vector<LdImage> images;
  std::optional<LdVideo> video;
  std::vector<LdThing> about;     // the story's central entities
  std::vector<LdThing> mentions;  // the others it names
  std::vector<std::string> keywords;
};

// One entry of live coverage, as a BlogPosting in liveBlogUpdate.
struct LdLiveUpdate {
  std::string url;       // the story's address with the entry's anchor
  std::string headline;  // the entry's first words
  std::string body;      // plain text
  Time published{};
  Time modified{};
  std::string author;  // name, may be empty
};

struct LdLiveBlog {
  Time coverage_start{};
  std::optional<Time> coverage_end;   // set once the coverage has ended
  std::vector<LdLiveUpdate> updates;  // newest first
};

// The schema.org type for an entity kind: Person, Movie, TVSeries, MusicGroup, MusicRecording,
// MusicAlbum, Organization, Event; a fictional character is a Thing.
const char* schema_type(EntityKind kind);

nlohmann::json news_article_ld(const LdArticle& article);
nlohmann::json video_object_ld(const LdVideo& video);
// A live story: LiveBlogPosting (a NewsArticle's properties, the coverage's start and end, and
// its entries as liveBlogUpdate).
nlohmann::json live_blog_ld(const LdArticle& article, const LdLiveBlog& live);

// One photo of a gallery: its image, who took it, its own page and who is in it.
struct LdGalleryPhoto {
  LdImage image;  // caption is the gallery's
  std::string credit;
  std::string page_url;        // absolute: .../photos/<n>
  std::vector<LdThing> about;  // the people confirmed in it
};

// A gallery's page: the story's fields of an NewsArticle (headline, dates, authors, publisher)
// on an ImageGallery, with every photo as associatedMedia; a photo's own page names it as
// primaryImageOfPage (primary: its index in photos).
nlohmann::json image_gallery_ld(const LdArticle& gallery, const std::vector<LdGalleryPhoto>& photos,
                                std::optional<std::size_t> primary = std::nullopt);

struct LdTopic {
  Entity entity;
  std::string url;
  std::optional<LdImage> image;  // the entity's photo
  // schema.org property -> the things it points at, e.g. "actor" -> cast of a Movie.
  std::map<std::string, std::vector<LdThing>> properties;
};
nlohmann::json topic_ld(const LdTopic& topic);

// The schema.org property that says how `object` relates to `subject` for a predicate, seen
// from the page of `page_kind` (e.g. acted_in seen from a film is "actor"); empty when none fits.
std::string ld_property(const std::string& predicate, bool page_is_subject, EntityKind page_kind);

// <script type="application/ld+json">…</script>, with '<', '>' and '&' written as \u escapes so
// that no text inside can close the element. Invalid UTF-8 is replaced.
std::string ld_script(const nlohmann::json& data);

}  // namespace marquee::feeds
