// Saved HTML pages of news stories, read with an HTML5 parser into the same value as scraped
// text (see scraped_story.h): headline, dek, dateline, byline, the body as Markdown, captions and
// related links, with the page's navigation, scripts, ads and share widgets left behind.
#pragma once

#include <string_view>

#include "core/site_time.h"
#include "importers/scraped_story.h"

namespace marquee {

// Reads one saved story page. The headline comes from the <h1> (else og:title, else <title>
// without the site's name); the dek from an element of class "dek" or "standfirst", else the
// description metadata; the date from <time datetime>, article:published_time or a dateline's
// text; bylines from rel="author" links, author metadata or "By ..." text. The body is the
// <article> (else the element holding the most paragraph text), as Markdown paragraphs with
// emphasis, http(s) links, block quotes, lists and subheadings kept; figure captions go to
// captions and a "Read on for more ..." block to related links. Pages in windows-1252 or
// ISO-8859-1 that say so are converted; a page without a date comes in as a draft, with a note.
// Refuses, with the source line where there is one: empty or binary input, invalid UTF-8 in a
// page not declared as Latin-1, markup nested over 1000 deep, no headline, a date that is there
// but cannot be read (when no other place on the page gives one), no body.
ScrapedStoryResult parse_html_story(std::string_view html, const SiteTime& site_time,
                                    const GlueRepair& repair);

}  // namespace marquee
