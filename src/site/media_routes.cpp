// Photos and clips on the public site: files at /media/<file> (renditions, posters and clips with
// validators and byte ranges, never a photo's original), clip pages at /clips/<id>, and the lead
// photo and clip views of a story page.
#include <unistd.h>

#include <spdlog/spdlog.h>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cmath>
#include <ctime>

#include "core/urls.h"
#include "media/media.h"
#include "site/site.h"

namespace marquee::site {
namespace {

using nlohmann::json;

// How many of the stories that show a clip its page lists, newest first.
constexpr int kClipStories = 20;

// A multipart/byteranges answer is built in memory, so only up to this many bytes of parts; a
// larger one sends its first part alone (a client must accept that, RFC 9110 14.2).
constexpr std::uint64_t kMaxMultipartBytes = 1ull << 20;

// The `sizes` of a lead photo: the story column is 42rem wide, the whole viewport below that.
constexpr const char* kLeadPhotoSizes = "(min-width: 44.5rem) 42rem, 100vw";
// A card's photo (site.css): the home page's lead photo takes 3/5 of the 72rem page beside its
// headline (the whole width on a phone); a list card's photo is a third of the card.
constexpr const char* kLeadCardSizes = "(min-width: 72rem) 41rem, (min-width: 50rem) 57vw, 100vw";
constexpr const char* kListCardSizes = "(min-width: 72rem) 15rem, (min-width: 50rem) 21vw, 33vw";
// Related reading's thumbnails are 6rem wide beside each headline.
constexpr const char* kThumbnailSizes = "6rem";
// Where the story's lead photo turns from 16:9 to the taller 4:5 (site.css uses the same width).
constexpr const char* kNarrowScreen = "(max-width: 40rem)";

struct FileType {
  std::string_view extension;
  std::string_view mime;
  bool is_photo;
};

constexpr FileType kFileTypes[] = {
    {"jpg", "image/jpeg", true},   {"png", "image/png", true},
    {"webp", "image/webp", true},  {"avif", "image/avif", true},
    {"mp4", "video/mp4", false},   {"mov", "video/quicktime", false},
    {"webm", "video/webm", false}, {"vtt", "text/vtt; charset=utf-8", false},
};

const FileType* file_type(std::string_view name) {
  const auto dot = name.rfind('.');
  if (dot == std::string_view::npos) return nullptr;
  for (const auto& type : kFileTypes) {
    if (name.substr(dot + 1) == type.extension) return &type;
  }
  return nullptr;
}

// "<hex>.jpg" is an original; renditions and posters carry a '-' suffix before the extension.
bool is_original(std::string_view name) {
  return name.find('-') == std::string_view::npos;
}

std::string hex(std::uint64_t n) {
  char out[17];
  auto [end, ec] = std::to_chars(out, out + sizeof out, n, 16);
  (void)ec;
  return std::string(out, end);
}

web::Response not_found() {
  auto response = web::Response::text(404, "Not Found\n");
  response.set_header("Cache-Control", "no-store");
  response.set_header("X-Content-Type-Options", "nosniff");
  return response;
}

// "0:42", "12:05", "1:02:03"
std::string clock_duration(double seconds) {
  const long total = std::max(0L, std::lround(seconds));
  const long h = total / 3600, m = (total / 60) % 60, s = total % 60;
  char out[32];
  if (h > 0) {
    std::snprintf(out, sizeof out, "%ld:%02ld:%02ld", h, m, s);
  } else {
    std::snprintf(out, sizeof out, "%ld:%02ld", m, s);
  }
  return out;
}

// ISO 8601 duration for <time datetime> and schema.org: "PT12S", "PT1M5S".
std::string iso_duration(double seconds) {
  const long total = std::max(0L, std::lround(seconds));
  std::string out = "PT";
  if (total >= 3600) out += std::to_string(total / 3600) + "H";
  if (total >= 60) out += std::to_string((total / 60) % 60) + "M";
  out += std::to_string(total % 60) + "S";
  return out;
}

std::string media_path(const std::string& file) {
  return "/media/" + file;
}

std::string srcset(const std::vector<const Rendition*>& renditions) {
  std::string out;
  for (const auto* r : renditions) {
    if (!out.empty()) out += ", ";
    out += media_path(r->file) + " " + std::to_string(r->width) + "w";
  }
  return out;
}

// A multipart/byteranges body (RFC 9110 14.6) of a few small parts of the file.
web::Response multipart_ranges(web::Response response, const web::OpenFile& file,
                               const media::RangeAnswer& range, std::string_view mime,
                               std::string_view name) {
  const std::string boundary = "marquee-" + hex(file.size()) + "-" + hex(range.length());
  std::string body;
  body.reserve(static_cast<std::size_t>(range.length()) + range.parts.size() * 100);
  for (const auto& part : range.parts) {
    body.append("\r\n--").append(boundary).append("\r\nContent-Type: ").append(mime);
    body.append("\r\nContent-Range: bytes ")
        .append(std::to_string(part.first))
        .append("-")
        .append(std::to_string(part.last))
        .append("/")
        .append(std::to_string(range.size))
        .append("\r\n\r\n");
    const std::size_t at = body.size();
    const auto length = static_cast<std::size_t>(part.last - part.first + 1);
    body.resize(at + length);
    std::size_t done = 0;
    while (done < length) {
      const ssize_t n = ::pread(file.fd(), body.data() + at + done, length - done,
                                static_cast<off_t>(part.first + done));
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) {
        spdlog::error("cannot read media file {}", name);
        auto failed = web::Response::text(500, "Internal Server Error\n");
        failed.set_header("Cache-Control", "no-store");
        return failed;
      }
      done += static_cast<std::size_t>(n);
    }
  }
  body.append("\r\n--").append(boundary).append("--\r\n");
  response.set_header("Content-Type", "multipart/byteranges; boundary=" + boundary);
  response.body = std::move(body);
  return response;
}

}  // namespace

web::Response Site::media_file(const web::Request& request, std::string_view name) const {
  // Only generated names of renditions, posters and clips: a photo's original keeps the camera's
  // metadata (GPS position included) and is never served.
  const FileType* type = file_type(name);
  if (!media_files_ || !type || !media::is_media_name(name) ||
      (type->is_photo && is_original(name))) {
    return not_found();
  }
  auto path = media_files_->path_of(name);
  // Size and time come from the open descriptor, so they describe the very bytes sent.
  auto file = path ? web::OpenFile::open(path->string()) : nullptr;
  if (!file) return not_found();
  const std::uint64_t size = file->size();
  const Time modified{std::chrono::seconds(file->modified())};
  const auto mtime = static_cast<std::time_t>(file->modified());
  std::string etag = "\"";
  etag.append(hex(size)).append("-").append(hex(static_cast<std::uint64_t>(mtime))).append("\"");
  const std::string last_modified = http_date(modified);

  web::Response response;
  response.set_header("Content-Type", std::string(type->mime));
  response.set_header("ETag", etag);
  response.set_header("Last-Modified", last_modified);
  // Generated names are never reused, so a file at an address never changes.
  response.set_header("Cache-Control", "public, max-age=31536000, immutable");
  response.set_header("Accept-Ranges", "bytes");
  response.set_header("X-Content-Type-Options", "nosniff");

  const auto if_none_match = request.header("if-none-match");
  const bool not_modified = !if_none_match.empty()
                                ? web::if_none_match(if_none_match, etag)
                                : request.header("if-modified-since") == last_modified;
  if (not_modified) {
    response.status = 304;
    return response;
  }

  media::RangeAnswer range;
  range.size = size;
  if (auto header = request.header("range");
      !header.empty() && request.method == "GET" &&
      media::if_range_matches(request.header("if-range"), etag, modified)) {
    range = media::parse_range(header, size);
  }
  if (range.kind == media::RangeAnswer::Kind::multipart && range.length() > kMaxMultipartBytes) {
    range.kind = media::RangeAnswer::Kind::partial;
    range.first = range.parts.front().first;
    range.last = range.parts.front().last;
  }
  response.status = range.status();
  switch (range.kind) {
    case media::RangeAnswer::Kind::unsatisfiable:
      response.set_header("Content-Range", range.content_range());
      response.set_header("Content-Type", "text/plain; charset=utf-8");
      response.set_header("Cache-Control", "no-store");  // about this request, not the file
      response.body = "Range Not Satisfiable\n";
      return response;
    case media::RangeAnswer::Kind::multipart:
      return multipart_ranges(std::move(response), *file, range, type->mime, name);
    case media::RangeAnswer::Kind::partial:
      response.set_header("Content-Range", range.content_range());
      response.file = web::FileSlice{std::move(file), range.first, range.length()};
      return response;
    case media::RangeAnswer::Kind::whole:
      break;
  }
  // Streamed from the file by the server as the client reads, whatever the size.
  response.file = web::FileSlice{std::move(file), 0, size};
  return response;
}

// The page may crop a photo (object-fit: cover) and centres the crop on its focal point. The
// Content-Security-Policy allows no inline style, so the point is rounded to 5% steps and named
// by two classes the theme's stylesheet defines (.fx-0 ... .fx-100, .fy-0 ... .fy-100).
namespace {
// "16:9" -> "16x9", for the class that gives a cropped image its box (crop-16x9).
std::string crop_class_name(std::string_view crop) {
  std::string name(crop);
  std::replace(name.begin(), name.end(), ':', 'x');
  return name;
}

std::string focus_class(const Media& photo) {
  auto step = [](double v) {
    return static_cast<int>(std::lround(std::clamp(v, 0.0, 1.0) * 20)) * 5;
  };
  return "fx-" + std::to_string(step(photo.focus_x)) + " fy-" + std::to_string(step(photo.focus_y));
}
}  // namespace

namespace {

// The renditions of one crop of a photo (or of the whole photo: crop ""), by format, narrowest
// first.
struct RenditionSet {
  std::vector<const Rendition*> jpeg, webp, avif;
  bool empty() const { return jpeg.empty(); }
};

RenditionSet renditions_of(const Media& photo, std::string_view crop) {
  RenditionSet set;
  for (const auto& r : photo.renditions) {
    if (r.crop != crop) continue;
    if (r.mime == "image/jpeg") set.jpeg.push_back(&r);
    if (r.mime == "image/webp") set.webp.push_back(&r);
    if (r.mime == "image/avif") set.avif.push_back(&r);
  }
  const auto by_width = [](const Rendition* a, const Rendition* b) { return a->width < b->width; };
  for (auto* list : {&set.jpeg, &set.webp, &set.avif}) {
    std::sort(list->begin(), list->end(), by_width);
  }
  return set;
}

// The smallest JPEG at least `wanted` pixels wide, else the widest: the fallback src.
const Rendition* fallback_of(const RenditionSet& set, int wanted) {
  for (const auto* r : set.jpeg) {
    if (r->width >= wanted) return r;
  }
  return set.jpeg.back();
}

// <source> elements for the AVIF and WebP of a set, each for `media` when not empty.
void add_sources(json& sources, const RenditionSet& set, const char* sizes, std::string_view media,
                 const Rendition& size) {
  auto add = [&](const std::vector<const Rendition*>& list, const char* type) {
    if (list.empty()) return;
    json source = {{"type", type},
                   {"srcset", srcset(list)},
                   {"sizes", sizes},
                   {"width", size.width},
                   {"height", size.height}};
    if (!media.empty()) source["media"] = media;
    sources.push_back(std::move(source));
  };
  add(set.avif, "image/avif");
  add(set.webp, "image/webp");
  if (!media.empty()) add(set.jpeg, "image/jpeg");  // the img's own JPEG is the other shape
}

}  // namespace

json Site::photo_view(const Media& photo, const PhotoSlot& slot) const {
  // The slot's crop once it has been made; until then (or for a photo too small for it) the
  // whole photo, cropped by the page (object-fit) around the focal point.
  RenditionSet set = renditions_of(photo, slot.crop);
  const bool cropped = !set.empty() && !slot.crop.empty();
  if (set.empty()) set = renditions_of(photo, {});
  if (set.empty()) return nullptr;
  const Rendition* fallback = fallback_of(set, slot.fallback_width);
  json sources = json::array();
  // Art direction: a narrow screen gets its own shape of the photo, when the slot has one.
  if (!slot.narrow_crop.empty() && *slot.narrow_media) {
    const RenditionSet narrow = renditions_of(photo, slot.narrow_crop);
    if (!narrow.empty()) {
      add_sources(sources, narrow, slot.sizes, slot.narrow_media,
                  *fallback_of(narrow, slot.fallback_width / 2));
    }
  }
  add_sources(sources, set, slot.sizes, {}, *fallback);
  json view = {{"id", photo.id},
               {"src", media_path(fallback->file)},
               {"srcset_jpeg", srcset(set.jpeg)},
               {"sources", std::move(sources)},
               {"sizes", slot.sizes},
               {"width", fallback->width},
               {"height", fallback->height},
               {"alt", photo.alt},
               {"caption", photo.caption},
               {"credit", photo.credit},
               {"crop", cropped ? slot.crop : ""},
               {"crop_class", cropped ? "crop-" + crop_class_name(slot.crop) : "uncropped"},
               {"focus_class", focus_class(photo)}};
  return view;
}

json Site::photo_view(const Media& photo) const {
  return photo_view(photo, PhotoSlot{.crop = "16:9",
                                     .sizes = kLeadPhotoSizes,
                                     .fallback_width = 1024,
                                     .narrow_crop = "4:5",
                                     .narrow_media = kNarrowScreen});
}

json Site::card_photo_view(const Media& photo, CardSlot slot) const {
  // The home lead's photo is wide beside its headline; a list card's and related reading's are
  // square beside theirs.
  PhotoSlot shape;
  switch (slot) {
    case CardSlot::lead:
      shape = {.crop = "16:9", .sizes = kLeadCardSizes, .fallback_width = 1024};
      break;
    case CardSlot::list:
      shape = {.crop = "1:1", .sizes = kListCardSizes, .fallback_width = 480};
      break;
    default:
      shape = {.crop = "1:1", .sizes = kThumbnailSizes, .fallback_width = 200};
      break;
  }
  json view = photo_view(photo, shape);
  if (view.is_null()) return view;
  view.erase("caption");
  view.erase("credit");
  return view;
}

json Site::clip_view(const Media& clip) const {
  json view = {{"id", clip.id},
               {"url", "/clips/" + std::to_string(clip.id)},
               {"src", media_path(clip.file)},
               {"mime", clip.mime},
               {"width", clip.width},
               {"height", clip.height},
               {"duration", clock_duration(clip.duration_seconds)},
               {"duration_iso", iso_duration(clip.duration_seconds)},
               {"title", clip.caption.empty() ? std::string("Video clip") : clip.caption},
               {"caption", clip.caption},
               {"credit", clip.credit},
               {"description", clip.alt}};
  if (auto poster = clip_poster(clip, kPlayerPosterWidth)) {
    view["poster"] = media_path(poster->file);
  }
  // Captions: the first track is on by default, so that a muted autoplay-free player still
  // shows words to a reader who cannot hear it.
  json tracks = json::array();
  for (const auto& track : clip.captions) {
    tracks.push_back({{"src", media_path(track.file)},
                      {"lang", track.lang},
                      {"label", track.label},
                      {"default", tracks.empty()}});
  }
  view["has_captions"] = !tracks.empty();
  view["captions"] = std::move(tracks);
  return view;
}

void Site::add_story_media(json& story_view, const Article& story,
                           std::vector<std::string>& cache_tags) {
  // A story with a clip leads with the clip; its lead photo still stands for it in lists and
  // link previews, so it is not shown twice.
  if (story.clip_media_id) {
    cache_tags.push_back("media:" + std::to_string(*story.clip_media_id));
    auto clip = store_.media().find(*story.clip_media_id);
    if (clip && clip->kind == MediaKind::video) {
      json view = clip_view(*clip);
      view["exclusive"] = story.exclusive;
      story_view["clip"] = std::move(view);
      return;
    }
  }
  if (story.lead_media_id) {
    cache_tags.push_back("media:" + std::to_string(*story.lead_media_id));
    auto photo = store_.media().find(*story.lead_media_id);
    if (photo && photo->kind == MediaKind::image) {
      json view = photo_view(*photo);
      if (!view.is_null()) story_view["lead_photo"] = std::move(view);
    }
  }
}

Site::Rendered Site::clip_page(const Route& route) {
  Id id = 0;
  auto [end, ec] = std::from_chars(route.slug.data(), route.slug.data() + route.slug.size(), id);
  std::optional<Media> clip;
  if (ec == std::errc() && end == route.slug.data() + route.slug.size() && id > 0) {
    clip = store_.media().find(id);
  }
  // A clip has a public page only once a published story shows it: an exclusive uploaded ahead
  // of its story stays unseen until then.
  std::vector<ArticleSummary> shown_in;
  if (clip && clip->kind == MediaKind::video) {
    ArticleQuery showing;
    showing.clip_media_id = clip->id;
    showing.limit = kClipStories;
    shown_in = store_.articles().list(showing);
  }
  if (shown_in.empty()) {
    return direct(
        error_page(404, "Clip not found", "This clip does not exist or is not available."));
  }
  bool exclusive = false;
  for (const auto& story : shown_in) exclusive = exclusive || story.exclusive;
  json clip_json = clip_view(*clip);
  clip_json["exclusive"] = exclusive;
  // A story that starts or stops showing the clip drops "media:<id>" (see invalidate_story), so
  // the list is right at once.
  std::vector<std::string> tags = {"media:" + std::to_string(clip->id)};
  clip_json["stories"] = card_views(shown_in, tags);
  const std::string title = clip_json["title"].get<std::string>();
  const std::string description = clip->alt.empty() ? clip->caption : clip->alt;
  json view = layout_view(title, description, "/clips/" + std::to_string(clip->id),
                          shown_in.front().section);
  view["clip"] = std::move(clip_json);
  // Readers first saw the clip when its first story went out (the list is newest first).
  add_clip_head(view, *clip, title, description,
                shown_in.back().publish_at.value_or(shown_in.back().updated_at));
  for (const auto& story : shown_in) tags.push_back("article:" + std::to_string(story.id));
  return {theme_.render_page("clip", view), std::move(tags), std::nullopt};
}

}  // namespace marquee::site
