// sanitize_html(): the allowlist, URL checks and a broad table of hostile inputs.
#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <random>
#include <regex>
#include <set>
#include <string>

#include "text/text.h"

namespace marquee::text {
namespace {

struct HtmlCase {
  const char* input;
  const char* expected;
};

// Properties every sanitised string must have, whatever went in: each "<" opens a well-formed
// tag of the allowlist with allowlisted, double-quoted attributes, URLs have a safe scheme, and
// sanitising again changes nothing.
void expect_inert(const std::string& html, const std::string& input) {
  static const std::set<std::string> kTags = {
      "p",    "br",   "hr",  "a",      "em",         "strong", "b",     "i",          "u",
      "s",    "del",  "ins", "sub",    "sup",        "small",  "mark",  "blockquote", "q",
      "cite", "code", "pre", "kbd",    "ul",         "ol",     "li",    "h2",         "h3",
      "h4",   "h5",   "h6",  "figure", "figcaption", "img",    "table", "thead",      "tbody",
      "tr",   "th",   "td",  "span",   "abbr",       "time"};
  static const std::set<std::string> kAttributes = {
      "href",    "title",   "cite",    "start", "src",      "alt", "width", "height",
      "loading", "colspan", "rowspan", "align", "datetime", "rel", "class"};
  static const std::regex kTag(R"re(^<(/?)([a-z0-9]+)((?: [a-z]+="[^"<>]*")*)>)re");
  static const std::regex kAttribute(R"re( ([a-z]+)="([^"]*)")re");
  for (std::size_t at = html.find('<'); at != std::string::npos; at = html.find('<', at + 1)) {
    std::smatch tag;
    const std::string rest = html.substr(at, html.find('>', at) - at + 1);
    ASSERT_TRUE(std::regex_match(rest, tag, kTag)) << rest << " in " << html << "\nfrom " << input;
    EXPECT_TRUE(kTags.count(tag[2])) << tag[2] << " in " << html << "\nfrom " << input;
    const std::string attributes = tag[3];
    for (std::sregex_iterator it(attributes.begin(), attributes.end(), kAttribute), end; it != end;
         ++it) {
      const std::string name = (*it)[1], value = (*it)[2];
      EXPECT_TRUE(kAttributes.count(name)) << name << " in " << html << "\nfrom " << input;
      if (name == "href" || name == "src" || name == "cite") {
        std::string lower = value;
        std::transform(lower.begin(), lower.end(), lower.begin(),
                       [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
        for (const char* scheme : {"javascript:", "vbscript:", "data:", "file:"}) {
          EXPECT_NE(lower.rfind(scheme, 0), 0u) << value << "\nfrom " << input;
        }
      }
    }
  }
  // Text never carries a bare ">" either: every one closes a tag checked above.
  EXPECT_EQ(std::count(html.begin(), html.end(), '<'), std::count(html.begin(), html.end(), '>'))
      << html;
  EXPECT_EQ(sanitize_html(html), html) << "not idempotent for " << input;
  EXPECT_TRUE(is_valid_utf8(html));
}

TEST(Sanitize, AllowedMarkupIsKept) {
  const HtmlCase cases[] = {
      {"<p>Hello <em>world</em> and <strong>more</strong></p>",
       "<p>Hello <em>world</em> and <strong>more</strong></p>"},
      {"<p><b>b</b><i>i</i><u>u</u><s>s</s><del>d</del><ins>n</ins><sub>1</sub><sup>2</sup>"
       "<small>m</small><mark>k</mark><q>q</q><cite>c</cite><kbd>K</kbd><span>x</span></p>",
       "<p><b>b</b><i>i</i><u>u</u><s>s</s><del>d</del><ins>n</ins><sub>1</sub><sup>2</sup>"
       "<small>m</small><mark>k</mark><q>q</q><cite>c</cite><kbd>K</kbd><span>x</span></p>"},
      {"<p>a<br>b<br/>c</p><hr>", "<p>a<br>b<br>c</p><hr>"},
      {"<a href=\"/movies/eclipse\" title=\"Eclipse\">Eclipse</a>",
       "<a href=\"/movies/eclipse\" title=\"Eclipse\">Eclipse</a>"},
      {"<a href=\"https://example.com/x?a=1&amp;b=2\">ext</a>",
       "<a href=\"https://example.com/x?a=1&amp;b=2\" rel=\"noopener\">ext</a>"},
      {"<a href=\"//example.com/\">scheme-relative</a>",
       "<a href=\"//example.com/\" rel=\"noopener\">scheme-relative</a>"},
      {"<a href=\"mailto:tips@example.com\">tips</a>",
       "<a href=\"mailto:tips@example.com\">tips</a>"},
      {"<a href=\"#cast\">Cast</a> <a href=\"?page=2\">next</a>",
       "<a href=\"#cast\">Cast</a> <a href=\"?page=2\">next</a>"},
      {"<blockquote cite=\"https://example.com/\"><p>q</p></blockquote>",
       "<blockquote cite=\"https://example.com/\"><p>q</p></blockquote>"},
      {"<ol start=\"3\"><li>three</li></ol><ul><li>dot</li></ul>",
       "<ol start=\"3\"><li>three</li></ol><ul><li>dot</li></ul>"},
      {"<h1>Title</h1><h2>Two</h2><h6>Six</h6>", "<h2>Title</h2><h2>Two</h2><h6>Six</h6>"},
      {"<figure><img src=\"/m/1.jpg\" alt=\"Jett &amp; Currie\" width=\"640\" height=\"360\" "
       "loading=\"lazy\"><figcaption>On set</figcaption></figure>",
       "<figure><img src=\"/m/1.jpg\" alt=\"Jett &amp; Currie\" width=\"640\" height=\"360\" "
       "loading=\"lazy\"><figcaption>On set</figcaption></figure>"},
      {"<table><thead><tr><th align=\"left\">Film</th></tr></thead><tbody><tr>"
       "<td colspan=\"2\" rowspan=\"1\" align=\"right\">2010</td></tr></tbody></table>",
       "<table><thead><tr><th align=\"left\">Film</th></tr></thead><tbody><tr>"
       "<td colspan=\"2\" rowspan=\"1\" align=\"right\">2010</td></tr></tbody></table>"},
      {"<abbr title=\"Motion Picture Association\">MPA</abbr> <time datetime=\"2010-07-21\">"
       "Wednesday</time>",
       "<abbr title=\"Motion Picture Association\">MPA</abbr> <time datetime=\"2010-07-21\">"
       "Wednesday</time>"},
      {"<pre><code>int x = 1 &lt; 2;\n</code></pre>",
       "<pre><code>int x = 1 &lt; 2;\n</code></pre>"},
      {"<pre>\n\nstarts blank</pre>", "<pre>\n\nstarts blank</pre>"},
      {"Tom &amp; Jerry's \"show\" &gt; all", "Tom &amp; Jerry&#39;s &quot;show&quot; &gt; all"},
  };
  for (const auto& c : cases) {
    const std::string out = sanitize_html(c.input);
    EXPECT_EQ(out, c.expected) << c.input;
    expect_inert(out, c.input);
  }
}

TEST(Sanitize, DisallowedMarkupIsUnwrappedOrDropped) {
  const HtmlCase cases[] = {
      {"<div class=\"x\" id=\"y\"><p>kept</p></div>", "<p>kept</p>"},
      {"<font color=red>red</font> <center>mid</center>", "red mid"},
      {"<p class=\"lead\" id=\"top\" data-x=\"1\">attrs go</p>", "<p>attrs go</p>"},
      {"<a name=\"anchor\">no href</a>", "no href"},
      {"<img alt=\"no source\">", ""},
      {"<img src=\"/a.jpg\" width=\"100%\" height=\"-1\" loading=\"soon\">",
       "<img src=\"/a.jpg\">"},
      {"<ol start=\"two\"><li>x</li></ol>", "<ol><li>x</li></ol>"},
      {"<td align=\"justify\">", ""},
      {"<a href=\"/x\" rel=\"opener\" target=\"_blank\">x</a>", "<a href=\"/x\">x</a>"},
      {"<a href=\"/x\" class=\"button\">x</a>", "<a href=\"/x\">x</a>"},
      {"<p>text<!-- a comment --></p>", "<p>text</p>"},
      {"<video src=\"/v.mp4\" poster=\"/p.jpg\">Your browser cannot play this.</video>ok", "ok"},
      {"<custom-element>inner <b>bold</b></custom-element>", "inner <b>bold</b>"},
      {"<title>t</title><textarea>area</textarea><select><option>o</select>body", "body"},
  };
  for (const auto& c : cases) {
    const std::string out = sanitize_html(c.input);
    EXPECT_EQ(out, c.expected) << c.input;
    expect_inert(out, c.input);
  }
}

// Hostile input: the expected output is exact so that a change in policy shows up here.
TEST(Sanitize, Xss) {
  const HtmlCase cases[] = {
      // Script and friends go with their content.
      {"<script>alert(1)</script>hi", "hi"},
      {"<SCRIPT SRC=//evil.example/x.js></SCRIPT>hi", "hi"},
      {"<scr<script>ipt>alert(1)</script>", "ipt&gt;alert(1)"},
      {"<script>alert(1)", ""},
      {"<style>body{background:url(javascript:alert(1))}</style>x", "x"},
      {"<iframe src=\"javascript:alert(1)\"></iframe>x", "x"},
      {"<iframe srcdoc=\"&lt;script&gt;alert(1)&lt;/script&gt;\"></iframe>", ""},
      {"<object data=\"evil.swf\"><param name=a value=b>fallback</object>", ""},
      {"<embed src=\"evil.swf\">", ""},
      {"<template><script>alert(1)</script></template>t", "t"},
      {"<noscript><p title=\"</noscript><img src=x onerror=alert(1)>\"></noscript>", ""},
      {"<base href=\"javascript:/\"><a href=\"x\">x</a>", "<a href=\"x\">x</a>"},
      {"<meta http-equiv=\"refresh\" content=\"0;url=javascript:alert(1)\">", ""},
      {"<link rel=stylesheet href=\"javascript:alert(1)\">", ""},
      // Event handlers and style attributes.
      {"<img src=x onerror=alert(1)>", "<img src=\"x\">"},
      {"<p onclick=\"alert(1)\" onmouseover='x'>p</p>", "<p>p</p>"},
      {"<b style=\"background:url(javascript:alert(1))\">b</b>", "<b>b</b>"},
      {"<a href=\"/ok\" onfocus=alert(1) autofocus>a</a>", "<a href=\"/ok\">a</a>"},
      {"<body onload=alert(1)>text", "text"},
      {"<img src=\"x\"/onerror=alert(1)>", "<img src=\"x\">"},
      {"<img/src=\"x\"onerror=alert(1)>", "<img src=\"x\">"},
      // javascript: in many spellings.
      {"<a href=\"javascript:alert(1)\">x</a>", "x"},
      {"<a href=\"JaVaScRiPt:alert(1)\">x</a>", "x"},
      {"<a href=\" javascript:alert(1)\">x</a>", "x"},
      {"<a href=\"\x01javascript:alert(1)\">x</a>", "x"},
      {"<a href=\"java\tscript:alert(1)\">x</a>", "x"},
      {"<a href=\"java\nscript:alert(1)\">x</a>", "x"},
      {"<a href=\"java&#9;script:alert(1)\">x</a>", "x"},
      {"<a href=\"java&#x0A;script:alert(1)\">x</a>", "x"},
      {"<a href=\"java&NewLine;script:alert(1)\">x</a>", "x"},
      {"<a href=\"&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;alert(1)\">x</a>",
       "x"},
      {"<a href=\"&#x6A;avascript&#x3A;alert(1)\">x</a>", "x"},
      {"<a href=\"&#0000106avascript:alert(1)\">x</a>", "x"},
      {"<a href=\"javascript&colon;alert(1)\">x</a>", "x"},
      {"<a href=javascript:alert(1)>x</a>", "x"},
      {"<a href=\"vbscript:msgbox(1)\">x</a>", "x"},
      {"<a href=\"data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==\">x</a>", "x"},
      {"<img src=\"data:image/svg+xml,<svg onload=alert(1)>\">", ""},
      {"<img src=\"javascript:alert(1)\">", ""},
      {"<img src=\"mailto:x@example.com\">", ""},
      {"<blockquote cite=\"javascript:alert(1)\">q</blockquote>", "<blockquote>q</blockquote>"},
      {"<a href=\"file:///etc/passwd\">x</a>", "x"},
      {"<a href=\"\">empty</a>", "empty"},
      // Foreign content and parser-confusion tricks.
      {"<svg><script>alert(1)</script></svg>after", "after"},
      {"<svg onload=alert(1)>", ""},
      {"<svg><a xlink:href=\"javascript:alert(1)\"><text>t</text></a></svg>", ""},
      {"<math><mi xlink:href=\"javascript:alert(1)\">x</mi></math>", ""},
      {"<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>", ""},
      {"<svg></p><style><a id=\"</style><img src=1 onerror=alert(1)>\">", ""},
      {"<form><math><mtext></form><form><mglyph><style></math><img src onerror=alert(1)>", ""},
      {"<p>unclosed <b>bold <a href=\"/x\">link",
       "<p>unclosed <b>bold <a href=\"/x\">link</a></b></p>"},
      {"<a href=\"/a\">one <a href=\"/b\">two</a></a>",
       "<a href=\"/a\">one </a><a href=\"/b\">two</a>"},
      {"<b><i>mis</b>nested</i>", "<b><i>mis</i></b><i>nested</i>"},
      {"<img src=\"x\" alt=\"\"><script>/*\">*/alert(1)</script>", "<img src=\"x\" alt=\"\">"},
      {"<p title=\"&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;\">x</p>", "<p>x</p>"},
      {"<abbr title=\"&quot;&gt;&lt;script&gt;\">x</abbr>",
       "<abbr title=\"&quot;&gt;&lt;script&gt;\">x</abbr>"},
      {"<<script>script>alert(1)<</script>/script>", "&lt;/script&gt;"},
      {"<!--<script>alert(1)--><p>x</p>", "<p>x</p>"},
      // CDATA is a bogus comment in HTML content; it ends at the first ">".
      {"<![CDATA[<script>alert(1)</script>]]>", "alert(1)]]&gt;"},
      {"<xmp><script>alert(1)</script></xmp>", ""},
      {"<plaintext><script>alert(1)</script>", "&lt;script&gt;alert(1)&lt;/script&gt;"},
      {"<div <script>alert(1)</script>>x</div>", "alert(1)&gt;x"},
      {"<a href=\"/x\"\">broken quotes</a>", "<a href=\"/x\">broken quotes</a>"},
      {"\xC0<script>alert(1)</script>\xFF", "\xEF\xBF\xBD\xEF\xBF\xBD"},
  };
  for (const auto& c : cases) {
    const std::string out = sanitize_html(c.input);
    EXPECT_EQ(out, c.expected) << c.input;
    expect_inert(out, c.input);
  }
}

TEST(Sanitize, NulBytesBecomeReplacementCharacters) {
  const std::string input("<p>a\0b</p><img src=\"x\0\" alt=\"\0\">", 32);
  const std::string out = sanitize_html(input);
  EXPECT_EQ(out.find('\0'), std::string::npos);
  EXPECT_EQ(out, "<p>ab</p><img src=\"x\xEF\xBF\xBD\" alt=\"\xEF\xBF\xBD\">");
  expect_inert(out, "nul");
}

TEST(Sanitize, DeepNestingDegradesToText) {
  std::string html;
  for (int i = 0; i < 50000; ++i) html += "<b>";
  html += "<script>alert(1)</script>deep & done";
  const std::string out = sanitize_html(html);
  EXPECT_EQ(out, "alert(1)deep &amp; done");
  expect_inert(out, "deep");
}

TEST(Sanitize, ModerateNestingIsKept) {
  std::string html, expected;
  for (int i = 0; i < 100; ++i) html += "<blockquote>";
  html += "quote";
  expected = sanitize_html(html);
  EXPECT_NE(expected.find("<blockquote><blockquote>"), std::string::npos);
  EXPECT_NE(expected.find("quote</blockquote>"), std::string::npos);
}

// Random soup of hostile fragments: whatever comes out must be inert and stable.
TEST(Sanitize, RandomFragmentSoupIsInert) {
  const char* const kPieces[] = {
      "<",         ">",          "</",          "/>",          "\"",
      "'",         "=",          " ",           "&",           "&#",
      "&#x6A;",    "&colon;",    "script",      "<script>",    "</script>",
      "<svg>",     "</svg>",     "<math>",      "<style>",     "</style>",
      "<a href=",  "</a>",       "javascript:", "data:",       "<img src",
      " onerror=", "alert(1)",   "<p>",         "</p>",        "<!--",
      "-->",       "<![CDATA[",  "]]>",         "<table>",     "<td>",
      "<select>",  "<noscript>", "<template>",  "<textarea>",  "<title>",
      "<iframe ",  "srcdoc=",    "<b>",         "<i>",         "<h1>",
      "<pre>",     "\n",         "\t",          "text",        "\xE2\x80\x99",
      "\xFF",      "<object>",   " style=",     "<base href=",
  };
  std::mt19937 random(20100721);
  std::uniform_int_distribution<std::size_t> piece(0, std::size(kPieces) - 1);
  std::uniform_int_distribution<int> length(1, 40);
  for (int sample = 0; sample < 3000; ++sample) {
    std::string input;
    for (int n = length(random); n > 0; --n) input += kPieces[piece(random)];
    const std::string out = sanitize_html(input);
    expect_inert(out, input);
    if (::testing::Test::HasFailure()) break;
  }
}

TEST(HtmlEscape, EscapesTheFiveSpecialCharacters) {
  EXPECT_EQ(html_escape("<a href=\"x\">Tom & Jerry's</a>"),
            "&lt;a href=&quot;x&quot;&gt;Tom &amp; Jerry&#39;s&lt;/a&gt;");
  EXPECT_EQ(html_escape(""), "");
  EXPECT_EQ(html_escape("plain \xC3\xA9"), "plain \xC3\xA9");
}

}  // namespace
}  // namespace marquee::text
