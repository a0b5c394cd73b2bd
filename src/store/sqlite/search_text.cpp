// Reader text to FTS5 MATCH expressions and snippets to HTML, one pass over the bytes each,
// decoding UTF-8 strictly so that nothing malformed reaches FTS5 or a page.
#include "store/sqlite/search_text.h"

#include "text/text.h"

#include <vector>

namespace marquee::sqlite {
namespace {

// One decoded character: its code point and byte length, or valid = false for a byte that
// does not start a well-formed UTF-8 sequence (overlong forms and surrogates included).
struct Decoded {
  char32_t code = 0;
  std::size_t length = 1;
  bool valid = false;
};

Decoded decode(std::string_view s, std::size_t i) {
  const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(s[k]); };
  const unsigned char lead = byte(i);
  if (lead < 0x80) return {lead, 1, true};
  std::size_t length = 0;
  char32_t code = 0;
  char32_t minimum = 0;
  if ((lead & 0xE0) == 0xC0) {
    length = 2, code = lead & 0x1F, minimum = 0x80;
  } else if ((lead & 0xF0) == 0xE0) {
    length = 3, code = lead & 0x0F, minimum = 0x800;
  } else if ((lead & 0xF8) == 0xF0) {
    length = 4, code = lead & 0x07, minimum = 0x10000;
  } else {
    return {};
  }
  if (i + length > s.size()) return {};
  for (std::size_t k = 1; k < length; ++k) {
    if ((byte(i + k) & 0xC0) != 0x80) return {};
    code = (code << 6) | (byte(i + k) & 0x3F);
  }
  if (code < minimum || code > 0x10FFFF || (code >= 0xD800 && code <= 0xDFFF)) return {};
  return {code, length, true};
}

bool is_control(char32_t c) {
  return c < 0x20 || c == 0x7F || (c >= 0x80 && c < 0xA0);
}

bool is_space(char32_t c) {
  return c == ' ' || c == 0xA0 || c == 0x1680 || (c >= 0x2000 && c <= 0x200A) || c == 0x2028 ||
         c == 0x2029 || c == 0x202F || c == 0x205F || c == 0x3000 || c == 0xFEFF;
}

struct Word {
  std::string text;
  std::size_t chars = 0;
};

std::string quoted_phrase(const Word& word) {
  std::string out = "\"";
  for (char c : word.text) {
    if (c == '"') out += '"';  // FTS5 strings escape a quote by doubling it
    out += c;
  }
  out += '"';
  return out;
}

void append_escaped(std::string& out, std::string_view text) {
  out += text::html_escape(text);
}

// A "[" that opens a Markdown link: "](" follows before any other bracket or line break.
bool opens_link(std::string_view s, std::size_t i) {
  for (std::size_t k = i + 1; k + 1 < s.size(); ++k) {
    if (s[k] == ']') return s[k + 1] == '(';
    if (s[k] == '[' || s[k] == '\n') return false;
  }
  return false;
}

// Where the "(url)" that starts at i (the "(") ends: after its ")", or at the next space or
// the end when the snippet cut the address short.
std::size_t link_target_end(std::string_view s, std::size_t i) {
  std::size_t k = i + 1;
  while (k < s.size() && s[k] != ')' && s[k] != ' ' && s[k] != '\n') ++k;
  return k < s.size() && s[k] == ')' ? k + 1 : k;
}

}  // namespace

std::vector<std::string> fts5_match_phrases(std::string_view text) {
  std::vector<Word> words;
  Word current;
  bool ends_in_separator = true;
  for (std::size_t i = 0; i < text.size();) {
    const Decoded d = decode(text, i);
    const bool separator = !d.valid || is_control(d.code) || is_space(d.code);
    if (separator) {
      if (!current.text.empty()) words.push_back(std::move(current));
      current = {};
    } else {
      current.text.append(text.substr(i, d.length));
      ++current.chars;
    }
    ends_in_separator = separator;
    i += d.length;
  }
  if (!current.text.empty()) words.push_back(std::move(current));

  const bool truncated = words.size() > kMaxSearchWords;
  if (truncated) words.resize(kMaxSearchWords);
  std::vector<std::string> phrases;
  for (const Word& word : words) phrases.push_back(quoted_phrase(word));
  // A reader still typing the last word finds the words it begins.
  if (!words.empty() && !truncated && !ends_in_separator && words.back().chars >= kMinPrefixChars) {
    phrases.back() += '*';
  }
  return phrases;
}

std::string fts5_match_expression(std::string_view text) {
  std::string expression;
  for (const auto& phrase : fts5_match_phrases(text)) {
    if (!expression.empty()) expression += ' ';
    expression += phrase;
  }
  return expression;
}

std::string snippet_to_html(std::string_view s) {
  std::string out;
  bool open = false;           // inside <mark>
  bool has_text = false;       // something visible was written
  bool pending_space = false;  // whitespace seen since the last visible character
  bool line_start = true;      // only whitespace since the start or a line break
  const auto write = [&](std::string_view piece, bool escape) {
    if (pending_space && has_text) out += ' ';
    pending_space = false;
    has_text = true;
    line_start = false;
    escape ? append_escaped(out, piece) : void(out += piece);
  };

  for (std::size_t i = 0; i < s.size();) {
    if (s.substr(i).starts_with(kMatchOpen)) {
      if (!open) {
        if (pending_space && has_text) out += ' ';
        pending_space = false;
        out += "<mark>";
        open = true;
      }
      i += kMatchOpen.size();
      continue;
    }
    if (s.substr(i).starts_with(kMatchClose)) {
      if (open) out += "</mark>";
      open = false;
      i += kMatchClose.size();
      continue;
    }
    const Decoded d = decode(s, i);
    if (!d.valid) {
      write("\xEF\xBF\xBD", false);  // U+FFFD
      i += 1;
      continue;
    }
    const char32_t c = d.code;
    if (c == '\n' || c == '\r') {
      pending_space = true;
      line_start = true;
      i += d.length;
      continue;
    }
    if (is_space(c) || is_control(c)) {
      pending_space = true;
      i += d.length;
      continue;
    }
    if (line_start) {
      // Headings ("## "), block quotes ("> ") and list bullets ("- ") are layout, not words.
      std::size_t k = i;
      if (c == '#') {
        while (k < s.size() && s[k] == '#') ++k;
      } else if (c == '>' || c == '-' || c == '+' || c == '*') {
        ++k;
      }
      if (k > i && (k == s.size() || s[k] == ' ')) {
        i = k;
        pending_space = true;
        continue;
      }
    }
    if (c == '*' || c == '`') {
      i += 1;
      continue;
    }
    if (s.substr(i).starts_with("__")) {
      i += 2;
      continue;
    }
    if (c == '[' && opens_link(s, i)) {
      i += 1;
      continue;
    }
    if (s.substr(i).starts_with("](")) {
      const std::size_t end = link_target_end(s, i + 1);
      if (s.substr(i, end - i).ends_with("…")) write("…", false);
      i = end;
      continue;
    }
    write(s.substr(i, d.length), true);
    i += d.length;
  }
  if (open) out += "</mark>";
  return out;
}

}  // namespace marquee::sqlite
