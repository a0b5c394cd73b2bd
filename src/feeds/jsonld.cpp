// schema.org JSON-LD builders; see jsonld.h.
#include "feeds/jsonld.h"

#include <cmath>

#include "core/site_time.h"

namespace marquee::feeds {
namespace {

using nlohmann::json;

json image_object(const LdImage& image) {
  json out = {{"@type", "ImageObject"}, {"url", image.url}};
  if (image.width > 0) out["width"] = image.width;
  if (image.height > 0) out["height"] = image.height;
  if (!image.caption.empty()) out["caption"] = image.caption;
  return out;
}

json thing(const LdThing& t) {
  return {{"@type", schema_type(t.kind)}, {"name", t.name}, {"url", t.url}};
}

json things(const std::vector<LdThing>& list) {
  json out = json::array();
  for (const auto& t : list) out.push_back(thing(t));
  return out;
}

// ISO 8601 duration: "PT1M35S".
std::string iso_duration(double seconds) {
  long total = std::max(0L, std::lround(seconds));
  std::string out = "PT";
  if (total >= 3600) out += std::to_string(total / 3600) + "H";
  if (total % 3600 >= 60) out += std::to_string(total % 3600 / 60) + "M";
  if (total % 60 != 0 || total == 0) out += std::to_string(total % 60) + "S";
  return out;
}

}  // namespace

const char* schema_type(EntityKind kind) {
  switch (kind) {
    case EntityKind::person:
      return "Person";
    case EntityKind::film:
      return "Movie";
    case EntityKind::show:
      return "TVSeries";
    case EntityKind::band:
      return "MusicGroup";
    case EntityKind::song:
      return "MusicRecording";
    case EntityKind::album:
      return "MusicAlbum";
    case EntityKind::organization:
      return "Organization";
    case EntityKind::event:
      return "Event";
    case EntityKind::character:
      return "Thing";
  }
  return "Thing";
}

json video_object_ld(const LdVideo& video) {
  json out = {{"@context", "https://schema.org"},
              {"@type", "VideoObject"},
              {"name", video.name},
              {"description", video.description.empty() ? video.name : video.description},
              {"uploadDate", iso_utc(video.uploaded)}};
  if (!video.thumbnail_urls.empty()) out["thumbnailUrl"] = video.thumbnail_urls;
  if (!video.content_url.empty()) out["contentUrl"] = video.content_url;
  if (!video.embed_url.empty()) out["embedUrl"] = video.embed_url;
  if (video.duration_seconds > 0) out["duration"] = iso_duration(video.duration_seconds);
  return out;
}

json live_blog_ld(const LdArticle& article, const LdLiveBlog& live) {
  json out = news_article_ld(article);
  out["@type"] = "LiveBlogPosting";
  out["coverageStartTime"] = iso_utc(live.coverage_start);
  if (live.coverage_end) out["coverageEndTime"] = iso_utc(*live.coverage_end);
  json updates = json::array();
  for (const auto& u : live.updates) {
    json update = {{"@type", "BlogPosting"},
                   {"url", u.url},
                   {"headline", u.headline},
                   {"articleBody", u.body},
                   {"datePublished", iso_utc(u.published)},
                   {"dateModified", iso_utc(std::max(u.published, u.modified))}};
    if (!u.author.empty()) update["author"] = {{"@type", "Person"}, {"name", u.author}};
    updates.push_back(std::move(update));
  }
  out["liveBlogUpdate"] = std::move(updates);
  return out;
}

json news_article_ld(const LdArticle& article) {
  json out = {{"@context", "https://schema.org"},
              {"@type", "NewsArticle"},
              {"mainEntityOfPage", {{"@type", "WebPage"}, {"@id", article.url}}},
              {"url", article.url},
              {"headline", article.headline},
              {"datePublished", iso_utc(article.published)},
              {"dateModified", iso_utc(std::max(article.modified, article.published))},
              {"publisher",
               {{"@type", "NewsMediaOrganization"},
                {"name", article.publisher_name},
                {"url", article.publisher_url}}}};
  if (article.publisher_logo) {
    out["publisher"]["logo"] = {{"@type", "ImageObject"},
                                {"url", article.publisher_logo->url},
                                {"width", article.publisher_logo->width},
                                {"height", article.publisher_logo->height}};
  }
  if (!article.description.empty()) out["description"] = article.description;
  if (!article.section.empty()) out["articleSection"] = article.section;
  json authors = json::array();
  for (const auto& [name, url] : article.authors) {
    json author = {{"@type", "Person"}, {"name", name}};
    if (!url.empty()) author["url"] = url;
    authors.push_back(std::move(author));
  }
  if (authors.empty()) {
    authors.push_back({{"@type", "Organization"}, {"name", article.publisher_name}});
  }
  out["author"] = std::move(authors);
  if (!article.images.empty()) {
    json images = json::array();
    for (const auto& image : article.images) images.push_back(image_object(image));
    out["image"] = std::move(images);
  } else if (article.video && !article.video->thumbnail_urls.empty()) {
    out["image"] = json::array({article.video->thumbnail_urls.front()});
  }
  if (article.video) {
    json video = video_object_ld(*article.video);
    video.erase("@context");
    out["video"] = std::move(video);
  }
  if (!article.about.empty()) out["about"] = things(article.about);
  if (!article.mentions.empty()) out["mentions"] = things(article.mentions);
  if (!article.keywords.empty()) out["keywords"] = article.keywords;
  out["isAccessibleForFree"] = true;
  return out;
}

json image_gallery_ld(const LdArticle& gallery, const std::vector<LdGalleryPhoto>& photos,
                      std::optional<std::size_t> primary) {
  json out = news_article_ld(gallery);
  out["@type"] = "ImageGallery";
  // A gallery is itself the page (ImageGallery is a WebPage); a section is an Article's.
  out.erase("mainEntityOfPage");
  out.erase("articleSection");
  json media = json::array();
  for (const auto& photo : photos) {
    json image = {{"@type", "ImageObject"},
                  {"contentUrl", photo.image.url},
                  {"url", photo.page_url},
                  {"width", photo.image.width},
                  {"height", photo.image.height}};
    if (!photo.image.caption.empty()) image["caption"] = photo.image.caption;
    if (!photo.credit.empty()) image["creditText"] = photo.credit;
    if (!photo.about.empty()) image["about"] = things(photo.about);
    media.push_back(std::move(image));
  }
  if (primary && *primary < media.size()) out["primaryImageOfPage"] = media[*primary];
  out["associatedMedia"] = std::move(media);
  return out;
}

json topic_ld(const LdTopic& topic) {
  const Entity& e = topic.entity;
  json out = {{"@context", "https://schema.org"},
              {"@type", schema_type(e.kind)},
              {"@id", topic.url + "#topic"},
              {"name", e.name},
              {"url", topic.url}};
  if (!e.description.empty()) out["description"] = e.description;
  if (!e.aliases.empty()) out["alternateName"] = e.aliases;
  const bool person = e.kind == EntityKind::person;
  const bool group = e.kind == EntityKind::band || e.kind == EntityKind::organization;
  if (!e.start_date.empty()) {
    out[person                        ? "birthDate"
        : group                       ? "foundingDate"
        : e.kind == EntityKind::event ? "startDate"
                                      : "datePublished"] = e.start_date;
  }
  if (!e.end_date.empty()) {
    if (person) out["deathDate"] = e.end_date;
    if (group) out["dissolutionDate"] = e.end_date;
    if (e.kind == EntityKind::event) out["endDate"] = e.end_date;
  }
  for (const auto& [property, list] : topic.properties) {
    if (!list.empty()) out[property] = things(list);
  }
  if (topic.image) out["image"] = image_object(*topic.image);
  return out;
}

std::string ld_property(const std::string& predicate, bool page_is_subject, EntityKind page_kind) {
  struct Mapping {
    const char* predicate;
    bool page_is_subject;
    EntityKind page_kind;
    const char* property;
  };
  // Only pairs schema.org defines on the page's own type; others are left out, not guessed.
  static const Mapping kMappings[] = {
      {"acted_in", false, EntityKind::film, "actor"},
      {"acted_in", false, EntityKind::show, "actor"},
      {"directed", false, EntityKind::film, "director"},
      {"directed", false, EntityKind::show, "director"},
      {"member_of", false, EntityKind::band, "member"},
      {"member_of", true, EntityKind::person, "memberOf"},
      {"performed", false, EntityKind::song, "byArtist"},
      {"performed", false, EntityKind::album, "byArtist"},
      {"on_album", true, EntityKind::song, "inAlbum"},
      {"on_album", false, EntityKind::album, "track"},
      {"sibling_of", true, EntityKind::person, "sibling"},
      {"sibling_of", false, EntityKind::person, "sibling"},
      {"wrote", false, EntityKind::film, "author"},
      {"wrote", false, EntityKind::song, "author"},
      {"executive_produced", false, EntityKind::film, "producer"},
  };
  for (const auto& m : kMappings) {
    if (predicate == m.predicate && page_is_subject == m.page_is_subject &&
        page_kind == m.page_kind) {
      return m.property;
    }
  }
  return {};
}

std::string ld_script(const json& data) {
  std::string text = data.dump(-1, ' ', false, json::error_handler_t::replace);
  std::string out = "<script type=\"application/ld+json\">";
  out.reserve(text.size() + 64);
  for (char c : text) {
    switch (c) {
      case '<':
        out += "\\u003c";
        break;
      case '>':
        out += "\\u003e";
        break;
      case '&':
        out += "\\u0026";
        break;
      default:
        out += c;
    }
  }
  out += "</script>";
  return out;
}

}  // namespace marquee::feeds
