// The newsroom's library of photos and clips: an upload goes through media::MediaStore (sniffed by
// content, verified, renditions or poster made) and is recorded in the store; captions, credits and
// alt text are edited here; and the publishing rule for a story's media lives here, so that every
// path that publishes a story asks the same question.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "core/types.h"
#include "media/media.h"
#include "site/captions.h"
#include "store/store.h"

namespace marquee::admin {

// The words that go with a photo or clip, as an editor types them.
struct MediaDetails {
  std::string caption;
  std::string credit;
  std::string alt;  // what a photo shows, for readers who cannot see it
};

// Longest accepted values, in bytes of UTF-8.
inline constexpr std::size_t kMaxCaptionBytes = 1000;
inline constexpr std::size_t kMaxCreditBytes = 200;
inline constexpr std::size_t kMaxAltBytes = 500;

// Why an upload or an edit was refused, in words for the editor, with the form field it concerns
// and the HTTP status that fits.
struct MediaProblem {
  int status = 422;
  std::string field;  // "file", "caption", "credit", "alt"
  std::string message;
};

// Trims each field and checks it: valid UTF-8, no control characters but line breaks in captions,
// within its length limit. Returns the cleaned details or the first problem.
std::variant<MediaDetails, MediaProblem> clean_details(const MediaDetails& details);

class CropRenderer;

class MediaLibrary {
 public:
  // Both must outlive the library.
  MediaLibrary(Store& store, media::MediaStore& files);

  // Where new photos, and photos whose focal point or crop windows change, are sent to have
  // their crop renditions made (off the request path); none: crops are left to a command.
  void set_crop_renderer(CropRenderer* renderer) { renderer_ = renderer; }
  // Photos whose crops the renderer has still to make (0 without one).
  std::size_t crops_pending() const;

  // Stores the upload's bytes and records it as uploaded by `uploader`. Any refusal (wrong type,
  // too large, damaged, bad details) or failure leaves nothing behind: no files, no record.
  std::variant<Media, MediaProblem> upload(std::string_view bytes, const MediaDetails& details,
                                           Id uploader);
  // The same for a file already on disk (the demo, imports); the file itself is left as it is.
  std::variant<Media, MediaProblem> upload_file(const std::filesystem::path& file,
                                                const MediaDetails& details, Id uploader);

  std::optional<Media> find(Id id);
  // Newest first.
  std::vector<Media> list(std::optional<MediaKind> kind, int limit, int offset);
  // Replaces caption, credit and alt text; nullopt when there is no such item.
  std::optional<std::variant<Media, MediaProblem>> update(Id id, const MediaDetails& details);
  // Sets a photo's focal point (x across, y down, each 0 to 1); nullopt when there is no such
  // item, a problem for a clip or a point outside the photo.
  std::optional<std::variant<Media, MediaProblem>> set_focus(Id id, double x, double y);
  // Sets (or, with nullopt, clears) the editor's window of a photo for one crop ratio ("16:9",
  // one of MediaOptions::crop_shapes), in fractions of the photo; nullopt when there is no such
  // item, a problem for a clip, another ratio or a window outside the photo.
  std::optional<std::variant<Media, MediaProblem>> set_crop(Id id, std::string_view ratio,
                                                            std::optional<CropRect> window);
  // A clip's captions (site/captions.h): a WebVTT file in a language, replacing the clip's track
  // of that language; or that track taken away.
  std::variant<Media, site::CaptionProblem> add_captions(Id clip_id, std::string_view lang,
                                                         std::string_view label,
                                                         std::string_view vtt);
  std::variant<Media, site::CaptionProblem> remove_captions(Id clip_id, std::string_view lang);
  // Photos or clips whose caption, alt text, credit or file name hold every word, newest first.
  std::vector<Media> search(MediaKind kind, std::string_view words, int limit);
  // Deletes the record (stories that used it lose the reference) and then its files; false when
  // there is no such item.
  bool remove(Id id);

  const media::MediaOptions& options() const { return files_.options(); }

 private:
  std::variant<Media, MediaProblem> record(media::Result<media::StoredMedia> stored,
                                           const MediaDetails& details, Id uploader);
  void remove_files(const Media& item);

  void crops_changed(const Media& photo);

  Store& store_;
  media::MediaStore& files_;
  CropRenderer* renderer_ = nullptr;
};

// The names of every file that belongs to one item: original, renditions, poster and captions. A
// poster borrowed from another item (a rendition of a separate photo) is not among them.
std::vector<std::string> files_of(const Media& item);

// Why `story` cannot be published as it stands because of its media, or nullopt when it can:
// its lead photo has no alt text, or its lead photo or clip is no longer in the library.
std::optional<std::string> media_publish_blocker(Store& store, const Article& story);

}  // namespace marquee::admin
