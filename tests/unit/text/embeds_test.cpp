// The embeds allowlist: which URLs become embeds (and which look-alikes do not), the player
// address each gets, the facade in rendered Markdown, and the sanitiser keeping only real ones.
#include "text/embeds.h"

#include <gtest/gtest.h>

#include <string>

#include "text/text.h"

namespace marquee::text {
namespace {

struct Recognised {
  const char* url;
  const char* provider;
  const char* original;
  const char* player;
};

TEST(Embeds, KnownPlayersAreRecognised) {
  const Recognised cases[] = {
      {"https://www.youtube.com/watch?v=dQw4w9WgXcQ", "YouTube",
       "https://www.youtube.com/watch?v=dQw4w9WgXcQ",
       "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ"},
      {"https://youtube.com/watch?feature=share&v=dQw4w9WgXcQ#t=10", "YouTube",
       "https://www.youtube.com/watch?v=dQw4w9WgXcQ",
       "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ"},
      {"http://m.youtube.com/shorts/a1B2c3D4e5F", "YouTube",
       "https://www.youtube.com/watch?v=a1B2c3D4e5F",
       "https://www.youtube-nocookie.com/embed/a1B2c3D4e5F"},
      {"https://youtu.be/dQw4w9WgXcQ?si=abc", "YouTube",
       "https://www.youtube.com/watch?v=dQw4w9WgXcQ",
       "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ"},
      {"https://vimeo.com/76979871", "Vimeo", "https://vimeo.com/76979871",
       "https://player.vimeo.com/video/76979871?dnt=1"},
      {"https://www.tiktok.com/@scout2015/video/6718335390845095173", "TikTok",
       "https://www.tiktok.com/@scout2015/video/6718335390845095173",
       "https://www.tiktok.com/embed/v2/6718335390845095173"},
      {"https://www.instagram.com/p/CxYz123AbC/", "Instagram",
       "https://www.instagram.com/p/CxYz123AbC/", "https://www.instagram.com/p/CxYz123AbC/embed/"},
      {"https://instagram.com/reel/CxYz123AbC", "Instagram",
       "https://www.instagram.com/reel/CxYz123AbC/",
       "https://www.instagram.com/reel/CxYz123AbC/embed/"},
      {"https://twitter.com/joanjett/status/1234567890123456789", "X",
       "https://x.com/joanjett/status/1234567890123456789",
       "https://platform.twitter.com/embed/Tweet.html?id=1234567890123456789&dnt=true"},
      {"https://x.com/joanjett/status/1234567890123456789?s=20", "X",
       "https://x.com/joanjett/status/1234567890123456789",
       "https://platform.twitter.com/embed/Tweet.html?id=1234567890123456789&dnt=true"},
      {"https://open.spotify.com/track/4uLU6hMCjMI75M1A2tKUQC", "Spotify",
       "https://open.spotify.com/track/4uLU6hMCjMI75M1A2tKUQC",
       "https://open.spotify.com/embed/track/4uLU6hMCjMI75M1A2tKUQC"},
      {"https://open.spotify.com/intl-de/album/4uLU6hMCjMI75M1A2tKUQC", "Spotify",
       "https://open.spotify.com/album/4uLU6hMCjMI75M1A2tKUQC",
       "https://open.spotify.com/embed/album/4uLU6hMCjMI75M1A2tKUQC"},
  };
  for (const auto& c : cases) {
    auto embed = recognise_embed(c.url);
    ASSERT_TRUE(embed) << c.url;
    EXPECT_EQ(embed->provider, c.provider) << c.url;
    EXPECT_EQ(embed->original_url, c.original) << c.url;
    EXPECT_EQ(embed->player_url, c.player) << c.url;
    EXPECT_TRUE(is_embed_player_url(embed->player_url)) << c.url;
    // A pasted player address is the same embed.
    auto again = recognise_embed(embed->player_url);
    if (again) {
      EXPECT_EQ(again->player_url, embed->player_url) << c.url;
    }
  }
}

TEST(Embeds, LookAlikesAndOtherAddressesAreNot) {
  const char* refused[] = {
      "https://youtube.com.evil.example/watch?v=dQw4w9WgXcQ",
      "https://evilyoutube.com/watch?v=dQw4w9WgXcQ",
      "https://youtube.co/watch?v=dQw4w9WgXcQ",
      "https://www.youtube.com@evil.example/watch?v=dQw4w9WgXcQ",
      "https://www.youtube.com:8443/watch?v=dQw4w9WgXcQ",
      "https://www.youtube.com/watch?v=short",
      "https://www.youtube.com/watch?v=dQw4w9WgXcQ%22onload",
      "https://www.youtube.com/watch?vv=dQw4w9WgXcQ",
      "https://www.youtube.com/channel/UC123",
      "javascript://www.youtube.com/watch?v=dQw4w9WgXcQ",
      "ftp://vimeo.com/76979871",
      "https://vimeo.com/channels/staffpicks",
      "https://vimeo.com.example/76979871",
      "https://www.tiktok.com/video/6718335390845095173",
      "https://www.tiktok.com/@scout2015/photo/6718335390845095173",
      "https://instagram.com/joanjett/",
      "https://instagram.com.evil.example/p/CxYz123AbC/",
      "https://twitter.com/joanjett",
      "https://x.com/joanjett/status/12345abc",
      "https://x.co/joanjett/status/1234567890",
      "https://notx.com/joanjett/status/1234567890",
      "https://twitter.com/a_name_far_too_long_for_x/status/1234567890",
      "https://open.spotify.com/user/4uLU6hMCjMI75M1A2tKUQC",
      "https://open.spotify.com/track/short",
      "https://spotify.com/track/4uLU6hMCjMI75M1A2tKUQC",
      "www.youtube.com/watch?v=dQw4w9WgXcQ",
      "",
  };
  for (const char* url : refused) EXPECT_FALSE(recognise_embed(url)) << url;
}

TEST(Embeds, OnlyExactPlayerAddressesPass) {
  EXPECT_TRUE(is_embed_player_url("https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ"));
  EXPECT_FALSE(is_embed_player_url("https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ/x"));
  EXPECT_FALSE(is_embed_player_url("https://www.youtube.com/embed/dQw4w9WgXcQ"));
  EXPECT_FALSE(is_embed_player_url("https://player.vimeo.com/video/1?dnt=1&autoplay=1"));
  EXPECT_FALSE(is_embed_player_url("https://evil.example/embed"));
  EXPECT_FALSE(is_embed_player_url("javascript:alert(1)"));
  EXPECT_FALSE(is_embed_player_url("https://platform.twitter.com/embed/Tweet.html?id=1"));
}

TEST(Embeds, AUrlAloneOnItsLineBecomesAFacade) {
  const std::string html = markdown_to_html(
      "Watch the trailer:\n\nhttps://www.youtube.com/watch?v=dQw4w9WgXcQ\n\nAnd after.");
  EXPECT_NE(html.find("<figure class=\"embed\" data-embed-src=\""
                      "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ\" "
                      "data-embed-provider=\"YouTube\"><figcaption><strong>YouTube video</strong> "
                      "<a href=\"https://www.youtube.com/watch?v=dQw4w9WgXcQ\" rel=\"noopener\">"
                      "Open on YouTube</a></figcaption></figure>"),
            std::string::npos)
      << html;
  EXPECT_NE(html.find("<p>Watch the trailer:</p>"), std::string::npos);
  EXPECT_NE(html.find("<p>And after.</p>"), std::string::npos);
  EXPECT_EQ(html.find("<iframe"), std::string::npos);
  // No request to the provider can come from it: no iframe, image or script.
  EXPECT_EQ(html.find("<img"), std::string::npos);
  EXPECT_EQ(sanitize_html(html), html);  // a fixed point
  // The X player address has an &; it comes back escaped and still passes.
  const std::string x = markdown_to_html("<https://x.com/joanjett/status/1234567890>");
  EXPECT_NE(x.find("data-embed-src=\"https://platform.twitter.com/embed/Tweet.html?id=1234567890"
                   "&amp;dnt=true\""),
            std::string::npos)
      << x;
  EXPECT_EQ(sanitize_html(x), x);
}

TEST(Embeds, AUrlInsideTextOrALabelledLinkStaysALink) {
  const char* kept[] = {
      "See https://www.youtube.com/watch?v=dQw4w9WgXcQ for the clip.",
      "[the clip](https://www.youtube.com/watch?v=dQw4w9WgXcQ)",
      "https://example.com/watch?v=dQw4w9WgXcQ",
      "- https://www.youtube.com/watch?v=dQw4w9WgXcQ",
      "    https://www.youtube.com/watch?v=dQw4w9WgXcQ",
  };
  for (const char* markdown : kept) {
    EXPECT_EQ(markdown_to_html(markdown).find("<figure"), std::string::npos) << markdown;
  }
}

TEST(Embeds, TheSanitiserKeepsOnlyAllowlistedPlayers) {
  EXPECT_EQ(sanitize_html("<figure class=\"embed\" data-embed-src=\"https://evil.example/x\" "
                          "data-embed-provider=\"Evil\" onclick=\"x()\"><figcaption>x"
                          "</figcaption></figure>"),
            "<figure class=\"embed\"><figcaption>x</figcaption></figure>");
  EXPECT_EQ(sanitize_html("<figure class=\"big\" data-embed-src=\"https://player.vimeo.com/video/"
                          "1?dnt=1\"></figure>"),
            "<figure data-embed-src=\"https://player.vimeo.com/video/1?dnt=1\"></figure>");
  EXPECT_EQ(sanitize_html("<iframe src=\"https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ\">"
                          "</iframe>"),
            "");
}

TEST(Embeds, FrameSourcesAreThePlayersOrigins) {
  const std::string sources(embed_frame_sources());
  for (const char* origin :
       {"https://www.youtube-nocookie.com", "https://player.vimeo.com", "https://www.tiktok.com",
        "https://www.instagram.com", "https://platform.twitter.com", "https://open.spotify.com"}) {
    EXPECT_NE(sources.find(origin), std::string::npos) << origin;
  }
  EXPECT_EQ(sources.find("'self'"), std::string::npos);
}

}  // namespace
}  // namespace marquee::text

namespace marquee::text {
namespace {

TEST(GalleryEmbeds, ALineNamingAGalleryBecomesItsPlaceholder) {
  const std::string html = markdown_to_html(
      "Before.\n\ngallery: runaways-red-carpet\n\nAfter.\n\n  gallery:eclipse  \n");
  EXPECT_EQ(gallery_embeds(html), (std::vector<std::string>{"runaways-red-carpet", "eclipse"}));
  EXPECT_NE(html.find("<figure class=\"gallery-embed\" data-gallery=\"runaways-red-carpet\">"
                      "</figure>"),
            std::string::npos)
      << html;
  // The placeholder is a fixed point of the sanitiser, as the stored body is sanitised again.
  EXPECT_EQ(sanitize_html(html), html);
  // Filled where the site shows the story; an unknown gallery shows nothing.
  const std::string filled = fill_gallery_embeds(html, [](const std::string& slug) {
    return slug == "eclipse" ? std::string("<nav>strip</nav>") : std::string();
  });
  EXPECT_EQ(filled, "<p>Before.</p>\n<p>After.</p>\n<nav>strip</nav>");
}

TEST(GalleryEmbeds, OnlyALoneLineWithASlugIsOne) {
  for (const char* markdown :
       {"See gallery: runaways-red-carpet", "gallery: Not A Slug", "gallery:", "*gallery: x*",
        "gallery: x\nmore text on the next line", "[gallery: x](https://example.com)"}) {
    EXPECT_TRUE(gallery_embeds(markdown_to_html(markdown)).empty()) << markdown;
  }
  // Written by hand, an attribute that is not a slug is dropped by the sanitiser.
  EXPECT_TRUE(gallery_embeds(sanitize_html("<figure class=\"gallery-embed\" "
                                           "data-gallery=\"../x\"></figure>"))
                  .empty());
}

}  // namespace
}  // namespace marquee::text
