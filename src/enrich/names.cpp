// Capitalised runs and the word lists behind discovery and relation suggestions.
#include "enrich/names.h"

#include <algorithm>
#include <array>
#include <utility>

namespace marquee::enrich_detail {
namespace {

template <std::size_t N>
bool in(const std::array<std::string_view, N>& list, std::string_view w) {
  return std::find(list.begin(), list.end(), w) != list.end();
}

// Capitalised only because they open a sentence, or titles and roles written before a name.
constexpr std::array<std::string_view, 90> kNotNameWords = {
    "the",      "a",         "an",       "this",     "that",      "these",   "those",     "then",
    "when",     "after",     "before",   "in",       "on",        "at",      "but",       "and",
    "so",       "for",       "with",     "from",     "as",        "if",      "while",     "since",
    "until",    "by",        "of",       "to",       "his",       "her",     "their",     "our",
    "my",       "its",       "your",     "he",       "she",       "they",    "we",        "it",
    "i",        "you",       "there",    "here",     "now",       "today",   "yesterday", "tonight",
    "last",     "next",      "early",    "late",     "later",     "every",   "each",      "both",
    "all",      "some",      "most",     "many",     "few",       "no",      "not",       "monday",
    "tuesday",  "wednesday", "thursday", "friday",   "saturday",  "sunday",  "director",  "actress",
    "actor",    "singer",    "star",     "producer", "guitarist", "drummer", "bassist",   "rapper",
    "comedian", "host",      "mr",       "mrs",      "ms",        "dr",      "i'm",       "i've",
    "i'll",     "i'd"};

// Titles written before a name.
constexpr std::array<std::string_view, 22> kHonorifics = {
    "colonel", "inspector", "detective", "captain", "sergeant", "officer",  "agent",    "sir",
    "dame",    "lord",      "lady",      "king",    "queen",    "prince",   "princess", "president",
    "senator", "judge",     "governor",  "mayor",   "general",  "professor"};

constexpr std::array<std::string_view, 12> kMonths = {
    "january", "february", "march",     "april",   "may",      "june",
    "july",    "august",   "september", "october", "november", "december"};

// Last words of organisations, places and events, never of a person's name.
constexpr std::array<std::string_view, 34> kInstitutionWords = {
    "entertainment", "records",    "pictures", "studios", "studio",   "films",   "festival",
    "awards",        "hall",       "fame",     "center",  "centre",   "theatre", "theater",
    "street",        "avenue",     "park",     "city",    "county",   "club",    "company",
    "network",       "channel",    "news",     "times",   "magazine", "post",    "journal",
    "radio",         "university", "college",  "school",  "hotel",    "church"};

constexpr std::array<std::string_view, 90> kSpeechVerbs = {
    "said",      "says",      "say",       "told",      "tells",      "added",     "adds",
    "explained", "explains",  "recalled",  "recalls",   "admitted",   "admits",    "noted",
    "notes",     "joked",     "jokes",     "laughed",   "laughs",     "insisted",  "insists",
    "continued", "continues", "wrote",     "writes",    "revealed",   "reveals",   "gushed",
    "gushes",    "shared",    "shares",    "confessed", "confesses",  "quipped",   "quips",
    "stated",    "states",    "declared",  "declares",  "remembered", "remembers", "remarked",
    "remarks",   "asked",     "asks",      "replied",   "replies",    "answered",  "answers",
    "raved",     "raves",     "teased",    "teases",    "agreed",     "agrees",    "offered",
    "offers",    "exclaimed", "whispered", "announced", "announces",  "posted",    "tweeted",
    "explain",   "recall",    "admit",     "adding",    "saying",     "telling",   "recalling",
    "joking",    "insisting", "argued",    "argues",    "conceded",   "concedes",  "warned",
    "warns",     "promised",  "promises",  "described", "describes",  "predicted", "thanked",
    "thanks",    "praised",   "praises",   "sighed",    "shrugged",   "smiled"};

constexpr std::array<std::string_view, 40> kRoleNouns = {
    "director",    "actress",      "actor",      "singer",    "star",          "producer",
    "guitarist",   "drummer",      "bassist",    "rapper",    "comedian",      "host",
    "frontman",    "frontwoman",   "songwriter", "filmmaker", "writer",        "author",
    "composer",    "newcomer",     "co-star",    "costar",    "showrunner",    "screenwriter",
    "keyboardist", "vocalist",     "musician",   "dancer",    "choreographer", "presenter",
    "nominee",     "winner",       "executive",  "manager",   "critic",        "novelist",
    "playwright",  "photographer", "model",      "creator"};

// Lower-case words inside one name: "Queens of Noise", "Ludwig van Beethoven". Not "and" or
// "in", which join two names ("Stewart and Fanning", "Dana Reyes in Glass Highway").
bool joins_name(std::string_view f) {
  static constexpr std::array<std::string_view, 10> kJoiners = {"of",  "de",  "la",  "le",  "du",
                                                                "von", "van", "der", "del", "da"};
  return in(kJoiners, f);
}

}  // namespace

bool is_speech_verb(std::string_view folded) {
  return in(kSpeechVerbs, folded);
}

bool is_role_noun(std::string_view folded) {
  return in(kRoleNouns, folded);
}

bool is_institution_word(std::string_view folded) {
  return in(kInstitutionWords, folded);
}

bool is_month(std::string_view folded) {
  return in(kMonths, folded);
}

std::optional<EntityKind> kind_cue(std::string_view f) {
  using K = EntityKind;
  static constexpr std::array<std::pair<std::string_view, K>, 22> kCues = {{
      {"film", K::film},    {"movie", K::film},      {"biopic", K::film}, {"documentary", K::film},
      {"feature", K::film}, {"series", K::show},     {"show", K::show},   {"sitcom", K::show},
      {"drama", K::show},   {"miniseries", K::show}, {"album", K::album}, {"lp", K::album},
      {"ep", K::album},     {"record", K::album},    {"song", K::song},   {"single", K::song},
      {"track", K::song},   {"ballad", K::song},     {"anthem", K::song}, {"band", K::band},
      {"group", K::band},   {"trio", K::band},
  }};
  for (const auto& [word, kind] : kCues)
    if (word == f) return kind;
  return std::nullopt;
}

bool mostly_capitalised(const Tokens& t) {
  int words = 0, capitalised = 0;
  for (const auto& tok : t.list) {
    if (!tok.has(kWord) || tok.has(kFunctionWord)) continue;
    ++words;
    capitalised += tok.has(kCapitalized) || tok.has(kAllCaps);
  }
  return words >= 3 && capitalised * 10 >= words * 8;
}

std::vector<NameRun> name_runs(const Tokens& tokens, std::size_t max_tokens) {
  std::vector<NameRun> out;
  const auto& list = tokens.list;
  const auto n = static_cast<std::uint32_t>(list.size());
  auto capital = [&](std::uint32_t i) {
    const Token& t = list[i];
    return t.has(kWord) && t.has(kCapitalized) && !t.has(kFunctionWord) &&
           !(t.fold_size > 0 && tokens.folded[t.fold_begin] >= '0' &&
             tokens.folded[t.fold_begin] <= '9');
  };
  // "Taylor-Compton", "O'Neal": a hyphen or apostrophe with no space either side.
  auto glued = [&](std::uint32_t i) {
    if (i + 1 >= n || list[i].has(kWord) || i == 0) return false;
    std::string_view f = tokens.fold(list[i]);
    return (f == "-" || f == "'") && list[i - 1].end == list[i].begin &&
           list[i].end == list[i + 1].begin && capital(i + 1);
  };
  std::uint32_t i = 0;
  while (i < n) {
    if (!capital(i)) {
      ++i;
      continue;
    }
    std::uint32_t begin = i, end = i + 1;
    bool function_word = false;
    while (end < n && end - begin < max_tokens && !list[end - 1].has(kPossessive) &&
           list[end].paragraph == list[begin].paragraph && !list[end].has(kSentenceStart)) {
      if (capital(end)) {
        ++end;
      } else if (glued(end)) {
        end += 2;
      } else if (joins_name(tokens.fold(list[end])) && end + 1 < n && capital(end + 1) &&
                 !list[end + 1].has(kSentenceStart)) {
        function_word = true;
        end += 2;
      } else {
        break;
      }
    }
    i = end;
    // Leading words capitalised for the sentence, roles and titles: "Then", "Author",
    // "Colonel", "Prince" (of "Prince Harry", who is Harry).
    while (begin < end &&
           (in(kNotNameWords, tokens.fold(list[begin])) || is_role_noun(tokens.fold(list[begin])) ||
            in(kHonorifics, tokens.fold(list[begin])))) {
      ++begin;
      while (begin < end && !capital(begin)) ++begin;  // the joining word after it
    }
    if (begin < end) out.push_back({begin, end, function_word});
  }
  return out;
}

std::string run_text(std::string_view text, const Tokens& tokens, std::uint32_t begin,
                     std::uint32_t end) {
  std::string out;
  const auto& list = tokens.list;
  for (std::uint32_t i = begin; i < end; ++i) {
    if (i > begin && list[i - 1].end != list[i].begin) out += ' ';
    out.append(text.substr(list[i].begin, list[i].end - list[i].begin));
  }
  return out;
}

}  // namespace marquee::enrich_detail
