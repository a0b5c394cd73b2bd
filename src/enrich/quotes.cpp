// Quote attribution from the forms news copy uses: "...," Name said. / "...," said Name. /
// Name said: "..." / according to Name / a pronoun for the last person named / a quote that
// continues the same speaker later in the paragraph.
#include "enrich/quotes.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <optional>

#include "core/ascii.h"
#include "enrich/names.h"

namespace marquee::enrich_detail {
namespace {

constexpr std::array<std::string_view, 3> kPronouns = {"she", "he", "they"};
// Words after which a name is an object, not the subject of its sentence ("beside Emily Blunt").
constexpr std::array<std::string_view, 27> kObjectMarkers = {
    "with",   "beside", "alongside", "to",      "by",   "for",    "from",    "of",      "and",
    "or",     "than",   "opposite",  "between", "like", "about",  "as",      "after",   "before",
    "behind", "at",     "on",        "in",      "near", "toward", "towards", "against", "into"};
constexpr std::array<std::string_view, 26> kRoleNouns = {
    "actress",   "actor",     "star",    "singer",     "director", "rocker",   "musician",
    "filmmaker", "guitarist", "drummer", "frontwoman", "frontman", "producer", "performer",
    "teen",      "teenager",  "writer",  "author",     "model",    "comedian", "host",
    "veteran",   "newcomer",  "old",     "bassist",    "icon"};

template <std::size_t N>
bool in(const std::array<std::string_view, N>& list, std::string_view w) {
  return std::find(list.begin(), list.end(), w) != list.end();
}

enum class Mark { none, open, close };

struct Span {
  std::uint32_t open = 0;   // token of the opening mark
  std::uint32_t close = 0;  // token of the closing mark, or one past the paragraph's end
  bool open_ended = false;  // the paragraph ended before the quote did
};

struct Attribution {
  bool found = false;         // an attribution form was recognised
  std::optional<Id> speaker;  // the entity, when the form named a known one
  double confidence = 0;
};

class Attributor {
 public:
  Attributor(std::string_view body, const Tokens& tokens, const std::vector<NamedSpan>& named)
      : body_(body), t_(tokens), list_(tokens.list), named_(named) {
    starts_.assign(list_.size(), kNoSpan);
    for (std::size_t k = 0; k < named_.size(); ++k)
      if (named_[k].token_begin < list_.size()) starts_[named_[k].token_begin] = k;
  }

  std::vector<Quote> run() {
    find_spans();
    std::vector<Quote> out;
    std::optional<Id> last_speaker;
    bool last_known = false;  // an attribution (to anyone) earlier in the paragraph
    std::uint32_t paragraph = UINT32_MAX;
    bool previous_open_ended = false;
    for (const Span& s : spans_) {
      std::uint32_t para = list_[s.open].paragraph;
      bool new_paragraph = para != paragraph;
      bool carried = false;
      if (new_paragraph) {
        // A quote running over paragraphs, or a paragraph that is all quote, continues.
        bool whole_paragraph_quote = (s.open == 0 || list_[s.open - 1].paragraph != para) &&
                                     paragraph != UINT32_MAX && para == paragraph + 1;
        carried = last_known && whole_paragraph_quote;
        if (!carried) last_speaker.reset(), last_known = false;
        paragraph = para;
      }
      Attribution a = attribute(s);
      std::string text = quote_text(s);
      int words = word_count(s);
      // Short quotes are speech only as sentences of their own ("Much worse."), not titles
      // inside a sentence (closed with "Cherry Bomb.").
      bool speech_sized = words >= 4 || (words >= 1 && standalone(s) && ends_like_speech(s));
      if (!a.found && last_known && speech_sized) {
        a.found = true;
        a.speaker = last_speaker;
        a.confidence = (new_paragraph ? (previous_open_ended ? 0.8 : 0.6) : 0.8);
        if (!a.speaker) a.confidence = 0.2;
      }
      previous_open_ended = s.open_ended;
      if (!a.found) {
        if (words < 4 || !ends_like_speech(s)) continue;  // a title or scare quotes
        a.confidence = 0.2;
      } else {
        last_speaker = a.speaker;
        last_known = true;
      }
      if (text.empty()) continue;
      Quote q;
      q.speaker_id = a.speaker;
      q.text = std::move(text);
      q.position = static_cast<int>(list_[s.open].end);
      q.confidence = a.speaker ? a.confidence : std::min(a.confidence, 0.2);
      out.push_back(std::move(q));
    }
    return out;
  }

 private:
  static constexpr std::size_t kNoSpan = SIZE_MAX;
  static constexpr int kMaxPronounChain = 3;  // "He said ..." sentences to follow back

  std::string_view fold(std::uint32_t i) const { return t_.fold(list_[i]); }
  bool is_word(std::uint32_t i) const { return list_[i].has(kWord); }
  bool is_verb(std::uint32_t i) const { return is_word(i) && is_speech_verb(fold(i)); }

  Mark mark(std::uint32_t i) const {
    const Token& t = list_[i];
    if (t.has(kWord) || fold(i) != "\"") return Mark::none;
    std::string_view raw = body_.substr(t.begin, t.end - t.begin);
    if (raw == "\xE2\x80\x9C") return Mark::open;
    if (raw == "\xE2\x80\x9D") return Mark::close;
    if (t.begin == 0) return Mark::open;
    auto prev = static_cast<unsigned char>(body_[t.begin - 1]);
    bool after_space = prev == ' ' || prev == '\n' || prev == '\t' || prev == '(' || prev == '[' ||
                       prev == '-' || prev == '/' || prev == 0x94 /* dash */ || prev == 0xA0;
    return after_space ? Mark::open : Mark::close;
  }

  void find_spans() {
    constexpr std::uint32_t kClosed = UINT32_MAX;
    std::uint32_t open = kClosed;
    for (std::uint32_t i = 0; i < list_.size(); ++i) {
      if (open != kClosed && list_[i].paragraph != list_[open].paragraph) {
        spans_.push_back({open, i, true});
        open = kClosed;
      }
      Mark m = mark(i);
      if (m == Mark::open) {
        open = i;
      } else if (m == Mark::close && open != kClosed) {
        spans_.push_back({open, i, false});
        open = kClosed;
      }
    }
    if (open != kClosed) spans_.push_back({open, static_cast<std::uint32_t>(list_.size()), true});
    inside_.assign(list_.size(), false);
    for (const Span& s : spans_)
      for (std::uint32_t i = s.open; i < s.close && i < list_.size(); ++i) inside_[i] = true;
  }

  std::string quote_text(const Span& s) const {
    std::uint32_t from = list_[s.open].end;
    std::uint32_t to =
        s.close < list_.size() && !s.open_ended ? list_[s.close].begin : list_[s.close - 1].end;
    if (s.open_ended && s.close > s.open + 1) to = list_[s.close - 1].end;
    if (to <= from) return {};
    std::string_view text = body_.substr(from, to - from);
    auto strip = [&](std::string_view chars) {
      while (!text.empty() && chars.find(text.back()) != std::string_view::npos)
        text.remove_suffix(1);
      while (!text.empty() && chars.find(text.front()) != std::string_view::npos)
        text.remove_prefix(1);
    };
    strip(" \t\r\n");
    if (!text.empty() && text.back() == ',') text.remove_suffix(1);
    strip(" \t\r\n");
    return std::string(text);
  }

  int word_count(const Span& s) const {
    int n = 0;
    for (std::uint32_t i = s.open + 1; i < s.close && i < list_.size(); ++i) n += is_word(i);
    return n;
  }

  // The quote opens a sentence (or paragraph) rather than sitting inside one.
  bool standalone(const Span& s) const {
    if (s.open == 0 || list_[s.open - 1].paragraph != list_[s.open].paragraph) return true;
    std::string_view f = fold(s.open - 1);
    return f == "." || f == "!" || f == "?" || mark(s.open - 1) == Mark::close;
  }

  bool ends_like_speech(const Span& s) const {
    if (s.open_ended) return true;
    std::uint32_t last = s.close - 1;
    if (last <= s.open) return false;
    std::string_view f = fold(last);
    return f == "," || f == "." || f == "!" || f == "?" || f == "-";
  }

  // The last person named outside quotes before token `before`; with a role ("the actress"),
  // the last one whose description names that role, if any does.
  std::optional<Id> last_person_before(std::uint32_t before, std::string_view role = {},
                                       std::string_view pronoun = {}) const {
    std::optional<Id> latest;
    // named_ is in body order: start from the last span that begins before `before`.
    auto stop = std::partition_point(named_.begin(), named_.end(),
                                     [&](const NamedSpan& n) { return n.token_begin < before; });
    for (auto it = std::make_reverse_iterator(stop); it != named_.rend(); ++it) {
      if (!it->person || it->token_end > before || inside_[it->token_begin]) continue;
      if (!fits(*it, pronoun)) continue;
      if (role.empty()) return it->entity_id;
      if (describes(it->description, role)) return it->entity_id;
      // "the director said" after a singer the graph describes: someone else, not named.
      if (!latest && it->description.empty()) latest = it->entity_id;
    }
    return latest;
  }

  // A pronoun never goes to a person the graph knows by another one. "they" is also the plural,
  // so only a known "she" or "he" rules a person out for it.
  static bool fits(const NamedSpan& n, std::string_view pronoun) {
    if (pronoun.empty() || n.pronouns.empty()) return true;
    if (pronoun == "they") return n.pronouns == "they";
    return n.pronouns == pronoun;
  }

  // The first token of the sentence that runs up to token `end` (exclusive), within the
  // paragraph of the token before it; full stops inside quotes do not end sentences.
  std::uint32_t sentence_start(std::uint32_t end) const {
    if (end == 0) return 0;
    const std::uint32_t para = list_[end - 1].paragraph;
    std::uint32_t start = end;
    while (start > 0 && list_[start - 1].paragraph == para) {
      std::string_view f = fold(start - 1);
      if (!is_word(start - 1) && !inside_[start - 1] && (f == "." || f == "!" || f == "?")) break;
      --start;
    }
    return start;
  }

  // The subject of the words [start, end): the first speaker named outside quotes that does not
  // follow a preposition or a conjunction ("Nolan ... walked the carpet beside Emily Blunt").
  const NamedSpan* subject_of(std::uint32_t start, std::uint32_t end, std::string_view pronoun = {},
                              bool people_only = true) const {
    auto first = std::partition_point(named_.begin(), named_.end(),
                                      [&](const NamedSpan& n) { return n.token_begin < start; });
    for (auto it = first; it != named_.end() && it->token_end <= end; ++it) {
      if (inside_[it->token_begin] || !it->speaker || (people_only && !it->person)) continue;
      if (it->token_begin > start) {
        std::uint32_t p = it->token_begin - 1;
        if (fold(p) == "," && p > start) --p;  // "Director, Nolan" is rare; "with, X" is not
        if (is_word(p) && in(kObjectMarkers, fold(p))) continue;
      }
      // "Stewart and Fanning arrived": a compound subject says nothing about one speaker.
      auto next = std::next(it);
      if (next != named_.end() && next->token_begin == it->token_end + 1 &&
          fold(it->token_end) == "and")
        return nullptr;
      if (!fits(*it, pronoun)) return nullptr;
      return &*it;
    }
    return nullptr;
  }

  // Who "she said" most likely means: when the sentence holding the quote, or the one just
  // before it, has someone speaking outside quotes ("Stewart, who plays Joan Jett, said the
  // hardest part was ..."), the subject of that sentence, the first person named ahead of its
  // speech verb; else the subject of the sentence before; otherwise the last person named.
  // People the graph knows by another pronoun are passed over.
  // `before` is the quote's opening mark or the pronoun itself; in the pronoun's own sentence
  // the name before it is not what it stands for ("Mercury, he recalled, wanted ...").
  std::optional<Id> pronoun_speaker(std::uint32_t before, std::string_view pronoun = {},
                                    int depth = 0) const {
    if (before == 0 || before > list_.size()) return last_person_before(before, {}, pronoun);
    const std::uint32_t para = list_[before - 1].paragraph;
    const bool from_pronoun = before < list_.size() && in(kPronouns, fold(before));
    const auto here = std::min<std::uint32_t>(before, static_cast<std::uint32_t>(list_.size() - 1));
    std::uint32_t end = before;
    for (int sentence = 0; sentence < 2 && end > 0; ++sentence) {
      std::uint32_t start = sentence_start(end);
      bool had_verb = false;
      for (std::uint32_t v = start; v < end; ++v) {
        if (inside_[v] || !is_verb(v)) continue;
        had_verb = true;
        // "He said ...": the pronoun before the verb stands for someone named earlier still.
        if (v > start && in(kPronouns, fold(v - 1)) && depth < kMaxPronounChain &&
            (pronoun.empty() || fold(v - 1) == pronoun))
          return pronoun_speaker(start, fold(v - 1), depth + 1);
        auto first = std::partition_point(named_.begin(), named_.end(), [&](const NamedSpan& n) {
          return n.token_begin < start;
        });
        for (auto it = first; it != named_.end() && it->token_begin < v; ++it) {
          if (it->person && !inside_[it->token_begin] && fits(*it, pronoun)) return it->entity_id;
        }
        break;
      }
      // The subject of a sentence without speech, in the quote's own paragraph ("Nolan walked
      // the carpet beside Emily Blunt. '...,' he said").
      if (!had_verb && !(from_pronoun && sentence == 0) &&
          list_[start].paragraph == list_[here].paragraph)
        if (const NamedSpan* n = subject_of(start, end, pronoun)) return n->entity_id;
      if (start == 0 || list_[start - 1].paragraph != para) break;
      end = start - 1;  // past the full stop that ends the sentence before
    }
    return last_person_before(before, {}, pronoun);
  }

  static bool describes(std::string_view description, std::string_view role) {
    std::string lower = ascii_lower(description);
    for (std::size_t at = lower.find(role); at != std::string::npos;
         at = lower.find(role, at + 1)) {
      bool start = at == 0 || !std::isalpha(static_cast<unsigned char>(lower[at - 1]));
      std::size_t end = at + role.size();
      bool finish = end == lower.size() || !std::isalpha(static_cast<unsigned char>(lower[end]));
      if (start && finish) return true;
    }
    return false;
  }

  const NamedSpan* speaker_at(std::uint32_t i) const {
    if (i >= list_.size() || starts_[i] == kNoSpan) return nullptr;
    const NamedSpan& n = named_[starts_[i]];
    return n.speaker ? &n : nullptr;
  }

  // A capitalised word that is not a known entity: someone the graph does not know.
  bool unknown_name_at(std::uint32_t i) const {
    return i < list_.size() && is_word(i) && list_[i].has(kCapitalized) && starts_[i] == kNoSpan &&
           !in(kPronouns, fold(i)) && !list_[i].has(kFunctionWord);
  }

  Attribution attribute(const Span& s) {
    if (!s.open_ended) {
      if (auto a = after(s); a.found) return a;
    }
    return before(s);
  }

  // "...," Name said. / "...," said Name. / "...," she said. / "...," according to Name.
  Attribution after(const Span& s) const {
    std::uint32_t i = s.close + 1;
    const std::uint32_t para = list_[s.open].paragraph;
    std::uint32_t end = i;
    while (end < list_.size() && end < i + 14 && list_[end].paragraph == para &&
           mark(end) != Mark::open) {
      std::string_view f = fold(end);
      if (!is_word(end) && (f == "." || f == "!" || f == "?" || f == ";")) break;
      ++end;
    }
    if (i >= end) return {};
    if (fold(i) == "according" && i + 2 < end && fold(i + 1) == "to") {
      if (const NamedSpan* n = speaker_at(i + 2)) return {true, n->entity_id, 0.9};
    }
    if (const NamedSpan* n = speaker_at(i)) {
      for (std::uint32_t k = n->token_end; k < end && k < n->token_end + 6; ++k)
        if (is_verb(k)) return {true, n->entity_id, 0.95};
    }
    if (is_verb(i)) {
      for (std::uint32_t k = i + 1; k < end && k < i + 8; ++k) {
        if (const NamedSpan* n = speaker_at(k)) return {true, n->entity_id, 0.95};
        if (is_word(k) && in(kPronouns, fold(k)))
          return {true, pronoun_speaker(s.open, fold(k)), 0.7};
      }
      for (std::uint32_t k = i + 1; k < end && k < i + 4; ++k)
        if (unknown_name_at(k)) return {true, std::nullopt, 0.3};
    }
    if (is_word(i) && in(kPronouns, fold(i)) && i + 1 < end && is_verb(i + 1))
      return {true, pronoun_speaker(s.open, fold(i)), 0.75};
    if (is_word(i) && (fold(i) == "the" || fold(i) == "her" || fold(i) == "his")) {
      for (std::uint32_t k = i + 1; k < end && k < i + 10; ++k) {  // "the 20-year-old actress"

        if (speaker_at(k) != nullptr) break;
        if (is_verb(k)) {
          for (std::uint32_t r = i + 1; r < k; ++r)
            if (in(kRoleNouns, fold(r))) return {true, last_person_before(s.open, fold(r)), 0.7};
          break;
        }
      }
    }
    if (unknown_name_at(i)) {
      for (std::uint32_t k = i + 1; k < end && k < i + 5; ++k)
        if (is_verb(k)) return {true, std::nullopt, 0.3};
    }
    return {};
  }

  // Name said: "..." / Name told the magazine, "..." / According to Name, "..."
  Attribution before(const Span& s) const {
    if (s.open == 0) return {};
    const std::uint32_t para = list_[s.open].paragraph;
    std::uint32_t last = s.open - 1;
    if (list_[last].paragraph != para || inside_[last]) return {};
    std::string_view lf = fold(last);
    if (!(lf == ":" || lf == "," || is_verb(last))) return {};
    if (lf == ":") {
      // A clause ending in a colon introduces what its subject says, however long the clause
      // ("Swift, who closed the show, told the crowd the tour was about the fans first: ...").
      std::uint32_t start = sentence_start(last);
      // "Mercury, he recalled, wanted ...:" the one who speaks in the clause says the quote.
      for (std::uint32_t v = start + 1; v < last; ++v)
        if (!inside_[v] && is_verb(v) && in(kPronouns, fold(v - 1)))
          return {true, pronoun_speaker(v - 1, fold(v - 1)), 0.75};
      if (is_word(start) && in(kPronouns, fold(start)))
        return {true, pronoun_speaker(start, fold(start)), 0.75};
      if (const NamedSpan* n = subject_of(start, last, {}, false))
        return {true, n->entity_id, 0.85};
      // "At the end she thanked the crew ... and told the crowd:" a pronoun as the subject.
      for (std::uint32_t k = start; k < last; ++k)
        if (!inside_[k] && is_word(k) && in(kPronouns, fold(k)))
          return {true, pronoun_speaker(k, fold(k)), 0.7};
    }
    std::uint32_t from = last > 16 ? last - 16 : 0;
    while (from < last && (list_[from].paragraph != para || inside_[from])) ++from;
    for (std::uint32_t k = from; k + 2 <= last; ++k) {
      if (fold(k) == "according" && fold(k + 1) == "to")
        if (const NamedSpan* n = speaker_at(k + 2)) return {true, n->entity_id, 0.9};
    }
    for (std::uint32_t v = last + 1; v-- > from;) {
      if (!is_verb(v)) continue;
      for (std::uint32_t k = v; k-- > from && k + 8 > v;) {
        if (is_word(k) && in(kPronouns, fold(k))) return {true, pronoun_speaker(k, fold(k)), 0.75};
        if (const NamedSpan* n = speaker_at(k); n && n->token_end <= v)
          return {true, n->entity_id, 0.9};
      }
      for (std::uint32_t k = v + 1; k < last && k < v + 4; ++k)
        if (const NamedSpan* n = speaker_at(k)) return {true, n->entity_id, 0.9};
      return {};
    }
    return {};
  }

  std::string_view body_;
  const Tokens& t_;
  const std::vector<Token>& list_;
  const std::vector<NamedSpan>& named_;
  std::vector<std::size_t> starts_;
  std::vector<Span> spans_;
  std::vector<bool> inside_;
};

}  // namespace

std::vector<Quote> attribute_quotes(std::string_view body, const Tokens& tokens,
                                    const std::vector<NamedSpan>& named) {
  return Attributor(body, tokens, named).run();
}

}  // namespace marquee::enrich_detail
