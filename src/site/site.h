// The public site: routes a request to a page, builds the page's view from the store, renders
// it with the theme and keeps it in the page cache. Published pages are served from memory;
// only a cache miss reads the store.
#pragma once

#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "core/site_time.h"
#include "core/types.h"
#include "feeds/jsonld.h"
#include "newsroom/knowledge.h"
#include "newsroom/page_watcher.h"
#include "site/config.h"
#include "site/page_cache.h"
#include "site/theme.h"
#include "store/changes.h"
#include "store/store.h"
#include "web/http.h"

namespace marquee::media {
class MediaStore;
}

namespace marquee::site {

// The site keeps the rendered pages, so it is what the newsroom tells after a write.
class Site final : public newsroom::PageWatcher {
 public:
  // A player is at most the story column's 42rem (672 px) wide: a 1024-pixel poster is sharp on
  // most screens without sending the 1600-pixel one. Search engines are given that one first.
  static constexpr int kPlayerPosterWidth = 1024;

  // Loads the theme; throws std::runtime_error (theme) or ConfigError (zone) when it cannot.
  Site(SiteConfig config, Store& store, newsroom::Knowledge& knowledge);

  // Never throws: a failure inside becomes the theme's 500 page and a log line.
  web::Response handle(const web::Request& request);
  // What needs no store and no render, for the server's io threads (web::Handlers::fast): a
  // page in the cache (or its 304) and files under /media/. nullopt: handle() it. Never throws.
  std::optional<web::Response> handle_fast(const web::Request& request);

  // The URL path of a published story: /movies/2010/07/21/the-runaways-clip; of a page, its own
  // path: /about/team
  std::string story_path(const ArticleSummary& story) const;
  std::string story_path(const Article& story) const;

  // Drops every cached page that shows the given story (its page, home, its sections, its
  // authors' pages, and the pages of the entities it is linked to, whose related blocks and
  // lists may show it). Call after any write that changes a story.
  void invalidate_story(const Article& before, const Article& after,
                        const std::vector<Id>& entity_ids);
  void invalidate(const std::vector<std::string>& tags);

  // newsroom::PageWatcher
  void story_changed(const Article& before, const Article& after,
                     const std::vector<Id>& entity_ids) override {
    invalidate_story(before, after, entity_ids);
  }
  void story_body_changed(const Article& story, Id entity_id) override;
  void everything_changed() override { invalidate_all(); }
  // Drops every cached page (theme assets are loaded again at once).
  void invalidate_all();

  // Other nodes serving the same store hear of every invalidation through this feed (may be
  // null: one node, or a command-line tool). Not owned.
  void set_change_feed(ChangeFeed* feed) { feed_ = feed; }
  // What another node announced: drops those pages here without announcing again.
  void apply_remote_tags(const std::vector<std::string>& tags) { cache_.invalidate(tags); }
  void apply_remote_everything();
  // Drops this node's cached pages alone, announcing nothing: what only this node's memory
  // changed (its related index, built after start-up, is ready).
  void drop_cached_pages() { cache_.clear(); }

  // Photo renditions, posters and clips are served from here at /media/<file>, and clip pages at
  // /clips/<id> (media_routes.cpp). Without it those addresses answer 404. Must outlive the site.
  void set_media_store(const media::MediaStore* files) { media_files_ = files; }
  // Before serving only: the address the server really listens on (port 0 picks one), when
  // the configuration gave no base_url.
  void set_base_url(std::string base_url) { config_.base_url = std::move(base_url); }

  // A story as readers would see it, from a value that may never have been saved (the editor's
  // form): its page rendered by the theme with a noindex tag and never cached, and the social
  // card its og: and twitter: tags give.
  struct SocialCard {
    std::string title, description, url, site_name, image_url, image_alt;
  };
  struct Preview {
    std::string html;
    SocialCard card;
  };
  Preview preview_story(Article story);

  // Live coverage (live.cpp). An entry as the API and the readers' events give it (JSON), and
  // its markup as the story page shows it (the theme's live_entry template).
  nlohmann::json live_entry_json(const LiveEntry& entry);
  std::string live_entry_html(const LiveEntry& entry);
  // newsroom::PageWatcher
  void live_entries_changed(const Article& story, const std::vector<Id>& entity_ids) override;

  PageCache& cache() { return cache_; }
  const SiteConfig& config() const { return config_; }
  const SiteTime& time() const { return time_; }

 private:
  // Tells the other nodes (best effort: this node's cache is right whatever happens).
  void announce(std::string_view payload);
  // A page rendered for the cache, or a response to send as it is (404, redirect).
  struct Rendered {
    std::string html;
    std::vector<std::string> tags;
    std::optional<web::Response> direct;
    std::string content_type = "text/html; charset=utf-8";
  };
  static Rendered direct(web::Response response) { return {{}, {}, std::move(response)}; }
  // What the path says: a section, a story (section, date, slug), an author or a topic.
  struct Route {
    std::optional<EntityKind> kind;
    std::string section;
    std::string slug;
    int year = 0, month = 0, day = 0;
    int page = 1;
    int photo = 0;           // a gallery's photo page: /<story>/photos/<photo>, from 1
    std::string file;        // feeds and sitemaps: "rss.xml", "news.xml", "stories-2010-07.xml"
    std::string story_path;  // a live story's feed of entries: the story's address
    std::string tag;         // tag pages and their feeds: the tag as stories carry it
    std::string after;       // a keyset page's cursor (?after=): tag and "Photos of" pages
  };

  web::Response dispatch(const web::Request& request);
  web::Response route_request(const web::Request& request);
  // Where an old address of a site moved in (a WordPress permalink, category, feed) now lives,
  // asked only of what would otherwise be a 404, so the pages that exist pay nothing for it.
  std::optional<std::string> moved_address(const web::Request& request, std::string_view path);
  // The sections shown in the navigation: the navigation setting's, in its order, when an editor
  // (or an import) chose them; otherwise every section.
  std::vector<Section> navigation_sections();
  web::Response serve_cached(const web::Request& request, const CachedPage& page) const;
  web::Response error_page(int status, const std::string& title, const std::string& message);
  web::Response render_and_cache(const web::Request& request, const std::string& key,
                                 Rendered (Site::*render)(const Route&), const Route& route);

  Rendered home_page(const Route& route);
  Rendered section_page(const Route& route);
  Rendered story_page(const Route& route);
  // The story page's view; adds the cache tags of what it shows.
  // older_than: for a live story, the page of updates after (older than) that entry.
  nlohmann::json story_view(const Article& story, std::vector<std::string>& cache_tags,
                            Id older_than = 0);
  Rendered author_page(const Route& route);
  // /tags/<tag>: the stories carrying the tag, newest first, in keyset pages (?after=<id>).
  Rendered tag_page(const Route& route);
  // "/tags/Kristen%20Stewart": a tag's page; its cache tag is "tag:" and the same encoding.
  static std::string tag_path(const std::string& tag);
  static std::string tag_cache_tag(const std::string& tag);
  // Galleries (galleries.cpp): a gallery's page and its photos' pages, the strip a story shows
  // for a gallery it embeds, a topic's galleries and the "Photos of" page of a person.
  Rendered gallery_page(const Article& gallery, int photo);
  nlohmann::json gallery_photo_view(const Article& gallery, std::size_t index,
                                    const KnowledgeGraph& graph, std::vector<std::string>& tags);
  void add_gallery_head(nlohmann::json& view, const Article& gallery,
                        std::optional<std::size_t> photo, const KnowledgeGraph& graph);
  std::string fill_gallery_embeds(const std::string& body_html, std::vector<std::string>& tags);
  void add_topic_galleries(nlohmann::json& view, const Entity& entity,
                           std::vector<std::string>& tags);
  Rendered photos_of_page(const Route& route);
  Rendered topic_page(const Route& route);
  // A plain page at its own path (pages.cpp); route.slug is the path, "about/team".
  Rendered page_page(const Route& route);
  Rendered section_or_page(const Route& route);
  nlohmann::json related_view(const Article& story, std::vector<std::string>& cache_tags);
  // A topic page's photo of its entity (credit and caption with it), and the photos and clips
  // of the newest stories about it (topics.cpp).
  nlohmann::json entity_image_view(const Entity& entity, std::vector<std::string>& cache_tags);
  nlohmann::json topic_media_view(const Entity& entity, std::vector<std::string>& cache_tags);
  // A live story's entries (pinned first, then newest first), its key moments and where its
  // page listens for more (live.cpp); adds the tags of the photos and clips they show.
  nlohmann::json live_view(const Article& story, std::vector<std::string>& cache_tags,
                           Id older_than);
  nlohmann::json live_entry_view(const LiveEntry& entry, std::vector<std::string>& cache_tags);
  // Readers' comments kept from a site moved in, threaded; null when there are none or the
  // "comments.archive" setting is "hidden".
  nlohmann::json archive_view(Id article_id);
  // Media (media_routes.cpp): files, the clip page, and the story's lead photo and clip views.
  web::Response media_file(const web::Request& request, std::string_view name) const;
  Rendered clip_page(const Route& route);
  void add_story_media(nlohmann::json& story_view, const Article& story,
                       std::vector<std::string>& cache_tags);
  // The story's lead photo: its 16:9 crop, and 4:5 on a phone.
  nlohmann::json photo_view(const Media& photo) const;
  // How a page slot shows a photo: the crop it takes ("16:9"; empty: the whole photo), its
  // `sizes`, the width its fallback src should fill, and optionally another crop for narrow
  // screens (art direction: a media query and a crop).
  struct PhotoSlot {
    std::string crop;
    const char* sizes = "100vw";
    int fallback_width = 1024;
    std::string narrow_crop;
    const char* narrow_media = "";
  };
  // A photo as `slot` shows it: <source>s (AVIF, WebP; the narrow crop first) and the JPEG
  // fallback with srcset, width, height and alt; null for a photo without renditions.
  nlohmann::json photo_view(const Media& photo, const PhotoSlot& slot) const;
  // A story card's photo: the srcset of photo_view with the sizes and fallback of its slot.
  // none: a list of headlines only (the home page's section boxes), so no photo is looked up.
  enum class CardSlot { lead, list, thumbnail, none };
  nlohmann::json card_photo_view(const Media& photo, CardSlot slot) const;
  nlohmann::json clip_view(const Media& clip) const;

  // Reaching readers: feeds, sitemaps and robots.txt (feed_routes.cpp), search
  // (search_page.cpp), head tags and schema.org JSON-LD (structured_data.cpp).
  std::optional<web::Response> reach_route(const web::Request& request,
                                           const std::vector<std::string_view>& parts,
                                           const std::string& key, int page);
  Rendered feed_page(const Route& route);
  Rendered live_feed_page(const Route& route);  // live.cpp
  Rendered sitemap_page(const Route& route);
  Rendered robots_page(const Route& route);
  web::Response search_page(const web::Request& request, int page);
  void add_story_head(nlohmann::json& view, const Article& story);
  // A clip's page: og:video, its poster as og:image, and the VideoObject alone.
  void add_clip_head(nlohmann::json& view, const Media& clip, const std::string& name,
                     const std::string& description, Time uploaded);
  // The VideoObject of a clip: its poster sizes, its file, its page as embedUrl.
  feeds::LdVideo video_ld(const Media& clip, const std::string& name,
                          const std::string& description, Time uploaded) const;
  static void add_video_tags(nlohmann::json& page, const Media& clip, const feeds::LdVideo& video);
  // The head fields of a story page (og:, article:, image) and its JSON-LD values, which a
  // story or a gallery page turns into its schema.org type.
  feeds::LdArticle story_head(nlohmann::json& page, const Article& story);
  // og:image and twitter:image of the home page (lead may be null: no stories yet).
  void add_home_head(nlohmann::json& view, const ArticleSummary* lead);
  std::optional<feeds::LdImage> publisher_logo() const;
  // A photo for JSON-LD: its 16:9, 4:3 and 1:1 crops, absolute (structured_data.cpp).
  std::vector<feeds::LdImage> ld_images(const Media& photo) const;
  void add_topic_head(nlohmann::json& view, const Entity& entity, const KnowledgeGraph& graph,
                      const std::vector<const Relation*>& relations);
  nlohmann::json feed_links(const std::string& title, const std::string& base_path);
  std::string media_url(const std::string& file) const;
  // A topic page shows at most this many relations under each heading (with how many more),
  // and its JSON-LD as many of each property: a prolific actor's page stays one screen of roles.
  static constexpr std::size_t kTopicRelationsShown = 20;
  // "Often covered with" names this many entities, counted in the topic's newest
  // kCoMentionWindow stories: the same cost however large the archive about it is.
  static constexpr std::size_t kTopicCoveredWith = 8;
  static constexpr std::size_t kCoMentionWindow = 1000;
  // A live story's page shows its pinned entries (at most kLivePinnedShown) and then this many
  // others, newest first, with a link to the older ones; its summary lists at most
  // kLiveKeyMomentsShown key moments, each linking to the page it is on.
  static constexpr int kLiveEntriesPerPage = 50;
  static constexpr int kLivePinnedShown = 20;
  static constexpr int kLiveKeyMomentsShown = 100;
  nlohmann::json relations_view(const Entity& entity, const KnowledgeGraph& graph,
                                const std::vector<const Relation*>& relations);

  nlohmann::json layout_view(const std::string& title, const std::string& description,
                             const std::string& canonical_path, const std::string& current_section);
  nlohmann::json card_view(const ArticleSummary& story);
  // Cards with their section and photo; adds the tags of what they show to cache_tags.
  std::vector<nlohmann::json> card_views(const std::vector<ArticleSummary>& stories,
                                         std::vector<std::string>& cache_tags,
                                         CardSlot slot = CardSlot::list);
  nlohmann::json byline_view(const std::vector<Id>& author_ids);
  nlohmann::json pagination_view(const std::string& base_path, int page, int total);
  // One keyset page of a story list at `path` (section, author, tag and topic pages): the
  // stories after the cursor ?after=<story id>, a page's worth, and `pagination` with the links
  // to the newest page and the next (there is no page count: nothing counts the archive). A
  // cursor that is not a story id is a 400 and an empty page after one a 404 (`none` says what
  // the list has none of); `canonical` is the page's own address.
  struct StoryPage {
    std::vector<ArticleSummary> stories;
    nlohmann::json pagination;
    std::string canonical;
  };
  std::variant<StoryPage, web::Response> story_list_page(ArticleQuery query, const Route& route,
                                                         const std::string& path);
  void load_static_files();
  // The sections, read once and kept until everything changes (they change only through the
  // content commands and imports, which announce that): a home page of nine lists read them for
  // each list, a round trip to the store each (three on PostgreSQL).
  std::vector<Section> all_sections();

  SiteConfig config_;
  Store& store_;
  newsroom::Knowledge& knowledge_;
  SiteTime time_;
  Theme theme_;
  PageCache cache_;
  std::string asset_version_;
  ChangeFeed* feed_ = nullptr;  // changes whenever a static file changes: cache-busts /static/
  const media::MediaStore* media_files_ = nullptr;
  std::mutex sections_lock_;
  std::optional<std::vector<Section>> sections_;  // guarded by sections_lock_
};

}  // namespace marquee::site
