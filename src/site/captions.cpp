// Caption tracks of clips (captions.h): the file is stored first and recorded after, so that a
// refusal or a failure leaves no record without its file; a replaced file goes only once the new
// record has committed.
#include "site/captions.h"

#include <spdlog/spdlog.h>

#include "core/ascii.h"
#include "text/text.h"

namespace marquee::site {
namespace {

bool is_alpha(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}
bool is_digit(char c) {
  return c >= '0' && c <= '9';
}

std::variant<Media, CaptionProblem> find_clip(Store& store, Id clip_id) {
  auto clip = store.media().find(clip_id);
  if (!clip) return CaptionProblem{404, "clip", "There is no such clip in the library."};
  if (clip->kind != MediaKind::video) {
    return CaptionProblem{422, "clip", "Captions go with a clip, and this is a photo."};
  }
  return std::move(*clip);
}

void remove_file(media::MediaStore& files, const std::string& name) {
  if (!files.remove(name) && files.path_of(name)) {
    spdlog::warn("could not delete caption file {}", name);
  }
}

}  // namespace

bool is_language_tag(std::string_view lang) {
  if (lang.empty() || lang.size() > kMaxCaptionLangBytes) return false;
  bool first = true;
  while (true) {
    const auto dash = lang.find('-');
    const std::string_view part = lang.substr(0, dash);
    if (first) {
      if (part.size() < 2 || part.size() > 3) return false;
      for (char c : part) {
        if (!is_alpha(c)) return false;
      }
    } else {
      if (part.empty() || part.size() > 8) return false;
      for (char c : part) {
        if (!is_alpha(c) && !is_digit(c)) return false;
      }
    }
    if (dash == std::string_view::npos) return true;
    lang.remove_prefix(dash + 1);
    first = false;
  }
}

std::variant<Media, CaptionProblem> attach_captions(Store& store, media::MediaStore& files,
                                                    Id clip_id, std::string_view lang,
                                                    std::string_view label, std::string_view vtt) {
  const std::string tag(ascii_trim(lang));
  if (!is_language_tag(tag)) {
    return CaptionProblem{422, "lang",
                          "Give the captions' language as a language tag, such as en or pt-BR."};
  }
  std::string name(ascii_trim(label));
  if (name.empty()) name = tag;
  if (!text::is_valid_utf8(name) || name.size() > kMaxCaptionLabelBytes) {
    return CaptionProblem{422, "label",
                          "The label must be text of at most " +
                              std::to_string(kMaxCaptionLabelBytes) + " characters."};
  }
  for (char c : name) {
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) {
      return CaptionProblem{422, "label", "The label contains control characters."};
    }
  }
  auto clip = find_clip(store, clip_id);
  if (auto* problem = std::get_if<CaptionProblem>(&clip)) return *problem;
  if (vtt.empty()) return CaptionProblem{400, "file", "Choose a WebVTT caption file to upload."};
  auto stored = files.store_captions(std::get<Media>(clip).file, vtt);
  if (!stored) {
    const auto& error = stored.error();
    switch (error.kind) {
      case media::MediaErrorKind::too_large:
        return CaptionProblem{413, "file",
                              "This caption file is too large: at most " +
                                  std::to_string(files.options().max_caption_bytes >> 10) + " KB."};
      case media::MediaErrorKind::not_webvtt:
        return CaptionProblem{422, "file",
                              "This is not a WebVTT caption file: " + error.detail + "."};
      default:
        spdlog::error("caption upload failed: {}", error.detail);
        return CaptionProblem{500, "file",
                              "The captions could not be saved just now. Please try again."};
    }
  }
  std::optional<std::string> replaced;
  try {
    replaced = store.media().set_captions(clip_id, {tag, name, stored->file});
  } catch (...) {
    remove_file(files, stored->file);  // nothing points at it
    throw;
  }
  if (replaced) remove_file(files, *replaced);
  return *store.media().find(clip_id);
}

std::variant<Media, CaptionProblem> detach_captions(Store& store, media::MediaStore& files,
                                                    Id clip_id, std::string_view lang) {
  auto clip = find_clip(store, clip_id);
  if (auto* problem = std::get_if<CaptionProblem>(&clip)) return *problem;
  auto removed = store.media().remove_captions(clip_id, ascii_trim(lang));
  if (!removed) return CaptionProblem{404, "lang", "This clip has no captions in that language."};
  remove_file(files, *removed);
  return *store.media().find(clip_id);
}

}  // namespace marquee::site
