// The media folder: an upload is sniffed, size-checked, staged, verified by a real decode, given
// its renditions or poster, and only then renamed into place with everything made from it.
#include <cstdio>
#include <memory>
#include <system_error>

#include "media/images.h"
#include "media/media.h"
#include "media/staging.h"
#include "media/video.h"

namespace marquee::media {
namespace {

std::uint64_t limit_for(const SniffedType& type, const MediaOptions& options) {
  return type.kind == MediaKind::image ? options.max_image_bytes : options.max_video_bytes;
}

MediaError too_large(std::uint64_t bytes, std::uint64_t limit) {
  return MediaError{MediaErrorKind::too_large, "upload of " + std::to_string(bytes) +
                                                   " bytes is over the limit of " +
                                                   std::to_string(limit)};
}

MediaError unsupported() {
  return MediaError{MediaErrorKind::unsupported_type,
                    "not a JPEG, PNG, WebP, MP4, QuickTime or WebM file"};
}

}  // namespace

Media StoredMedia::to_media() const {
  Media media;
  media.kind = type.kind;
  media.file = file;
  media.mime = std::string(type.mime);
  media.width = width;
  media.height = height;
  if (video) {
    media.duration_seconds = video->duration_seconds;
    media.video_codec = video->video_codec;
    media.audio_codec = video->audio_codec;
  }
  media.poster = poster;
  media.bytes = static_cast<std::int64_t>(bytes);
  // A photo has renditions, a clip its poster's: in the record both are the item's renditions.
  for (const auto* list : {&renditions, &poster_renditions}) {
    for (const auto& r : *list)
      media.renditions.push_back({r.width, r.height, r.mime, r.file, r.crop});
  }
  return media;
}

MediaStore::MediaStore(std::filesystem::path folder, MediaOptions options)
    : folder_(std::move(folder)), options_(std::move(options)) {
  std::filesystem::create_directories(folder_);
  if (!std::filesystem::is_directory(folder_)) {
    throw std::filesystem::filesystem_error("media folder is not a directory", folder_,
                                            std::make_error_code(std::errc::not_a_directory));
  }
}

Result<StoredMedia> MediaStore::store_bytes(std::string_view upload) {
  const auto type = sniff_media(upload.substr(0, kSniffLength));
  if (!type) return unsupported();
  const std::uint64_t limit = limit_for(*type, options_);
  if (upload.size() > limit) return too_large(upload.size(), limit);
  Staging staging(folder_);
  auto staged = staging.add_bytes(new_media_name(type->extension), upload);
  if (!staged) return staged.error();
  return process(staging, *type, upload.size());
}

Result<StoredMedia> MediaStore::store_file(const std::filesystem::path& upload) {
  std::string head(kSniffLength, '\0');
  {
    std::FILE* raw = std::fopen(upload.c_str(), "rb");
    if (!raw) return MediaError{MediaErrorKind::io_error, "cannot open " + upload.string()};
    const std::unique_ptr<std::FILE, decltype(&std::fclose)> in(raw, &std::fclose);
    head.resize(std::fread(head.data(), 1, head.size(), in.get()));
  }
  const auto type = sniff_media(head);
  if (!type) return unsupported();
  const std::uint64_t limit = limit_for(*type, options_);
  std::error_code error;
  const std::uint64_t size = std::filesystem::file_size(upload, error);
  if (error) return MediaError{MediaErrorKind::io_error, "cannot stat " + upload.string()};
  if (size > limit) return too_large(size, limit);
  Staging staging(folder_);
  auto staged = staging.add_copy(new_media_name(type->extension), upload, limit);
  if (!staged) return staged.error();
  std::error_code copied_error;
  const std::uint64_t copied = std::filesystem::file_size(staged.value(), copied_error);
  if (copied_error) return MediaError{MediaErrorKind::io_error, copied_error.message()};
  return process(staging, *type, copied);
}

// The staged original is the first entry; its final name was chosen when it was staged.
Result<StoredMedia> MediaStore::process(Staging& staging, const SniffedType& type,
                                        std::uint64_t bytes) {
  const std::filesystem::path original = staging.first_temporary();  // a copy: staging grows
  StoredMedia stored;
  stored.file = staging.first_final_name();
  stored.type = type;
  stored.bytes = bytes;

  if (type.kind == MediaKind::image) {
    const auto facts = verify_image(original, type.type, options_);
    if (!facts) return facts.error();
    stored.width = facts->width;
    stored.height = facts->height;
    auto renditions = make_renditions(original, stored.file, facts.value(), options_);
    if (!renditions) return renditions.error();
    for (auto& encoded : renditions.value()) {
      auto staged = staging.add_bytes(encoded.rendition.file, encoded.bytes);
      if (!staged) return staged.error();
      stored.renditions.push_back(std::move(encoded.rendition));
    }
  } else {
    auto info = probe_video(original, type.type);
    if (!info) return info.error();
    auto poster =
        grab_poster(original, type.type, options_.poster_at_seconds, options_.jpeg_quality);
    if (!poster) return poster.error();
    stored.poster = poster_name(stored.file);
    auto staged = staging.add_bytes(stored.poster, poster->jpeg);
    if (!staged) return staged.error();
    // The poster at the rendition widths too, named after the clip ("<hex>-640.jpg"), so that a
    // player is given a poster of about its own width rather than the full frame.
    auto sized = make_renditions(staged.value(), stored.file,
                                 ImageFacts{poster->width, poster->height}, options_);
    if (!sized) return sized.error();
    for (auto& encoded : sized.value()) {
      auto placed = staging.add_bytes(encoded.rendition.file, encoded.bytes);
      if (!placed) return placed.error();
      stored.poster_renditions.push_back(std::move(encoded.rendition));
    }
    stored.width = info->width;
    stored.height = info->height;
    stored.video = std::move(info.value());
  }
  if (auto failed = staging.commit()) return *failed;
  return stored;
}

Result<std::vector<Rendition>> MediaStore::store_crops(std::string_view original,
                                                       const CropRequest& request) {
  const auto path = path_of(original);
  if (!path) return MediaError{MediaErrorKind::io_error, "no stored file " + std::string(original)};
  auto made = make_crop_renditions(*path, original, request, options_);
  if (!made) return made.error();
  Staging staging(folder_);
  std::vector<Rendition> renditions;
  for (auto& encoded : made.value()) {
    // The same window of the same photo was made before (a focal point set back): same bytes.
    if (!path_of(encoded.rendition.file)) {
      auto staged = staging.add_bytes(encoded.rendition.file, encoded.bytes);
      if (!staged) return staged.error();
    }
    renditions.push_back(std::move(encoded.rendition));
  }
  if (auto failed = staging.commit()) return *failed;
  return renditions;
}

std::optional<std::filesystem::path> MediaStore::path_of(std::string_view name) const {
  if (!is_media_name(name)) return std::nullopt;
  std::filesystem::path path = folder_ / std::string(name);
  std::error_code error;
  if (!std::filesystem::is_regular_file(std::filesystem::symlink_status(path, error))) {
    return std::nullopt;
  }
  return path;
}

bool MediaStore::remove(std::string_view name) {
  const auto path = path_of(name);
  std::error_code error;
  return path && std::filesystem::remove(*path, error);
}

int MediaStore::sweep_temporaries(std::chrono::seconds min_age) {
  int removed = 0;
  std::error_code error;
  const auto now = std::filesystem::file_time_type::clock::now();
  for (const auto& entry : std::filesystem::directory_iterator(folder_, error)) {
    const std::string name = entry.path().filename().string();
    if (!name.starts_with(kTemporaryPrefix) || !name.ends_with(".tmp")) continue;
    std::error_code entry_error;
    const auto modified = entry.last_write_time(entry_error);
    if (entry_error || now - modified < min_age) continue;
    if (std::filesystem::remove(entry.path(), entry_error)) ++removed;
  }
  return removed;
}

}  // namespace marquee::media
