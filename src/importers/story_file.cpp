// Parses a story file: splits the "+++" front matter from the Markdown body, reads the front
// matter with toml++ and checks every key, so that a typo is refused with its line, never
// silently ignored.
#include "importers/story_file.h"

#include <toml++/toml.h>
#include <algorithm>
#include <array>
#include <cctype>
#include <chrono>
#include <optional>

#include "core/ascii.h"
#include "core/slug.h"
#include "importers/refusal.h"

namespace marquee {

using importers_detail::Refusal;

namespace {

constexpr std::string_view kExampleTime = "2010-07-21T14:39:00-04:00";
constexpr std::array<std::string_view, 16> kKnownKeys = {
    "headline",   "slug",   "dek",       "section",  "authors",   "tags",
    "published",  "status", "exclusive", "featured", "seo_title", "seo_description",
    "lead_image", "clip",   "kind",      "photos"};
constexpr std::array<std::string_view, 5> kPhotoKeys = {"file", "caption", "credit", "alt",
                                                        "people"};

std::string quoted(std::string_view s) {
  std::string out;
  out.reserve(s.size() + 2);
  out.append(1, '\'').append(s).append(1, '\'');
  return out;
}

std::string_view trim(std::string_view s) {
  const auto is_space = [](char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; };
  while (!s.empty() && is_space(s.front())) s.remove_prefix(1);
  while (!s.empty() && is_space(s.back())) s.remove_suffix(1);
  return s;
}

bool is_delimiter(std::string_view line) {
  return trim(line) == "+++";
}

bool has_control_character(std::string_view s) {
  return std::any_of(s.begin(), s.end(), [](char c) {
    const auto u = static_cast<unsigned char>(c);
    return u < 0x20 || u == 0x7f;
  });
}

// Edit distance, to suggest the key a writer probably meant.
std::size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<std::size_t> row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diagonal = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t above = row[j];
      const bool same = iequals(a.substr(i - 1, 1), b.substr(j - 1, 1));
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (same ? 0 : 1)});
      diagonal = above;
    }
  }
  return row[b.size()];
}

template <std::size_t N>
std::string unknown_key_message(std::string_view key,
                                const std::array<std::string_view, N>& known_keys) {
  std::string message = "unknown key " + quoted(key);
  std::string_view best;
  std::size_t best_distance = 3;  // farther than two edits is a different word, not a typo
  for (auto known : known_keys) {
    const auto d = edit_distance(key, known);
    if (d < best_distance) best = known, best_distance = d;
  }
  if (!best.empty()) message += " (did you mean " + quoted(best) + "?)";
  return message;
}

std::string_view describe_type(const toml::node& node) {
  switch (node.type()) {
    case toml::node_type::string:
      return "a string";
    case toml::node_type::integer:
      return "an integer";
    case toml::node_type::floating_point:
      return "a number";
    case toml::node_type::boolean:
      return "a boolean";
    case toml::node_type::date:
      return "a date";
    case toml::node_type::time:
      return "a time";
    case toml::node_type::date_time:
      return "a date-time";
    case toml::node_type::array:
      return "an array";
    case toml::node_type::table:
      return "a table";
    default:
      return "nothing";
  }
}

// The front matter and the body of a file, with where each begins.
struct Parts {
  std::string_view front_matter;
  std::string_view body;
  int body_line = 0;
};

Parts split_front_matter(std::string_view text) {
  constexpr std::string_view kBom = "\xEF\xBB\xBF";
  if (text.starts_with(kBom)) text.remove_prefix(kBom.size());
  if (trim(text).empty()) throw Refusal{1, "the file is empty"};

  auto next_line = [&text](std::size_t from) {
    const auto end = text.find('\n', from);
    return end == std::string_view::npos ? text.size() : end + 1;
  };
  std::size_t line_end = next_line(0);
  if (!is_delimiter(text.substr(0, line_end))) {
    throw Refusal{1, "the file must begin with a '+++' line that opens the front matter"};
  }
  const std::size_t front_begin = line_end;
  int line = 1;
  for (std::size_t at = front_begin; at < text.size(); at = line_end) {
    ++line;
    line_end = next_line(at);
    if (is_delimiter(text.substr(at, line_end - at))) {
      return Parts{text.substr(front_begin, at - front_begin), text.substr(line_end), line + 1};
    }
  }
  throw Refusal{1, "the front matter opened on line 1 is never closed by a '+++' line"};
}

// Reads the front matter's keys; the first line of the TOML is line 2 of the file.
class FrontMatter {
 public:
  explicit FrontMatter(const toml::table& table) : table_(table) {}

  static int line_of(const toml::node& node) {
    return static_cast<int>(node.source().begin.line) + 1;
  }

  // Reports the unknown key that comes first in the file (the table itself is ordered by name).
  void refuse_unknown_keys() const {
    std::optional<Refusal> first;
    for (auto&& [key, value] : table_) {
      const auto name = key.str();
      if (std::find(kKnownKeys.begin(), kKnownKeys.end(), name) != kKnownKeys.end()) continue;
      if (!first || line_of(value) < first->line)
        first = Refusal{line_of(value), unknown_key_message(name, kKnownKeys)};
    }
    if (first) throw *first;
  }

  // Refuses a key of this table that is not one of keys.
  template <std::size_t N>
  void refuse_keys_but(const std::array<std::string_view, N>& keys) const {
    for (auto&& [key, value] : table_) {
      const auto name = key.str();
      if (std::find(keys.begin(), keys.end(), name) != keys.end()) continue;
      throw Refusal{line_of(value), unknown_key_message(name, keys)};
    }
  }

  const toml::node* find(std::string_view key) const { return table_.get(key); }

  // A one-line string, trimmed; nullopt when the key is absent.
  std::optional<std::string> text(std::string_view key) const {
    const auto* node = find(key);
    if (!node) return std::nullopt;
    return one_line_string(*node, quoted(key));
  }

  std::string required_text(std::string_view key, std::string_view why) const {
    auto value = text(key);
    if (!value)
      throw Refusal{1, "the front matter has no " + quoted(key) + "; " + std::string(why)};
    if (value->empty()) throw Refusal{line_of(*find(key)), quoted(key) + " is empty"};
    return *value;
  }

  bool flag(std::string_view key) const {
    const auto* node = find(key);
    if (!node) return false;
    if (!node->is_boolean()) {
      throw Refusal{line_of(*node), quoted(key) + " must be true or false, not " +
                                        std::string(describe_type(*node))};
    }
    return node->as_boolean()->get();
  }

  // An array of one-line, non-empty strings with no repeats (compared without case).
  std::vector<std::string> list(std::string_view key) const {
    std::vector<std::string> out;
    const auto* node = find(key);
    if (!node) return out;
    const auto* array = node->as_array();
    if (!array) {
      throw Refusal{line_of(*node),
                    quoted(key) + " must be an array of strings such as [\"a\", \"b\"], not " +
                        std::string(describe_type(*node))};
    }
    for (const auto& element : *array) {
      auto value = one_line_string(element, "each entry of " + quoted(key));
      if (value.empty()) throw Refusal{line_of(element), quoted(key) + " has an empty entry"};
      const bool repeated = std::any_of(
          out.begin(), out.end(), [&](const std::string& seen) { return iequals(seen, value); });
      if (repeated) {
        throw Refusal{line_of(element), quoted(key) + " lists " + quoted(value) + " twice"};
      }
      out.push_back(std::move(value));
    }
    return out;
  }

 private:
  static std::string one_line_string(const toml::node& node, const std::string& what) {
    if (!node.is_string()) {
      throw Refusal{line_of(node),
                    what + " must be a string, not " + std::string(describe_type(node))};
    }
    const auto value = trim(node.as_string()->get());
    if (has_control_character(value)) {
      throw Refusal{line_of(node), what + " must be a single line of text"};
    }
    return std::string(value);
  }

  const toml::table& table_;
};

Time to_time(const toml::date_time& when) {
  using namespace std::chrono;
  const year_month_day date{year{when.date.year}, month{when.date.month}, day{when.date.day}};
  return sys_days{date} + hours{when.time.hour} + minutes{when.time.minute} +
         seconds{when.time.second} - minutes{when.offset->minutes};
}

std::optional<Time> read_published(const FrontMatter& front) {
  const auto* node = front.find("published");
  if (!node) return std::nullopt;
  const int line = FrontMatter::line_of(*node);
  const std::string example = "write it like " + std::string(kExampleTime);
  if (node->is_date() || node->is_time()) {
    throw Refusal{line, "'published' needs a date, a time and a UTC offset; " + example};
  }
  if (node->is_string()) {
    throw Refusal{line, "'published' must be a TOML date-time, not a quoted string; " + example};
  }
  if (!node->is_date_time()) {
    throw Refusal{line, "'published' must be a date-time, not " +
                            std::string(describe_type(*node)) + "; " + example};
  }
  const auto& when = node->as_date_time()->get();
  if (!when.offset) {
    throw Refusal{line, "'published' has no UTC offset, so its moment is unknown; " + example};
  }
  return to_time(when);
}

// [[photos]]: a gallery's photos, each a table with a file and the gallery's words for it.
std::vector<StoryFilePhoto> read_photos(const FrontMatter& front, ArticleKind kind) {
  std::vector<StoryFilePhoto> photos;
  const auto* node = front.find("photos");
  if (!node) return photos;
  const int line = FrontMatter::line_of(*node);
  if (kind != ArticleKind::gallery) {
    throw Refusal{line, "only a gallery has 'photos'; add kind = \"gallery\""};
  }
  const auto* array = node->as_array();
  if (!array)
    throw Refusal{line,
                  "'photos' must be [[photos]] tables, not " + std::string(describe_type(*node))};
  for (const auto& element : *array) {
    const auto* table = element.as_table();
    if (!table) {
      throw Refusal{FrontMatter::line_of(element), "each of 'photos' must be a [[photos]] table"};
    }
    const FrontMatter photo_table(*table);
    photo_table.refuse_keys_but(kPhotoKeys);
    StoryFilePhoto photo;
    photo.line = FrontMatter::line_of(element);
    photo.file = photo_table.text("file").value_or("");
    if (photo.file.empty()) throw Refusal{photo.line, "a photo needs its 'file'"};
    photo.caption = photo_table.text("caption").value_or("");
    photo.credit = photo_table.text("credit").value_or("");
    photo.alt = photo_table.text("alt").value_or("");
    photo.people = photo_table.list("people");
    for (const auto& person : photo.people) {
      if (!is_valid_slug(person)) {
        throw Refusal{photo.line, "person " + quoted(person) +
                                      " is not an entity slug such as \"kristen-stewart\""};
      }
    }
    photos.push_back(std::move(photo));
  }
  return photos;
}

StoryFile read_story(const Parts& parts) {
  toml::table table;
  try {
    table = toml::parse(parts.front_matter);
  } catch (const toml::parse_error& error) {
    throw Refusal{static_cast<int>(error.source().begin.line) + 1,
                  "the front matter is not valid TOML: " + std::string(error.description())};
  }
  const FrontMatter front(table);
  front.refuse_unknown_keys();

  StoryFile story;
  Article& article = story.article;
  article.headline = front.required_text("headline", "every story needs one");
  if (auto slug = front.text("slug")) {
    if (!is_valid_slug(*slug)) {
      throw Refusal{FrontMatter::line_of(*front.find("slug")),
                    "slug " + quoted(*slug) +
                        " is not valid: use lower-case letters and digits in words joined by "
                        "single hyphens, like " +
                        quoted(slugify(*slug))};
    }
    article.slug = std::move(*slug);
  } else {
    article.slug = slugify(article.headline);
    if (article.slug.empty()) {
      throw Refusal{FrontMatter::line_of(*front.find("headline")),
                    "the headline gives no usable slug; set 'slug'"};
    }
  }
  article.section = front.required_text("section", "name the section slug, such as \"movies\"");
  if (!is_valid_slug(article.section)) {
    throw Refusal{
        FrontMatter::line_of(*front.find("section")),
        "section " + quoted(article.section) + " is not a section slug such as \"movies\""};
  }
  article.dek = front.text("dek").value_or("");
  article.seo_title = front.text("seo_title").value_or("");
  article.seo_description = front.text("seo_description").value_or("");
  story.lead_image = front.text("lead_image").value_or("");
  story.clip = front.text("clip").value_or("");
  if (auto kind = front.text("kind")) {
    auto parsed = parse_article_kind(*kind);
    if (!parsed || *parsed == ArticleKind::page) {
      throw Refusal{FrontMatter::line_of(*front.find("kind")),
                    "kind " + quoted(*kind) + " is not one of article, gallery"};
    }
    article.kind = *parsed;
  }
  story.photos = read_photos(front, article.kind);
  article.exclusive = front.flag("exclusive");
  article.featured = front.flag("featured");
  article.tags = front.list("tags");
  story.author_slugs = front.list("authors");
  for (const auto& author : story.author_slugs) {
    if (!is_valid_slug(author)) {
      throw Refusal{FrontMatter::line_of(*front.find("authors")),
                    "author " + quoted(author) + " is not an author slug such as \"maya-okafor\""};
    }
  }

  article.status = ArticleStatus::published;
  const auto* status_node = front.find("status");
  if (auto status = front.text("status")) {
    auto parsed = parse_article_status(*status);
    if (!parsed) {
      throw Refusal{FrontMatter::line_of(*status_node),
                    "status " + quoted(*status) +
                        " is not one of draft, review, scheduled, published, archived"};
    }
    article.status = *parsed;
  }
  article.publish_at = read_published(front);
  const bool goes_out =
      article.status == ArticleStatus::published || article.status == ArticleStatus::scheduled;
  if (goes_out && !article.publish_at) {
    throw Refusal{status_node ? FrontMatter::line_of(*status_node) : 1,
                  std::string("a ") + to_string(article.status) +
                      " story needs 'published', the moment it goes out, such as " +
                      std::string(kExampleTime)};
  }
  if (article.publish_at) article.created_at = article.updated_at = *article.publish_at;

  article.body = std::string(parts.body);
  story.body_line = parts.body_line;
  if (goes_out && trim(article.body).empty()) {
    throw Refusal{parts.body_line, std::string("a ") + to_string(article.status) +
                                       " story needs a body after the closing '+++'"};
  }
  return story;
}

}  // namespace

StoryFileResult parse_story_file(std::string_view text) {
  try {
    return read_story(split_front_matter(text));
  } catch (Refusal& refusal) {
    return StoryFileError{refusal.line, std::move(refusal.message)};
  }
}

std::string to_string(const StoryFileError& error) {
  if (error.line <= 0) return error.message;
  return "line " + std::to_string(error.line) + ": " + error.message;
}

}  // namespace marquee
