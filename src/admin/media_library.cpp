// The media library of media_library.h: uploads through MediaStore into the store, detail edits,
// deletion of records and files, and the media rule for publishing.
#include "admin/media_library.h"

#include <spdlog/spdlog.h>

#include <algorithm>

#include "admin/crop_renderer.h"
#include "core/ascii.h"
#include "text/text.h"

namespace marquee::admin {
namespace {

std::string megabytes(std::uint64_t bytes) {
  return std::to_string(bytes >> 20) + " MB";
}

// Line breaks and tabs become spaces (these are one-line texts); other control characters are
// refused, since they are never typed and only make trouble in HTML and feeds.
std::optional<std::string> clean_field(std::string_view value) {
  std::string out(ascii_trim(value));
  for (char& c : out) {
    if (c == '\t' || c == '\r' || c == '\n') c = ' ';
    const auto u = static_cast<unsigned char>(c);
    if (u < 0x20 || u == 0x7f) return std::nullopt;
  }
  return out;
}

MediaProblem refusal(const media::MediaError& error, const media::MediaOptions& options) {
  switch (error.kind) {
    case media::MediaErrorKind::unsupported_type:
      return {415, "file",
              "This file is not a photo or clip we accept. Upload a JPEG, PNG or WebP photo, or "
              "an MP4 or WebM clip."};
    case media::MediaErrorKind::too_large:
      return {413, "file",
              "This file is too large. Photos may be up to " + megabytes(options.max_image_bytes) +
                  " and " + std::to_string(options.max_image_pixels / 1'000'000) +
                  " megapixels; clips up to " + megabytes(options.max_video_bytes) + "."};
    case media::MediaErrorKind::corrupt:
      return {422, "file",
              "This file is damaged or incomplete and could not be read. Try uploading it "
              "again."};
    case media::MediaErrorKind::no_video_stream:
      return {422, "file", "This file has no video in it. Upload a clip with a picture."};
    case media::MediaErrorKind::not_webvtt:  // captions go through add_captions
    case media::MediaErrorKind::io_error:
      break;
  }
  return {500, "file", "The file could not be saved just now. Please try again."};
}

}  // namespace

std::variant<MediaDetails, MediaProblem> clean_details(const MediaDetails& details) {
  struct Field {
    const char* name;
    const char* label;
    const std::string& value;
    std::size_t limit;
  };
  const Field fields[] = {{"caption", "The caption", details.caption, kMaxCaptionBytes},
                          {"credit", "The credit", details.credit, kMaxCreditBytes},
                          {"alt", "The alt text", details.alt, kMaxAltBytes}};
  std::string cleaned[3];
  for (std::size_t i = 0; i < 3; ++i) {
    const Field& f = fields[i];
    if (!text::is_valid_utf8(f.value)) {
      return MediaProblem{400, f.name, std::string(f.label) + " is not valid text."};
    }
    auto value = clean_field(f.value);
    if (!value) {
      return MediaProblem{400, f.name, std::string(f.label) + " contains control characters."};
    }
    if (value->size() > f.limit) {
      return MediaProblem{400, f.name,
                          std::string(f.label) + " is too long: at most " +
                              std::to_string(f.limit) + " characters."};
    }
    cleaned[i] = std::move(*value);
  }
  return MediaDetails{std::move(cleaned[0]), std::move(cleaned[1]), std::move(cleaned[2])};
}

MediaLibrary::MediaLibrary(Store& store, media::MediaStore& files) : store_(store), files_(files) {}

std::variant<Media, MediaProblem> MediaLibrary::upload(std::string_view bytes,
                                                       const MediaDetails& details, Id uploader) {
  auto cleaned = clean_details(details);
  if (auto* problem = std::get_if<MediaProblem>(&cleaned)) return *problem;
  if (bytes.empty()) return MediaProblem{400, "file", "Choose a photo or clip to upload."};
  return record(files_.store_bytes(bytes), std::get<MediaDetails>(cleaned), uploader);
}

std::variant<Media, MediaProblem> MediaLibrary::upload_file(const std::filesystem::path& file,
                                                            const MediaDetails& details,
                                                            Id uploader) {
  auto cleaned = clean_details(details);
  if (auto* problem = std::get_if<MediaProblem>(&cleaned)) return *problem;
  return record(files_.store_file(file), std::get<MediaDetails>(cleaned), uploader);
}

std::variant<Media, MediaProblem> MediaLibrary::record(media::Result<media::StoredMedia> stored,
                                                       const MediaDetails& details, Id uploader) {
  if (!stored) {
    if (stored.error().kind == media::MediaErrorKind::io_error) {
      spdlog::error("media upload failed: {}", stored.error().detail);
    }
    return refusal(stored.error(), files_.options());
  }
  Media item = stored->to_media();
  item.caption = details.caption;
  item.credit = details.credit;
  item.alt = details.alt;
  item.uploaded_by = uploader;
  try {
    Media saved = store_.media().save(item);
    crops_changed(saved);
    return saved;
  } catch (...) {
    // The files are in place but nothing points at them: take them away again.
    remove_files(item);
    throw;
  }
}

std::optional<Media> MediaLibrary::find(Id id) {
  return store_.media().find(id);
}

std::vector<Media> MediaLibrary::list(std::optional<MediaKind> kind, int limit, int offset) {
  return store_.media().list(kind, limit, offset);
}

std::optional<std::variant<Media, MediaProblem>> MediaLibrary::update(Id id,
                                                                      const MediaDetails& details) {
  auto item = store_.media().find(id);
  if (!item) return std::nullopt;
  auto cleaned = clean_details(details);
  if (auto* problem = std::get_if<MediaProblem>(&cleaned)) return *problem;
  const auto& d = std::get<MediaDetails>(cleaned);
  item->caption = d.caption;
  item->credit = d.credit;
  item->alt = d.alt;
  return store_.media().save(*item);
}

std::optional<std::variant<Media, MediaProblem>> MediaLibrary::set_focus(Id id, double x,
                                                                         double y) {
  auto item = store_.media().find(id);
  if (!item) return std::nullopt;
  if (item->kind != MediaKind::image) {
    return MediaProblem{422, "focus", "Only a photo has a focal point."};
  }
  if (!(x >= 0 && x <= 1 && y >= 0 && y <= 1)) {  // NaN fails too
    return MediaProblem{422, "focus", "Click inside the photo to set its focal point."};
  }
  item->focus_x = x;
  item->focus_y = y;
  Media saved = store_.media().save(*item);
  crops_changed(saved);
  return saved;
}

std::optional<std::variant<Media, MediaProblem>> MediaLibrary::set_crop(
    Id id, std::string_view ratio, std::optional<CropRect> window) {
  auto item = store_.media().find(id);
  if (!item) return std::nullopt;
  if (item->kind != MediaKind::image) {
    return MediaProblem{422, "crop", "Only a photo can be cropped."};
  }
  const auto& shapes = files_.options().crop_shapes;
  const auto shape = std::find_if(shapes.begin(), shapes.end(),
                                  [&](const auto& s) { return s.ratio.name() == ratio; });
  if (shape == shapes.end()) {
    return MediaProblem{422, "ratio", "The site makes no crop of that shape."};
  }
  if (window) {
    const CropRect& w = *window;
    constexpr double kSlack = 1e-6;  // a window dragged to the edge may round just past it
    if (!(w.x >= 0 && w.y >= 0 && w.width > 0 && w.height > 0 && w.x + w.width <= 1 + kSlack &&
          w.y + w.height <= 1 + kSlack)) {
      return MediaProblem{422, "crop", "Draw the crop inside the photo."};
    }
    CropRect inside = w;
    inside.width = std::min(inside.width, 1 - inside.x);
    inside.height = std::min(inside.height, 1 - inside.y);
    item->crops[std::string(ratio)] = inside;
  } else {
    item->crops.erase(std::string(ratio));
  }
  Media saved = store_.media().save(*item);
  crops_changed(saved);
  return saved;
}

std::size_t MediaLibrary::crops_pending() const {
  return renderer_ ? renderer_->pending() : 0;
}

void MediaLibrary::crops_changed(const Media& photo) {
  if (renderer_ && photo.kind == MediaKind::image) renderer_->queue(photo.id);
}

std::variant<Media, site::CaptionProblem> MediaLibrary::add_captions(Id clip_id,
                                                                     std::string_view lang,
                                                                     std::string_view label,
                                                                     std::string_view vtt) {
  return site::attach_captions(store_, files_, clip_id, lang, label, vtt);
}

std::variant<Media, site::CaptionProblem> MediaLibrary::remove_captions(Id clip_id,
                                                                        std::string_view lang) {
  return site::detach_captions(store_, files_, clip_id, lang);
}

std::vector<Media> MediaLibrary::search(MediaKind kind, std::string_view words, int limit) {
  return store_.media().search(kind, words, limit);
}

bool MediaLibrary::remove(Id id) {
  auto item = store_.media().find(id);
  if (!item) return false;
  // The record goes first: a file without a record is only wasted space, a record without its
  // files would be a broken picture on the site.
  store_.media().remove(id);
  remove_files(*item);
  return true;
}

void MediaLibrary::remove_files(const Media& item) {
  for (const auto& name : files_of(item)) {
    if (!files_.remove(name) && files_.path_of(name)) {
      spdlog::warn("could not delete media file {}", name);
    }
  }
}

std::vector<std::string> files_of(const Media& item) {
  // Every file of an item shares the original's random stem: "<hex>.jpg", "<hex>-640.webp".
  const std::string_view stem = std::string_view(item.file).substr(0, item.file.find('.'));
  const auto own = [&](std::string_view name) {
    return !stem.empty() && name.size() > stem.size() && name.starts_with(stem) &&
           (name[stem.size()] == '.' || name[stem.size()] == '-');
  };
  std::vector<std::string> names;
  if (!item.file.empty()) names.push_back(item.file);
  for (const auto& r : item.renditions) {
    if (own(r.file)) names.push_back(r.file);
  }
  if (!item.poster.empty() && own(item.poster)) names.push_back(item.poster);
  for (const auto& track : item.captions) {
    if (own(track.file)) names.push_back(track.file);
  }
  std::sort(names.begin(), names.end());
  names.erase(std::unique(names.begin(), names.end()), names.end());
  return names;
}

std::optional<std::string> media_publish_blocker(Store& store, const Article& story) {
  if (story.lead_media_id) {
    auto photo = store.media().find(*story.lead_media_id);
    if (!photo) return "The lead photo is no longer in the media library. Choose another one.";
    if (photo->kind != MediaKind::image) return "The lead photo must be a photo, not a clip.";
    if (ascii_trim(photo->alt).empty()) {
      return "The lead photo needs alt text before the story can be published. Describe what "
             "the photo shows in the media library.";
    }
  }
  if (story.clip_media_id) {
    auto clip = store.media().find(*story.clip_media_id);
    if (!clip) return "The clip is no longer in the media library. Choose another one.";
    if (clip->kind != MediaKind::video) return "The clip must be a video, not a photo.";
  }
  return std::nullopt;
}

}  // namespace marquee::admin
