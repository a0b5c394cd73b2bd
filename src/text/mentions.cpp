// link_first_mentions: links the first mention of each known person or work in a story's text.
// Matching is leftmost, then longest surface, on whole words; candidates are bucketed by their
// first byte so each word start is compared against only the surfaces that could begin there.
#include <algorithm>
#include <array>
#include <cstdint>
#include <vector>

#include "text/html_document.h"
#include "text/html_writer.h"
#include "text/text.h"
#include "text/url_policy.h"
#include "text/utf8_scan.h"

namespace marquee::text {
namespace {

// Letters and digits of any script; punctuation (including ’ and “), symbols and spaces are not.
bool is_word_code_point(std::uint32_t cp) {
  if (cp < 0x80) {
    return (cp >= '0' && cp <= '9') || (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z');
  }
  if (cp < 0xC0 || cp == 0xD7 || cp == 0xF7) return false;  // Latin-1 punctuation, × ÷
  if (cp >= 0x2000 && cp <= 0x2BFF) return false;           // punctuation, symbols, arrows
  if (cp >= 0x3000 && cp <= 0x303F) return false;           // CJK punctuation
  if (cp >= 0xFE30 && cp <= 0xFE4F) return false;           // CJK compatibility forms
  if (cp >= 0xFF00 && cp <= 0xFF0F) return false;           // full-width punctuation
  return cp != 0xFFFD;
}

bool word_char_before(std::string_view text, std::size_t at) {
  if (at == 0) return false;
  std::size_t start = at - 1;
  for (int steps = 0; steps < 3 && start > 0; ++steps) {
    if ((static_cast<unsigned char>(text[start]) & 0xC0) != 0x80) break;
    --start;
  }
  return is_word_code_point(decode_at(text, start).value);
}

bool word_char_at(std::string_view text, std::size_t at) {
  return at < text.size() && is_word_code_point(decode_at(text, at).value);
}

struct Candidate {
  std::string_view surface;
  std::size_t link;  // index into the caller's links
  bool word_start;   // the surface begins with a letter or digit: needs a boundary before it
  bool word_end;     // ... ends with one: needs a boundary after it
};

class MentionMatcher {
 public:
  explicit MentionMatcher(const std::vector<MentionLink>& links) {
    anchors_.resize(links.size());
    used_.assign(links.size(), false);
    for (std::size_t i = 0; i < links.size(); ++i) {
      const auto url = check_url(links[i].href, UrlUse::kLink);
      if (!url) continue;  // a link we could not emit safely is no link at all
      std::string& anchor = anchors_[i];
      anchor = "<a href=\"" + html_escape(url->value) + "\" class=\"entity\"";
      if (!links[i].title.empty()) anchor += " title=\"" + html_escape(links[i].title) + "\"";
      if (url->external) anchor += " rel=\"noopener\"";
      anchor += '>';
      bool has_surface = false;
      for (const std::string& surface : links[i].surfaces) {
        if (surface.empty()) continue;
        buckets_[static_cast<unsigned char>(surface[0])].push_back(Candidate{
            surface, i, word_char_at(surface, 0), word_char_before(surface, surface.size())});
        has_surface = true;
      }
      if (has_surface) ++unused_links_;
    }
    for (auto& bucket : buckets_) {
      std::stable_sort(bucket.begin(), bucket.end(), [](const Candidate& a, const Candidate& b) {
        return a.surface.size() > b.surface.size();
      });
    }
  }

  // Appends `text` escaped, with the first unused mention of each link wrapped in its anchor.
  void write(std::string_view text, std::string& out) {
    std::size_t written = 0;
    for (std::size_t at = 0; at < text.size() && unused_links_ > 0; ++at) {
      const Candidate* found = match_at(text, at);
      if (found == nullptr) continue;
      out += html_escape(text.substr(written, at - written));
      out += anchors_[found->link];
      out += html_escape(found->surface);
      out += "</a>";
      used_[found->link] = true;
      --unused_links_;
      written = at + found->surface.size();
      at = written - 1;
    }
    out += html_escape(text.substr(written));
  }

 private:
  const Candidate* match_at(std::string_view text, std::size_t at) const {
    const auto& bucket = buckets_[static_cast<unsigned char>(text[at])];
    if (bucket.empty()) return nullptr;
    const bool boundary_before = !word_char_before(text, at);
    for (const Candidate& c : bucket) {
      if (used_[c.link]) continue;
      if (c.word_start && !boundary_before) continue;
      if (text.compare(at, c.surface.size(), c.surface) != 0) continue;
      if (c.word_end && word_char_at(text, at + c.surface.size())) continue;
      return &c;
    }
    return nullptr;
  }

  std::array<std::vector<Candidate>, 256> buckets_;
  std::vector<std::string> anchors_;
  std::vector<bool> used_;
  std::size_t unused_links_ = 0;
};

}  // namespace

std::string link_first_mentions(std::string_view safe_html, const std::vector<MentionLink>& links) {
  const HtmlDocument document(safe_html);
  MentionMatcher matcher(links);
  return write_allowed_html(document, safe_html,
                            [&](std::string_view text, bool linkable, std::string& out) {
                              if (linkable) {
                                matcher.write(text, out);
                              } else {
                                out += html_escape(text);
                              }
                            });
}

}  // namespace marquee::text
