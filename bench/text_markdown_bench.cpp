// Markdown to safe HTML for a typical 800-word story, and the passes that follow it on publish:
// first-mention linking and plain-text extraction.
#include <benchmark/benchmark.h>

#include <string>
#include <vector>

#include "text/text.h"

namespace {

using namespace marquee::text;

// About 400 words of story Markdown; the story used below is two of these, some 800 words.
constexpr const char* kHalfStory = R"(## On set with the cast

**Los Angeles** -- The first week of shooting on *Harbor Lights* ran long, and nobody seemed to
mind. "We kept finding things in the scenes," Mara Quinlan said between takes, still in the
yellow raincoat her character wears through most of the film. "Some nights we'd go home at three
and come back at nine with new ideas." Quinlan plays a ferry pilot who returns to the island town
she left at nineteen; [Theo Varga](/people/theo-varga) plays the brother who stayed behind.

Director Ines Albright shot most of the picture on a working dock, with real boats and a crew of
about forty. She said she wanted the weather to be a character of its own. "You can't fake
fog like that," Albright said. "We waited for it, and when it came we dropped everything." The
production lost two days to storms and, by her count, gained at least one scene from them.

> "It is a small story about a family, told on a big sea." -- Ines Albright

Varga, who spent a month learning to handle a tug before cameras rolled, called the shoot the
hardest of his career. He also called it the most fun. Quinlan's co-star praised her patience
with a script that changed almost daily: "Mara would get new pages at breakfast and know them by
lunch." The two previously worked together on the stage production of *Low Tide*, which ran for
a season at the Marlow Theatre.

| Role | Actor | Scenes |
| :--- | :--- | ---: |
| Nell Arden | Mara Quinlan | 61 |
| Cal Arden | Theo Varga | 48 |
| Harbor master | June Petrakis | 12 |

The score comes from the band Night Ferry, whose singer also appears briefly as a dockhand.
Their song ~~"Salt"~~ "Salt Road" plays over the final crossing. Composer notes, set lists and a
clip from the recording sessions are at <https://example.com/night-ferry>.

- Release: next spring, in theaters first
- Running time: about two hours
- Rating: not yet rated

Albright already has her next project lined up, a comedy set at a county fair, but says she is
not done with the water. "I'd go back tomorrow," she said. "The boats are still there."

)";

std::string story() {
  return std::string(kHalfStory) + kHalfStory;
}

std::vector<MentionLink> links() {
  std::vector<MentionLink> out = {
      {{"Mara Quinlan", "Quinlan"}, "/people/mara-quinlan", "Mara Quinlan"},
      {{"Theo Varga", "Varga"}, "/people/theo-varga", "Theo Varga"},
      {{"Ines Albright", "Albright"}, "/people/ines-albright", "Ines Albright"},
      {{"June Petrakis"}, "/people/june-petrakis", "June Petrakis"},
      {{"Harbor Lights"}, "/movies/harbor-lights", "Harbor Lights"},
      {{"Night Ferry"}, "/music/night-ferry", "Night Ferry"},
      {{"Low Tide"}, "/theatre/low-tide", "Low Tide"},
  };
  // A realistic store has many more names than a story mentions.
  for (int i = 0; i < 200; ++i) {
    out.push_back({{"Person " + std::to_string(i)}, "/people/p" + std::to_string(i), "P"});
  }
  return out;
}

void BM_MarkdownToSafeHtml(benchmark::State& state) {
  const std::string source = story();
  for (auto _ : state) benchmark::DoNotOptimize(markdown_to_html(source));
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * source.size()));
}
BENCHMARK(BM_MarkdownToSafeHtml);

void BM_SanitizeRenderedStory(benchmark::State& state) {
  const std::string html = markdown_to_html(story());
  for (auto _ : state) benchmark::DoNotOptimize(sanitize_html(html));
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * html.size()));
}
BENCHMARK(BM_SanitizeRenderedStory);

void BM_LinkFirstMentions(benchmark::State& state) {
  const std::string html = markdown_to_html(story());
  const auto known = links();
  for (auto _ : state) benchmark::DoNotOptimize(link_first_mentions(html, known));
}
BENCHMARK(BM_LinkFirstMentions);

void BM_PlainText(benchmark::State& state) {
  const std::string html = markdown_to_html(story());
  for (auto _ : state) benchmark::DoNotOptimize(plain_text(html));
}
BENCHMARK(BM_PlainText);

}  // namespace

BENCHMARK_MAIN();
