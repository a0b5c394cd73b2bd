// Captions of clips, as the newsroom's media pages and the API both take them: a WebVTT upload
// checked and stored beside the clip (media::MediaStore), recorded with its language and label
// (replacing the clip's track of that language, whose file then goes), or a track taken away.
// The caller drops the pages that show the clip ("media:<id>").
#pragma once

#include <string>
#include <string_view>
#include <variant>

#include "core/types.h"
#include "media/media.h"
#include "store/store.h"

namespace marquee::site {

// Longest language tag and label accepted, in bytes.
inline constexpr std::size_t kMaxCaptionLangBytes = 35;  // BCP 47's longest common forms
inline constexpr std::size_t kMaxCaptionLabelBytes = 100;

// Why captions were refused: the HTTP status, the field ("file", "lang", "label", "clip") and a
// sentence for the editor.
struct CaptionProblem {
  int status = 422;
  std::string field;
  std::string message;
};

// Whether `lang` is a BCP 47 language tag of the usual shape: a primary subtag of 2 or 3 letters
// and optional subtags of 1 to 8 letters or digits, joined by '-' ("en", "pt-BR", "zh-Hant").
bool is_language_tag(std::string_view lang);

// Adds the track (or replaces the clip's track of that language) and returns the clip as
// stored. The label defaults to the language tag when empty.
std::variant<Media, CaptionProblem> attach_captions(Store& store, media::MediaStore& files,
                                                    Id clip_id, std::string_view lang,
                                                    std::string_view label, std::string_view vtt);
// Takes the clip's track of that language away, with its file; a 404 problem when there is none.
std::variant<Media, CaptionProblem> detach_captions(Store& store, media::MediaStore& files,
                                                    Id clip_id, std::string_view lang);

}  // namespace marquee::site
