// Finding capitalised name runs the linker did not match (see unknown_names.h).
#include "admin/unknown_names.h"

#include <algorithm>
#include <set>

namespace marquee::admin {
namespace {

bool is_upper(char c) {
  return c >= 'A' && c <= 'Z';
}
bool is_lower(char c) {
  return c >= 'a' && c <= 'z';
}
// Letters of other scripts and accented Latin are UTF-8 bytes >= 0x80: part of a word.
bool is_word_byte(char c) {
  return is_upper(c) || is_lower(c) || static_cast<unsigned char>(c) >= 0x80 || c == '-' ||
         c == '\'';
}

const std::set<std::string_view>& function_words() {
  static const std::set<std::string_view> words = {
      "A",     "An",     "The",  "And",    "But",   "Or",    "So",     "If",   "In",
      "On",    "At",     "Of",   "For",    "From",  "With",  "By",     "To",   "As",
      "He",    "She",    "It",   "They",   "We",    "I",     "You",    "His",  "Her",
      "Their", "Our",    "My",   "This",   "That",  "These", "Those",  "When", "While",
      "After", "Before", "Then", "There",  "Here",  "What",  "Who",    "Why",  "How",
      "Where", "Now",    "Not",  "No",     "Yes",   "Mr",    "Mrs",    "Ms",   "Dr",
      "Also",  "Still",  "Even", "Though", "Since", "Until", "During", "Like", "Meanwhile"};
  return words;
}

const std::set<std::string_view>& calendar_words() {
  static const std::set<std::string_view> words = {
      "January",   "February",  "March",   "April",    "May",      "June",   "July",
      "August",    "September", "October", "November", "December", "Monday", "Tuesday",
      "Wednesday", "Thursday",  "Friday",  "Saturday", "Sunday"};
  return words;
}

struct Word {
  std::size_t offset;
  std::string_view text;
};

bool capitalised(std::string_view word) {
  // "Okafor", "McAdams", "O'Neil", "Jean-Luc"; not "NASA" alone (all capitals) nor "iPhone".
  if (word.size() < 2 || !is_upper(word[0])) return false;
  return std::any_of(word.begin() + 1, word.end(),
                     [](char c) { return is_lower(c) || static_cast<unsigned char>(c) >= 0x80; });
}

}  // namespace

std::vector<std::string> unknown_names(std::string_view text,
                                       const std::vector<CoveredSpan>& covered,
                                       const std::vector<std::string>& known) {
  std::set<std::string, std::less<>> known_set(known.begin(), known.end());
  std::vector<std::string> found;
  std::set<std::string, std::less<>> seen;

  auto overlaps_covered = [&](std::size_t begin, std::size_t end) {
    return std::any_of(covered.begin(), covered.end(), [&](const CoveredSpan& s) {
      return begin < s.offset + s.length && s.offset < end;
    });
  };
  auto take_run = [&](std::vector<Word>& run) {
    std::size_t first = 0;
    while (first < run.size() && function_words().count(run[first].text)) ++first;
    std::size_t count = run.size() - first;
    bool calendar = std::any_of(run.begin() + static_cast<std::ptrdiff_t>(first), run.end(),
                                [](const Word& w) { return calendar_words().count(w.text) > 0; });
    if (count >= 2 && count <= 4 && !calendar) {
      std::size_t begin = run[first].offset;
      std::size_t end = run.back().offset + run.back().text.size();
      std::string name(text.substr(begin, end - begin));
      if (!overlaps_covered(begin, end) && !known_set.count(name) && seen.insert(name).second) {
        found.push_back(std::move(name));
      }
    }
    run.clear();
  };

  std::vector<Word> run;
  std::size_t pos = 0;
  while (pos < text.size()) {
    if (!is_word_byte(text[pos])) {
      // Only single spaces join the words of a name; punctuation or a line break ends it.
      if (text[pos] != ' ' || run.empty() || pos + 1 >= text.size() || !is_upper(text[pos + 1])) {
        take_run(run);
      }
      ++pos;
      continue;
    }
    std::size_t start = pos;
    while (pos < text.size() && is_word_byte(text[pos])) ++pos;
    std::string_view word = text.substr(start, pos - start);
    // A possessive belongs to the sentence, not the name: "Okafor's" ends the run at "Okafor".
    bool possessive = word.size() > 2 && word.substr(word.size() - 2) == "'s";
    if (possessive) word.remove_suffix(2);
    while (!word.empty() && (word.back() == '-' || word.back() == '\'')) word.remove_suffix(1);
    if (capitalised(word)) {
      run.push_back({start, word});
      if (possessive) take_run(run);
    } else {
      take_run(run);
    }
  }
  take_run(run);
  return found;
}

}  // namespace marquee::admin
