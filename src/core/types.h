// Marquee's domain: plain value types for stories, people and works, with no I/O inside.
// Every other module speaks in these; storage, rendering and HTTP live elsewhere.
#pragma once

#include <array>
#include <chrono>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace marquee {

using Id = std::int64_t;
using Time = std::chrono::sys_seconds;  // always UTC

enum class ArticleStatus { draft, review, scheduled, published, archived };
const char* to_string(ArticleStatus s);
std::optional<ArticleStatus> parse_article_status(std::string_view s);

// What kind of story a row is; the kind decides the template and the JSON-LD type. A page
// (About, Contact) lives at a path of its own, with no section, date or byline, and is never
// listed with the news (see core/page_paths.h). A live story (an awards night, a premiere) is
// news told in timestamped entries (LiveEntry) until its coverage ends. A gallery is news told
// in an ordered set of photos (Article::photos), each with a page of its own.
enum class ArticleKind { article, page, live, gallery };
const char* to_string(ArticleKind k);
std::optional<ArticleKind> parse_article_kind(std::string_view s);

// Which kinds a reader list or a search takes: the news (every kind but pages), the pages, or
// both. The SQL tests it as a literal, so the partial index of pages serves a list of pages.
enum class KindSet { news, pages, all };

struct Section {
  Id id = 0;
  std::string slug;  // "movies"
  std::string name;  // "Movies"
  int position = 0;  // order in navigation
};

enum class Role { contributor, writer, editor, admin };
const char* to_string(Role r);
std::optional<Role> parse_role(std::string_view s);

// A person with an account or a byline. Authors without a login have an empty email.
struct User {
  Id id = 0;
  std::string email;
  std::string display_name;
  std::string slug;  // author page: /authors/<slug>
  std::string bio;
  Role role = Role::contributor;
  std::string password_hash;  // argon2id string, empty when the user cannot log in
};

enum class LinkSource { automatic, editor };
enum class LinkState { suggested, confirmed, rejected };
const char* to_string(LinkSource s);
const char* to_string(LinkState s);
std::optional<LinkSource> parse_link_source(std::string_view s);
std::optional<LinkState> parse_link_state(std::string_view s);

// Someone in a gallery's photo: suggested by the linker from the photo's caption, or an editor's
// decision (confirmed or rejected), which every later save keeps.
struct PhotoPerson {
  Id entity_id = 0;
  LinkState state = LinkState::suggested;
  double confidence = 0;  // the linker's, 0..1; 1 for an editor's own confirmation
};

// One photo of a gallery: a photo of the media library with the gallery's own words for it.
struct GalleryPhoto {
  Id media_id = 0;
  std::string caption;
  std::string credit;
  std::string alt;
  std::vector<PhotoPerson> people;  // by the order the linker or the editor gave them
};

struct Article {
  Id id = 0;
  ArticleKind kind = ArticleKind::article;
  std::string slug;  // a page's slug is its whole path without the leading slash: "about/team"
  std::string headline;
  std::string dek;
  std::string body;       // Markdown source
  std::string body_html;  // rendered, sanitised, linked
  // A digest of what body_html was rendered from (the Markdown, the links put in it, the
  // renderer's version); empty when not known. `marquee reindex` renders again only when the
  // digest of the inputs it finds differs.
  std::string body_html_key;
  std::string section;  // section slug
  std::vector<Id> author_ids;
  std::vector<std::string> tags;
  ArticleStatus status = ArticleStatus::draft;
  std::optional<Time> publish_at;
  Time created_at{};
  Time updated_at{};
  std::optional<Id> lead_media_id;
  std::optional<Id> clip_media_id;
  bool exclusive = false;
  bool featured = false;
  std::string seo_title;
  std::string seo_description;
  int version = 0;  // bumped on every save; a save with a stale version is a conflict
  // A live story whose coverage has ended: frozen, its entries kept, no "Live" label.
  std::optional<Time> live_ended_at;
  std::vector<GalleryPhoto> photos;  // a gallery's, in reading order; empty for other kinds

  bool is_published() const { return status == ArticleStatus::published && publish_at.has_value(); }
  // "updated" is shown when the story changed noticeably after it went out.
  bool was_updated() const {
    return publish_at && updated_at > *publish_at + std::chrono::minutes(5);
  }
};

// What a list (home, section, topic, related) needs of a story, without the body.
struct ArticleSummary {
  Id id = 0;
  ArticleKind kind = ArticleKind::article;
  std::string slug;
  std::string headline;
  std::string dek;
  std::string section;
  std::optional<Time> publish_at;
  Time updated_at{};
  std::optional<Id> lead_media_id;
  std::optional<Id> clip_media_id;
  std::vector<Id> author_ids;
  bool exclusive = false;
  bool featured = false;
  std::optional<Time> live_ended_at;
};

// Whether a story is live coverage still going on (what the "Live" label says).
inline bool is_live_now(ArticleKind kind, const std::optional<Time>& ended) {
  return kind == ArticleKind::live && !ended;
}

// One timestamped entry of a live story. Entries are rows of their own, so several writers post
// at once without touching the story (its version, revisions and times stay). A deleted entry
// stays as a tombstone with no text, so a reader's event stream hears of the deletion.
struct LiveEntry {
  Id id = 0;
  Id article_id = 0;
  Id author_id = 0;
  Time posted_at{};
  Time updated_at{};
  std::string body;            // Markdown source
  std::string body_html;       // rendered, sanitised, linked
  std::optional<Id> media_id;  // a photo or a clip from the media library
  bool key_moment = false;     // listed in the summary at the top of the page
  bool pinned = false;         // shown before the others
  bool deleted = false;
  // The story's event number of this entry's last change: increasing per story in commit order,
  // it is the id of the Server-Sent Event that carries the change.
  std::int64_t seq = 0;
};

enum class EntityKind { person, film, show, band, song, album, character, organization, event };
// Every kind, in the order pickers list them.
inline constexpr std::array kEntityKinds = {
    EntityKind::person,    EntityKind::film,         EntityKind::show,
    EntityKind::band,      EntityKind::song,         EntityKind::album,
    EntityKind::character, EntityKind::organization, EntityKind::event};
const char* to_string(EntityKind k);
std::optional<EntityKind> parse_entity_kind(std::string_view s);

struct Entity {
  Id id = 0;
  EntityKind kind = EntityKind::person;
  std::string name;
  std::string slug;
  std::vector<std::string> aliases;
  std::string description;
  std::string start_date;  // born, released, formed: ISO date or year, may be empty
  std::string end_date;    // died, disbanded
  double prior = 1.0;      // how often a bare mention of an ambiguous name means this one
  std::string pronouns;    // a person's "she", "he" or "they"; empty when not known
  // The photo that stands for it (a headshot, poster, band photo, album cover) from the media
  // library; its credit and alt text are the photo's.
  std::optional<Id> image_media_id;
};

// subject --predicate--> object, e.g. Kristen Stewart --acted_in{character: Joan Jett}--> The
// Runaways. Predicates are open strings so that new ones need no schema change.
struct Relation {
  Id id = 0;
  Id subject_id = 0;
  std::string predicate;
  Id object_id = 0;
  std::map<std::string, std::string> qualifiers;  // character, year, years, ...
};

// One entity found in one story.
struct ArticleEntity {
  Id article_id = 0;
  Id entity_id = 0;
  int mentions = 0;
  double salience = 0;    // 0..1, how central the entity is to the story
  double confidence = 0;  // 0..1, how sure the linker is
  int first_offset = -1;  // byte offset of the first mention in the body source
  LinkSource source = LinkSource::automatic;
  LinkState state = LinkState::suggested;
};

struct Quote {
  Id id = 0;
  Id article_id = 0;
  std::optional<Id> speaker_id;  // entity
  std::string text;
  int position = 0;  // byte offset in the body source
  double confidence = 0;
};

enum class MediaKind { image, video };

// One resized copy of a photo (or of a clip's poster) in one format, for srcset.
struct Rendition {
  int width = 0;
  int height = 0;
  std::string mime;  // image/jpeg, image/webp, image/avif
  std::string file;  // generated name under the media folder
  std::string crop;  // the aspect ratio it is cut to ("16:9"); empty for the whole photo
};

// An editor's choice of what a crop of one aspect ratio keeps: a window of the photo as
// displayed, in fractions of its width and height (0 to 1), left and top first.
struct CropRect {
  double x = 0;
  double y = 0;
  double width = 0;
  double height = 0;
  bool operator==(const CropRect&) const = default;
};

// A clip's captions in one language: a WebVTT file readers' players show as a <track>.
struct CaptionTrack {
  std::string lang;   // BCP 47 language tag: "en", "pt-BR"
  std::string label;  // what the player's menu shows: "English"
  std::string file;   // generated name under the media folder ("<clip's stem>-<hex>.vtt")
  bool operator==(const CaptionTrack&) const = default;
};

struct Media {
  Id id = 0;
  MediaKind kind = MediaKind::image;
  std::string file;  // generated name under the media folder
  std::string mime;
  int width = 0;
  int height = 0;
  double duration_seconds = 0;  // video
  std::string caption;
  std::string credit;
  std::string alt;
  std::string poster;       // video: file name of the poster frame
  std::string video_codec;  // video: "h264", "vp9"
  std::string audio_codec;  // video: "aac", "opus"; empty when silent
  std::int64_t bytes = 0;   // size of the original file
  // Photo: its renditions. Clip: the renditions of its poster frame (none for clips stored
  // before posters had them: `poster` alone then).
  std::vector<Rendition> renditions;
  std::vector<CaptionTrack> captions;  // clip: by language
  Id uploaded_by = 0;
  Time created_at{};
  // Photo: where its subject is, 0..1 across and down; crops keep it and pages centre on it.
  double focus_x = 0.5;
  double focus_y = 0.5;
  // Photo: the editor's windows by aspect ratio ("16:9"), where the one cut around the focal
  // point would not do. A ratio without one is cut around the focal point.
  std::map<std::string, CropRect> crops;
};

}  // namespace marquee
