// The one header the rest of Marquee includes from media/: uploaded photos and clips are sniffed
// by content, size-limited, verified by a real decode and stored under generated names, with
// renditions for photos and a poster frame for clips; plus the byte ranges for serving clips.
#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

#include "core/types.h"

namespace marquee::media {

// ---- What an upload is ------------------------------------------------------------------------

enum class MediaType { jpeg, png, webp, mp4, quicktime, webm };

struct SniffedType {
  MediaType type = MediaType::jpeg;
  MediaKind kind = MediaKind::image;
  std::string_view mime;       // "image/jpeg"
  std::string_view extension;  // "jpg", without the dot
  bool operator==(const SniffedType&) const = default;
};

// How many leading bytes sniff_media needs to decide every accepted type.
inline constexpr std::size_t kSniffLength = 64;

// The type of an upload from its first bytes (magic numbers only, never a file name): JPEG, PNG,
// WebP, MP4 or QuickTime (an ftyp box with an accepted major brand), WebM (an EBML header whose
// DocType is "webm"). Anything else, including a header cut short, is nullopt.
std::optional<SniffedType> sniff_media(std::string_view first_bytes);

// ---- Outcomes -------------------------------------------------------------------------------

enum class MediaErrorKind {
  unsupported_type,  // not one of the accepted formats
  too_large,         // over the byte limit of its kind, or the pixel limit
  corrupt,           // truncated, or does not decode
  no_video_stream,   // a container that holds no video track
  not_webvtt,        // captions that are not a WebVTT file (detail says why, fit for an editor)
  io_error,          // reading the upload or writing the media folder failed
};
const char* to_string(MediaErrorKind kind);

struct MediaError {
  MediaErrorKind kind = MediaErrorKind::corrupt;
  std::string detail;  // for logs; not meant for readers
};

// A value or the reason there is none. Uploads fail for ordinary reasons (a wrong file, a cut-off
// transfer), so refusals are values, not exceptions.
template <typename T>
class Result {
 public:
  Result(T value) : state_(std::move(value)) {}           // NOLINT: implicit by design
  Result(MediaError error) : state_(std::move(error)) {}  // NOLINT
  bool ok() const { return state_.index() == 0; }
  explicit operator bool() const { return ok(); }
  T& value() { return std::get<0>(state_); }
  const T& value() const { return std::get<0>(state_); }
  T& operator*() { return value(); }
  const T& operator*() const { return value(); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  const MediaError& error() const { return std::get<1>(state_); }

 private:
  std::variant<T, MediaError> state_;
};

// ---- Generated names --------------------------------------------------------------------------

// A fresh original's name: 32 random lower-case hex digits, a dot, the extension ("jpg").
std::string new_media_name(std::string_view extension);
// "<hex>-<width>.<jpg|webp>" for a rendition of the original "<hex>.<ext>".
std::string rendition_name(std::string_view original, int width, std::string_view extension);
// "<hex>-poster.jpg" for the poster frame of the clip "<hex>.<ext>".
std::string poster_name(std::string_view original);
// "<hex>-<w>x<h>-<width>-<8 hex>.<jpg|webp|avif>" for a crop of the aspect ratio w:h, `width`
// pixels wide, of the original "<hex>.<ext>"; the last part names the window of the photo it
// keeps, so a new focal point or crop gets new names (the files are served as immutable).
std::string crop_rendition_name(std::string_view original, int ratio_width, int ratio_height,
                                int width, std::string_view window, std::string_view extension);
// "<hex>-<16 random hex>.vtt" for captions of the clip "<hex>.<ext>": a new name for every upload,
// since files at an address never change (they are served as immutable).
std::string caption_name(std::string_view original);
// True only for names of the shapes above with an accepted extension; so a name that passes
// can never reach outside the media folder ("../x", "a/b", ".hidden", "x.exe" all fail).
bool is_media_name(std::string_view name);

// ---- The media store --------------------------------------------------------------------------

// A fixed aspect ratio in whole numbers (16:9), as a theme's slots need them.
struct AspectRatio {
  int width = 1;
  int height = 1;
  bool operator==(const AspectRatio&) const = default;
  std::string name() const;  // "16:9", as pages, the API and Media::crops name it
};
// "16:9" -> {16, 9}; nullopt for anything else (both parts 1 to 99).
std::optional<AspectRatio> parse_aspect_ratio(std::string_view name);

// One aspect ratio the site cuts every photo to, and the widths it is made in. A width is
// rounded down to a multiple of the ratio's width, so that every crop has the ratio exactly.
struct CropShape {
  AspectRatio ratio;
  std::vector<int> widths;
};

// The crop renditions of a photo for its focal point and the editor's windows (by ratio name),
// one JPEG, one WebP and (with MediaOptions::avif) one AVIF per shape and width, narrowest
// first within each shape.
struct CropRequest {
  double focus_x = 0.5;
  double focus_y = 0.5;
  std::map<std::string, CropRect> windows;
};

struct MediaOptions {
  std::uint64_t max_image_bytes = 20ull << 20;   // 20 MiB
  std::uint64_t max_video_bytes = 500ull << 20;  // 500 MiB
  // Refuses decompression bombs before decoding: a small file may claim a huge canvas.
  std::uint64_t max_image_pixels = 100'000'000;
  // Rendition widths in pixels; never upscaled. An image narrower than the widest of these also
  // gets one rendition at its own width.
  std::vector<int> rendition_widths = {320, 640, 1024, 1600};
  int jpeg_quality = 82;
  int webp_quality = 80;
  // The crops made of every photo (off the request path): 16:9 for leads and link previews, 4:3
  // and 1:1 for search engines' image lists, 1:1 for list cards, 4:5 for phones and portraits.
  std::vector<CropShape> crop_shapes = {
      {{16, 9}, {640, 1024, 1600}},
      {{4, 3}, {1200}},
      {{1, 1}, {320, 640}},
      {{4, 5}, {320, 640, 1024}},
  };
  // Crops are also encoded as AVIF (libheif with libaom). Effort 0 is libaom's fastest speed:
  // about 45 ms for a 1024 x 576 crop, against 0.7 s at effort 2 for a few per cent fewer bytes.
  bool avif = true;
  int avif_quality = 50;
  int avif_effort = 0;
  // Where the poster frame is taken; clips no longer than this use their first frame.
  double poster_at_seconds = 1.0;
  // A clip's captions (WebVTT): an hour of dense subtitles is about 100 KB.
  std::uint64_t max_caption_bytes = 1ull << 20;  // 1 MiB
};

struct Rendition {
  int width = 0;
  int height = 0;
  std::string mime;  // "image/jpeg", "image/webp" or "image/avif"
  std::string file;  // generated name in the media folder
  std::uint64_t bytes = 0;
  std::string crop;  // the aspect ratio of a crop rendition ("16:9"); empty for the whole photo
};

struct VideoInfo {
  double duration_seconds = 0;
  int width = 0;
  int height = 0;
  std::string video_codec;  // FFmpeg's short name: "h264", "vp9"
  std::string audio_codec;  // "aac", "opus"; empty when the clip is silent
  std::string container;    // "mp4", "quicktime", "webm"
};

struct StoredMedia {
  std::string file;  // generated name of the original, kept byte for byte as uploaded
  SniffedType type;
  std::uint64_t bytes = 0;
  int width = 0;  // images: as displayed, after EXIF rotation; clips: the coded frame
  int height = 0;
  std::vector<Rendition> renditions;  // images: by width, narrowest first, JPEG then WebP
  std::optional<VideoInfo> video;     // clips only
  std::string poster;                 // clips only: the poster frame's name (JPEG)
  // Clips: renditions of the poster frame at the rendition widths, so that a player gets a poster
  // of its own size. Photos: empty (their renditions are above).
  std::vector<Rendition> poster_renditions;

  // The domain record for the store (id, caption, credit and alt left for the editor).
  Media to_media() const;
};

// A WebVTT caption file as checked: how many cues it has.
struct CaptionFacts {
  int cues = 0;
};

// Whether `vtt` is a WebVTT file a player will show: UTF-8 without NUL bytes, the "WEBVTT"
// signature (after an optional byte-order mark), and at least one cue, each with timings FFmpeg's
// WebVTT reader accepts and an end not before its start. A refusal is not_webvtt, its detail a
// sentence for the editor ("cue 3 has no valid timings ...").
Result<CaptionFacts> check_webvtt(std::string_view vtt);

struct StoredCaptions {
  std::string file;  // caption_name() of the clip
  std::uint64_t bytes = 0;
  int cues = 0;
};

class Staging;  // the files of one upload on their way in (staging.h)

// Media files in one folder (the site's marquee-data/media/). Every file appears by an atomic
// rename after it is complete and verified; a refused or failed upload leaves nothing behind.
// Safe to use from several threads at once. Only a library that cannot start at all (libvips,
// libsodium) throws std::runtime_error; everything about an upload comes back as a Result.
class MediaStore {
 public:
  // Creates the folder when missing; throws std::filesystem::filesystem_error when it cannot.
  explicit MediaStore(std::filesystem::path folder, MediaOptions options = {});

  // An upload held in memory.
  Result<StoredMedia> store_bytes(std::string_view upload);
  // An upload already on disk (a request body spooled to a temporary file). The caller's file is
  // copied, never moved or changed.
  Result<StoredMedia> store_file(const std::filesystem::path& upload);
  // Captions for the stored clip `clip_file`: checked by check_webvtt, within max_caption_bytes
  // (too_large), and stored byte for byte under a new caption_name().
  Result<StoredCaptions> store_captions(std::string_view clip_file, std::string_view vtt);

  // The path of a stored file (original, rendition or poster), or nullopt when the name is not a
  // generated one or no such file exists.
  std::optional<std::filesystem::path> path_of(std::string_view name) const;
  // Deletes one stored file by name; false when the name is invalid or the file is not there.
  bool remove(std::string_view name);
  // Deletes the temporary files of uploads interrupted (by a crash) longer ago than min_age.
  // Returns how many were removed.
  int sweep_temporaries(std::chrono::seconds min_age = std::chrono::hours(1));

  // Makes and stores the crop renditions of the stored photo `original` (a slow step: seconds
  // for a large photo, so never on a reader's request). Files appear only once all are made.
  Result<std::vector<Rendition>> store_crops(std::string_view original, const CropRequest& request);

  const std::filesystem::path& folder() const { return folder_; }
  const MediaOptions& options() const { return options_; }

 private:
  Result<StoredMedia> process(Staging& staging, const SniffedType& type, std::uint64_t bytes);

  std::filesystem::path folder_;
  MediaOptions options_;
};

// ---- Byte ranges for serving clips (RFC 9110 section 14) --------------------------------------

struct ByteRange {
  std::uint64_t first = 0;  // inclusive
  std::uint64_t last = 0;   // inclusive
  bool operator==(const ByteRange&) const = default;
};

struct RangeAnswer {
  enum class Kind { whole, partial, multipart, unsatisfiable };
  Kind kind = Kind::whole;
  std::uint64_t first = 0;  // partial: the first and last byte to send, inclusive
  std::uint64_t last = 0;
  std::uint64_t size = 0;        // of the whole file
  std::vector<ByteRange> parts;  // multipart: two or more, ascending, apart from one another

  int status() const;                 // 200, 206 (partial and multipart) or 416
  std::uint64_t length() const;       // bytes of the file sent (the sum of the parts)
  std::string content_range() const;  // "bytes 0-99/1000", "bytes */1000"; empty otherwise
};

// Most ranges one header may ask for; a longer list is answered as the one range that covers
// them all, so that many tiny ranges cannot cost more than the file itself.
inline constexpr std::size_t kMaxRanges = 16;

// Reads a Range header for a file of `size` bytes.
// - empty, another unit, or malformed syntax: whole (the header is ignored, as RFC 9110 allows);
// - "bytes=a-b", "bytes=a-", "bytes=-n": partial, clamped to the file; numbers too large for 64
//   bits saturate, so a huge last or suffix means "to the end" and a huge first is unsatisfiable;
// - no byte of the file selected (first >= size, "-0", last < first, an empty file):
//   unsatisfiable, to be answered 416 with content_range();
// - several ranges: the satisfiable ones, sorted, with those that overlap or lie within 80 bytes
//   of each other (less than a part's own headers) merged (RFC 9110 14.2 allows both); one left
//   is partial, more are multipart (multipart/byteranges), none is unsatisfiable. More than
//   kMaxRanges: partial, from the first byte asked for to the last.
RangeAnswer parse_range(std::string_view range_header, std::uint64_t size);

// Whether a range request's If-Range condition holds (RFC 9110 section 13.1.5), so the Range
// header applies; when false, send the whole file with 200. An entity tag matches only by strong
// comparison (a weak tag on either side never matches); an HTTP date (IMF-fixdate, RFC 850 or
// asctime form) matches only when equal to Last-Modified. An empty if_range (no header) holds.
bool if_range_matches(std::string_view if_range, std::string_view etag,
                      std::optional<Time> last_modified);

}  // namespace marquee::media
