// What a page says about itself to machines: Open Graph and Twitter card fields, feed links and
// schema.org JSON-LD (NewsArticle with its entities, VideoObject for a clip, the topic's own
// type), added to the view that head.mustache renders.
#include <algorithm>

#include "core/site_time.h"
#include "core/urls.h"
#include "feeds/jsonld.h"
#include "site/site.h"
#include "text/text.h"

namespace marquee::site {
namespace {

using nlohmann::json;

// Stories' links at or above this salience are what the story is about; the rest are mentions.
constexpr double kAboutSalience = 0.5;

// The theme's logo for search engines and link previews: a square PNG whose name gives its size
// (docs/THEMES.md), as Google asks for a publisher logo of at least 112 px.
constexpr const char* kLogoFile = "logo-512.png";
constexpr int kLogoSize = 512;

}  // namespace

std::vector<feeds::LdImage> Site::ld_images(const Media& photo) const {
  // Google asks for 16:9, 4:3 and 1:1 versions of an article's image; until the crops are
  // made, the whole photo stands alone.
  std::vector<feeds::LdImage> images;
  for (const char* crop : {"16:9", "4:3", "1:1"}) {
    bool made = false;
    for (const auto& r : photo.renditions) made = made || r.crop == crop;
    if (!made) continue;
    if (auto shown = public_photo(photo, crop)) {
      images.push_back({media_url(shown->file), shown->width, shown->height, photo.caption});
    }
  }
  if (images.empty()) {
    if (auto shown = public_photo(photo)) {
      images.push_back({media_url(shown->file), shown->width, shown->height, photo.caption});
    }
  }
  return images;
}

std::optional<feeds::LdImage> Site::publisher_logo() const {
  if (!theme_.static_file(kLogoFile)) return std::nullopt;
  return feeds::LdImage{config_.base_url + "/static/" + kLogoFile, kLogoSize, kLogoSize, ""};
}

void Site::add_home_head(json& view, const ArticleSummary* lead) {
  json& page = view["page"];
  // The home page's preview is its lead story's photo, else the site's logo.
  if (lead && lead->lead_media_id) {
    auto photo = store_.media().find(*lead->lead_media_id);
    auto shown =
        photo && photo->kind == MediaKind::image ? public_photo(*photo, "16:9") : std::nullopt;
    if (shown) {
      page["image"] = {{"url", media_url(shown->file)},
                       {"width", shown->width},
                       {"height", shown->height},
                       {"alt", photo->alt}};
      page["twitter_card"] = "summary_large_image";
      return;
    }
  }
  if (auto logo = publisher_logo()) {
    page["image"] = {{"url", logo->url},
                     {"width", logo->width},
                     {"height", logo->height},
                     {"alt", config_.title}};
  }
}

void Site::add_story_head(json& view, const Article& story) {
  feeds::LdArticle ld = story_head(view["page"], story);
  std::string scripts;
  if (story.kind == ArticleKind::live) {
    feeds::LdLiveBlog live;
    live.coverage_start = *story.publish_at;
    live.coverage_end = story.live_ended_at;
    // The latest entries: search engines read the newest; the page itself has them all.
    for (const auto& entry : store_.live().of_story(story.id, 100)) {
      const std::string body = text::plain_text(entry.body_html);
      std::string author;
      if (auto user = store_.users().find(entry.author_id)) author = user->display_name;
      live.updates.push_back({ld.url + "#entry-" + std::to_string(entry.id),
                              text::excerpt(body, 110), body, entry.posted_at, entry.updated_at,
                              author});
      ld.modified = std::max(ld.modified, entry.updated_at);
    }
    scripts = feeds::ld_script(feeds::live_blog_ld(ld, live));
  } else {
    scripts = feeds::ld_script(feeds::news_article_ld(ld));
  }
  if (ld.video) {
    scripts += '\n';
    scripts += feeds::ld_script(feeds::video_object_ld(*ld.video));
  }
  view["page"]["jsonld"] = std::move(scripts);
}

feeds::LdArticle Site::story_head(json& page, const Article& story) {
  const std::string url = config_.base_url + story_path(story);
  page["og_type"] = "article";
  page["share_title"] = story.headline;
  json article = {{"published", iso_utc(*story.publish_at)},
                  {"modified", iso_utc(std::max(story.updated_at, *story.publish_at))},
                  {"tags", story.tags}};

  feeds::LdArticle ld;
  ld.url = url;
  ld.headline = story.headline;
  ld.description = story.dek;
  ld.published = *story.publish_at;
  ld.modified = story.updated_at;
  ld.publisher_name = config_.title;
  ld.publisher_url = config_.base_url + "/";
  ld.publisher_logo = publisher_logo();
  ld.keywords = story.tags;
  for (const auto& s : all_sections()) {
    if (s.slug == story.section) ld.section = article["section"] = s.name;
  }
  for (Id id : story.author_ids) {
    if (auto user = store_.users().find(id)) {
      ld.authors.emplace_back(user->display_name, config_.base_url + "/authors/" + user->slug);
    }
  }
  if (story.lead_media_id) {
    auto photo = store_.media().find(*story.lead_media_id);
    auto shown = photo && photo->kind == MediaKind::image ? public_photo(*photo) : std::nullopt;
    if (shown) {
      ld.images = ld_images(*photo);
      // Link previews take the 16:9 crop (what Open Graph and Twitter cards show best).
      const auto wide = public_photo(*photo, "16:9");
      page["image"] = {{"url", media_url(wide->file)}, {"alt", photo->alt}};
      page["image"]["width"] = wide->width;
      page["image"]["height"] = wide->height;
    }
  }
  if (story.clip_media_id) {
    if (auto clip = store_.media().find(*story.clip_media_id);
        clip && clip->kind == MediaKind::video) {
      // Readers first saw the clip when the story went out, whenever the file was uploaded.
      ld.video = video_ld(*clip, clip->caption.empty() ? story.headline : clip->caption, story.dek,
                          *story.publish_at);
      add_video_tags(page, *clip, *ld.video);
    }
  }
  auto graph = knowledge_.graph();
  const double threshold = EnrichOptions{}.link_threshold;
  for (const auto& link : store_.links().of_story(story.id)) {  // by salience
    if (link.state == LinkState::rejected) continue;
    if (link.state != LinkState::confirmed && link.confidence < threshold) continue;
    const Entity* entity = graph->entity(link.entity_id);
    if (!entity) continue;
    feeds::LdThing thing{entity->kind, entity->name, config_.base_url + entity_path(*entity)};
    // The most salient entity is always what the story is about.
    bool about = ld.about.empty() || link.salience >= kAboutSalience;
    (about ? ld.about : ld.mentions).push_back(std::move(thing));
  }
  page["article"] = std::move(article);
  page["twitter_card"] = page.contains("image") ? "summary_large_image" : "summary";
  return ld;
}

feeds::LdVideo Site::video_ld(const Media& clip, const std::string& name,
                              const std::string& description, Time uploaded) const {
  feeds::LdVideo video;
  video.name = name;
  video.description = description;
  // The poster as the player shows it first, then its other sizes, widest first.
  if (auto poster = clip_poster(clip, kPlayerPosterWidth)) {
    video.thumbnail_urls.push_back(media_url(poster->file));
  }
  std::vector<const Rendition*> sizes;
  for (const auto& r : clip.renditions) {
    if (r.mime == "image/jpeg") sizes.push_back(&r);
  }
  std::sort(sizes.begin(), sizes.end(),
            [](const Rendition* a, const Rendition* b) { return a->width > b->width; });
  for (const auto* r : sizes) {
    std::string url = media_url(r->file);
    if (std::find(video.thumbnail_urls.begin(), video.thumbnail_urls.end(), url) ==
        video.thumbnail_urls.end()) {
      video.thumbnail_urls.push_back(std::move(url));
    }
  }
  video.content_url = media_url(clip.file);
  video.embed_url = config_.base_url + "/clips/" + std::to_string(clip.id);
  video.duration_seconds = clip.duration_seconds;
  video.uploaded = uploaded;
  return video;
}

void Site::add_video_tags(json& page, const Media& clip, const feeds::LdVideo& video) {
  page["video"] = {{"url", video.content_url}, {"type", clip.mime}};
  if (clip.width > 0) page["video"]["width"] = clip.width;
  if (clip.height > 0) page["video"]["height"] = clip.height;
  if (!page.contains("image") && !video.thumbnail_urls.empty()) {
    page["image"] = {{"url", video.thumbnail_urls.front()}, {"alt", video.name}};
  }
}

void Site::add_clip_head(json& view, const Media& clip, const std::string& name,
                         const std::string& description, Time uploaded) {
  json& page = view["page"];
  page["og_type"] = "video.other";
  const auto video = video_ld(clip, name, description, uploaded);
  add_video_tags(page, clip, video);
  page["twitter_card"] = page.contains("image") ? "summary_large_image" : "summary";
  page["jsonld"] = feeds::ld_script(feeds::video_object_ld(video));
}

void Site::add_topic_head(json& view, const Entity& entity, const KnowledgeGraph& graph,
                          const std::vector<const Relation*>& relations) {
  json& page = view["page"];
  const std::string path = entity_path(entity);
  page["og_type"] = entity.kind == EntityKind::person ? "profile" : "website";
  page["share_title"] = entity.name;
  page["feeds"] = feed_links(config_.title + ": " + entity.name, path);
  feeds::LdTopic topic;
  topic.entity = entity;
  topic.url = config_.base_url + path;
  for (const Relation* relation : relations) {
    const Relation& r = *relation;
    bool is_subject = r.subject_id == entity.id;
    auto property = feeds::ld_property(r.predicate, is_subject, entity.kind);
    if (property.empty()) continue;
    const Entity* other = graph.entity(is_subject ? r.object_id : r.subject_id);
    if (!other) continue;
    auto& values = topic.properties[property];
    if (values.size() >= kTopicRelationsShown) continue;  // as many as the page shows
    values.push_back({other->kind, other->name, config_.base_url + entity_path(*other)});
  }
  if (entity.image_media_id) {
    if (auto photo = store_.media().find(*entity.image_media_id);
        photo && photo->kind == MediaKind::image) {
      if (auto shown = public_photo(*photo)) {
        topic.image =
            feeds::LdImage{media_url(shown->file), shown->width, shown->height, photo->caption};
        page["image"] = {{"url", topic.image->url},
                         {"width", shown->width},
                         {"height", shown->height},
                         {"alt", photo->alt}};
      }
    }
  }
  page["jsonld"] = feeds::ld_script(feeds::topic_ld(topic));
}

}  // namespace marquee::site
