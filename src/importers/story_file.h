// Story files: one story as Markdown with TOML front matter between "+++" lines (the format is
// described in docs/writing-stories.md). A pure parser from text to a value: finding authors,
// rendering the body and saving the story belong to the caller.
#pragma once

#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "core/types.h"

namespace marquee {

// One photo of a gallery's file ([[photos]] tables): the picture (a path relative to the file's
// folder), the gallery's own words for it (empty: the media library's) and the slugs of the
// people in it, as an editor confirmed them.
struct StoryFilePhoto {
  std::string file;
  std::string caption;
  std::string credit;
  std::string alt;
  std::vector<std::string> people;
  int line = 0;  // 1-based line of the photo's table, for the importer's own refusals
};

// One parsed story file. `article` carries everything the front matter says plus the body
// (Markdown source); ids, body_html and media ids are left for the importer to fill in.
// created_at and updated_at equal publish_at when the file has one.
struct StoryFile {
  Article article;
  std::vector<std::string> author_slugs;  // as written, in byline order; each a valid slug
  std::string lead_image;  // lead photo: path (relative to the file's folder) or URL; may be empty
  std::string clip;        // video clip shown in the story, same form as lead_image; may be empty
  std::vector<StoryFilePhoto> photos;  // a gallery's (kind = "gallery"), in order
  int body_line = 0;                   // 1-based line of the file where the body begins
};

// Why a file was refused. `line` is 1-based in the file as given (front matter lines included).
struct StoryFileError {
  int line = 0;
  std::string message;
};

using StoryFileResult = std::variant<StoryFile, StoryFileError>;

// Parses a whole story file. Refuses, with the line and the reason: a missing or unclosed front
// matter block, invalid TOML, unknown keys, values of the wrong type, a missing headline or
// section, an invalid slug, status or author slug, and a published or scheduled story without
// a `published` offset date-time or without a body.
StoryFileResult parse_story_file(std::string_view text);

// "line 7: unknown key 'headlin' (did you mean 'headline'?)"
std::string to_string(const StoryFileError& error);

}  // namespace marquee
