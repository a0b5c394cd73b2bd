// Glued-text repair for scraped pages, where link texts lose the space between them
// ("The RunawaysThe Twilight Saga: Eclipsemay be"). A space goes in only where a known name,
// written exactly, meets another word without one.
#include "enrich/graph_impl.h"

namespace marquee {

namespace {

bool is_lower(char c) {
  return c >= 'a' && c <= 'z';
}
bool is_upper(char c) {
  return c >= 'A' && c <= 'Z';
}
bool is_letter(char c) {
  return is_lower(c) || is_upper(c) || static_cast<unsigned char>(c) >= 0x80;
}
bool is_alnum(char c) {
  return is_letter(c) || (c >= '0' && c <= '9');
}

// Word endings that belong to the name rather than to a new word: "Eclipses", "Runaways'".
bool is_inflection(std::string_view rest) {
  return rest == "s" || rest == "es" || rest == "ed" || rest == "d" || rest == "ing";
}

}  // namespace

std::string repair_glued_text(const KnowledgeGraph& graph, std::string_view text) {
  const auto& g = graph.impl();
  std::string out;
  out.reserve(text.size() + 16);
  const std::size_t n = text.size();
  std::size_t last_name_end = std::string_view::npos;
  std::size_t spaced = std::string_view::npos;  // where a space has just gone in
  std::size_t i = 0;
  while (i < n) {
    bool word_start = i == 0 || !is_alnum(text[i - 1]) || i == spaced;
    bool glue_point = i > 0 && is_lower(text[i - 1]) && is_upper(text[i]) && i != spaced;
    if (!(word_start || glue_point) || !is_alnum(text[i])) {
      out += text[i++];
      continue;
    }
    std::size_t matched = 0;
    if (i + 4 > n || !g.exact_name_heads.count(KnowledgeGraph::Impl::head_of(text.substr(i)))) {
      out += text[i++];
      continue;
    }
    for (std::size_t len : g.exact_name_lengths) {
      if (i + len > n || !g.exact_names.count(text.substr(i, len))) continue;
      std::string_view name = text.substr(i, len);
      bool multi = name.find(' ') != std::string_view::npos;
      std::size_t j = i + len;
      bool right_ok = true;
      if (j < n && is_alnum(text[j]) && is_alnum(name.back())) {
        std::size_t w = j;
        while (w < n && is_alnum(text[w])) ++w;
        std::string_view rest = text.substr(j, w - j);
        bool transition = is_upper(text[j]) && is_lower(text[j - 1]);
        right_ok =
            transition || (multi && is_lower(text[j]) && rest.size() >= 2 && !is_inflection(rest));
      }
      // Inside a word, a name counts only where the previous name ended or when it is long.
      bool left_ok = word_start || last_name_end == i || multi;
      if (right_ok && left_ok) {
        matched = len;
        break;
      }
    }
    if (matched == 0) {
      out += text[i++];
      continue;
    }
    if (glue_point) out += ' ';
    out.append(text.substr(i, matched));
    i += matched;
    last_name_end = i;
    if (i < n && is_alnum(text[i]) && is_alnum(text[i - 1])) {
      out += ' ';
      spaced = i;
    }
  }
  return out;
}

}  // namespace marquee
